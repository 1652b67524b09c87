package io.timebank.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.timebank.ledger.AccountId;
import io.timebank.ledger.ActivityId;
import io.timebank.ledger.Amount;
import io.timebank.ledger.Asset;
import io.timebank.ledger.CommandId;
import io.timebank.ledger.CommandKey;
import io.timebank.ledger.ExchangeRate;
import io.timebank.ledger.LedgerCommand;
import io.timebank.ledger.LedgerEvent;
import io.timebank.ledger.Measure;
import io.timebank.ledger.Measures;
import io.timebank.ledger.PlatformId;
import io.timebank.ledger.RejectionReason;
import io.timebank.ledger.Score;
import io.timebank.schemas.avro.LedgerCommandRecord;
import io.timebank.schemas.avro.TransferCommand;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class LedgerCodecTest {

    static final Instant AT = Instant.parse("2026-02-03T04:05:06.789Z");
    static final AccountId ALICE = AccountId.of("alice");
    static final AccountId BOB = AccountId.of("bob");
    static final CommandId COMMAND = CommandId.of("cmd-1");

    static final List<LedgerEvent> EVENTS = List.of(
            new LedgerEvent.AccountOpened(ALICE, PlatformId.of("forum"), Amount.parse("10"), AT),
            new LedgerEvent.Deposited(ALICE, PlatformId.of("forum"), ActivityId.of("e-1"), AT, Measures.of(4, 2, 4),
                new Score(Measure.parse("1.386294"), Measure.of(2), Measure.parse("0.5"), Amount.parse("1.386294"))),
            new LedgerEvent.DepositRejected(ALICE, PlatformId.of("other"), ActivityId.of("e-2"),
                RejectionReason.PLATFORM_MISMATCH, "belongs to forum", AT),
            new LedgerEvent.TransferDebited(COMMAND, ALICE, BOB, Asset.ATTENTION, Amount.parse("5.5"),
                Amount.parse("0.01"), "thanks", AT),
            new LedgerEvent.TransferCredited(COMMAND, BOB, ALICE, Asset.ATTENTION, Amount.parse("5.5"), AT),
            new LedgerEvent.TransferRefunded(COMMAND, ALICE, BOB, Asset.STABLE, Amount.parse("5.5"),
                RejectionReason.UNKNOWN_ACCOUNT, AT),
            new LedgerEvent.FeeSettled("fees:3:1", AccountId.of("bank-fees"), Asset.ATTENTION, Amount.parse("0.000001"), AT),
            new LedgerEvent.Exchanged(COMMAND, ALICE, Amount.parse("100"), Amount.parse("2.5"),
                ExchangeRate.parse("0.025"), AT),
            new LedgerEvent.CommandRejected(COMMAND, ALICE, "Transfer", RejectionReason.INSUFFICIENT_FUNDS, "needs 6", AT, 42L));

    @Test
    void everyLedgerEventRoundTripsExactly() {
        LedgerEventCodec codec = new LedgerEventCodec();

        for (LedgerEvent event : EVENTS) {
            assertThat(codec.decode(codec.encode(event))).isEqualTo(event);
        }
    }

    @Test
    void aCommandsEventsAreToldFromTheOthersWithoutDecodingThem() {
        LedgerEventCodec codec = new LedgerEventCodec();

        for (LedgerEvent event : EVENTS) {
            assertThat(LedgerEventCodec.mayConcernCommand(codec.encode(event))).as(event.getClass().getSimpleName())
                .isEqualTo(CommandKey.of(event).isPresent());
            assertThat(codec.commandEventDeserializer().deserialize("ledger", codec.encode(event)))
                .isEqualTo(CommandKey.of(event).isPresent() ? event : null);
        }
        byte[] deposit = codec.encode(EVENTS.get(1));
        byte[] otherSchema = deposit.clone();
        otherSchema[2] ^= 1; // another fingerprint: only the full decode can tell what it holds
        assertThat(LedgerEventCodec.mayConcernCommand(otherSchema)).isTrue();
        assertThat(LedgerEventCodec.mayConcernCommand("{}".getBytes(java.nio.charset.StandardCharsets.UTF_8))).isTrue();
        assertThat(LedgerEventCodec.mayConcernCommand(java.util.Arrays.copyOf(deposit, 11))).isTrue();
    }

    @Test
    void everyClientCommandRoundTripsExactly() {
        List<LedgerCommand> commands = List.of(
            new LedgerCommand.OpenAccount(COMMAND, ALICE, PlatformId.of("forum"), Amount.parse("25"), AT),
            new LedgerCommand.Transfer(COMMAND, ALICE, BOB, Asset.STABLE, Amount.parse("0.000001"), "memo", AT),
            new LedgerCommand.Exchange(COMMAND, ALICE, Amount.parse("999999.999999"), AT));
        LedgerCommandCodec codec = new LedgerCommandCodec();

        for (LedgerCommand command : commands) {
            assertThat(codec.decode(codec.encode(command))).isEqualTo(command);
        }
    }

    @Test
    void aCommandWithAnInvalidAccountIdNamesTheField() {
        LedgerCommandRecord record = new LedgerCommandRecord("cmd-2", AT,
            new TransferCommand("alice", "bob; DROP TABLE", io.timebank.schemas.avro.Asset.ATTENTION, 1L, ""));
        byte[] bytes = new AvroSerde<>(LedgerCommandRecord.class).encode(record);

        assertThatThrownBy(() -> new LedgerCommandCodec().decode(bytes))
            .isInstanceOf(UndecodableRecordException.class)
            .hasMessageContaining("to: may only contain");
    }
}
