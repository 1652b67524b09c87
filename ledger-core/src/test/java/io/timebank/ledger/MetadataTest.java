package io.timebank.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Typed metadata on transfers: checked field by field in the core, kept canonical, carried to both sides. */
class MetadataTest {

    static final Instant T0 = LedgerTest.T0;

    @Test
    void eachTypeKeepsOneCanonicalSpelling() {
        Metadata metadata = valid(Map.of("category", field("text", "groceries"), "invoice", field("INTEGER", "+0042"),
            "total", field("decimal", "12.500"), "due", field("date", "2026-12-01"), "paid", field("boolean", "true")));

        assertThat(metadata.get("invoice").orElseThrow()).isEqualTo(new Metadata.Field(Metadata.Type.INTEGER, "42"));
        assertThat(metadata.get("total").orElseThrow().value()).isEqualTo("12.5");
        assertThat(metadata.get("due").orElseThrow().value()).isEqualTo("2026-12-01");
        assertThat(metadata.matches("total", "12.50000")).isTrue();
        assertThat(metadata.matches("total", "12.51")).isFalse();
        assertThat(metadata.matches("invoice", "not a number")).isFalse();
        assertThat(metadata.matches("missing", "x")).isFalse();
    }

    @Test
    void aBadFieldIsNamedAndNothingIsAccepted() {
        Map<String, Metadata.FieldRequest> raw = new LinkedHashMap<>();
        raw.put("category", field("colour", "red"));
        raw.put("invoice", field("integer", "12.5"));
        raw.put("due", field("date", "tomorrow"));
        raw.put("Bad Key", field("text", "x"));
        raw.put("note", field("text", "a\u0000b"));

        assertThat(errors(raw)).containsExactlyInAnyOrder("metadata.category.type", "metadata.invoice.value",
            "metadata.due.value", "metadata", "metadata.note.value");
    }

    @Test
    void atMostEightFields() {
        Map<String, Metadata.FieldRequest> raw = new LinkedHashMap<>();
        for (int i = 0; i <= Metadata.FIELDS_MAX; i++) {
            raw.put("f" + i, field("text", "x"));
        }

        assertThat(errors(raw)).containsExactly("metadata");
    }

    @Test
    void aTransfersMetadataReachesItsCreditAndItsRefundAndCountsInItsContent() {
        Ledger ledger = new Ledger(LedgerTest.DECAY, LedgerTest.ONE_PERCENT_MIN_CENT, Ledger.BANK, InputLimits.DEFAULT);
        Account alice = AvailableBalanceTest.funded(ledger, "100", Amount.ZERO);
        Metadata metadata = valid(Map.of("category", field("text", "rent")));
        LedgerCommand.Transfer transfer = new LedgerCommand.Transfer(CommandId.of("t-1"), LedgerTest.ALICE,
            LedgerTest.BOB, Asset.ATTENTION, Amount.parse("10"), "", T0, false, metadata);

        LedgerEvent.TransferDebited debited = (LedgerEvent.TransferDebited) ledger.decide(transfer, alice,
            ExchangeRate.parse("1")).getFirst();
        LedgerEvent.TransferRefunded refunded = (LedgerEvent.TransferRefunded) ledger.receive(debited, null).getFirst();
        Account bob = ledger.apply(null, new LedgerEvent.AccountOpened(LedgerTest.BOB, LedgerTest.FORUM, Amount.ZERO, T0));
        LedgerEvent.TransferCredited credited = (LedgerEvent.TransferCredited) ledger.receive(debited, bob).getFirst();

        assertThat(debited.metadata()).isEqualTo(metadata);
        assertThat(credited.metadata()).isEqualTo(metadata);
        assertThat(refunded.metadata()).isEqualTo(metadata);
        assertThat(CommandKey.contentOf(debited)).isEqualTo(CommandKey.contentOf(transfer));
        assertThat(CommandKey.contentOf(transfer)).isNotEqualTo(CommandKey.contentOf(new LedgerCommand.Transfer(
            CommandId.of("t-1"), LedgerTest.ALICE, LedgerTest.BOB, Asset.ATTENTION, Amount.parse("10"), "", T0)));
    }

    @Test
    void metadataWithLegsIsRefused() {
        TransferRequest request = new TransferRequest("t-2", "alice", null, null, null, null,
            List.of(new TransferRequest.LegRequest("bob", "1", null)), Map.of("category", field("text", "rent")));

        assertThat(((Validated.Invalid<LedgerCommand>) request.validate(T0, InputLimits.DEFAULT)).errors())
            .extracting(FieldError::field).containsExactly("metadata");
    }

    private static Metadata valid(Map<String, Metadata.FieldRequest> raw) {
        return ((LedgerCommand.Transfer) new TransferRequest("t-1", "alice", "bob", null, "1", null, null, raw)
            .validate(T0, InputLimits.DEFAULT).orElseThrow()).metadata();
    }

    private static List<String> errors(Map<String, Metadata.FieldRequest> raw) {
        return ((Validated.Invalid<LedgerCommand>) new TransferRequest("t-1", "alice", "bob", null, "1", null, null, raw)
            .validate(T0, InputLimits.DEFAULT)).errors().stream().map(FieldError::field).toList();
    }

    private static Metadata.FieldRequest field(String type, String value) {
        return new Metadata.FieldRequest(type, value);
    }
}
