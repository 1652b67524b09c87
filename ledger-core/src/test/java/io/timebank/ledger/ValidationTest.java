package io.timebank.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** Every validation rule, each with the field it names. */
class ValidationTest {

    static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
    static final ActivityInput GOOD_ACTIVITY = new ActivityInput("e-1", "forum", "alice", NOW.minusSeconds(60),
        4.0, 2.0, 4.0, "post", Map.of("thread", "7"));
    static final TransferRequest GOOD_TRANSFER = new TransferRequest("t-1", "alice", "bob", "ATTENTION", "12.5", "thanks");

    static Arguments activity(String rule, String field, UnaryOperator<ActivityInput> breakIt) {
        return Arguments.of(rule, field, breakIt);
    }

    static Stream<Arguments> badActivities() {
        String tooLong = "x".repeat(129);
        Map<String, String> manyEntries = new HashMap<>();
        for (int i = 0; i < 33; i++) {
            manyEntries.put("k" + i, "v");
        }
        return Stream.of(
            activity("missing event id", "eventId", a -> with(a, null, a.platform(), a.account())),
            activity("over-long event id", "eventId", a -> with(a, tooLong, a.platform(), a.account())),
            activity("injection-looking event id", "eventId", a -> with(a, "e'; DROP TABLE x;--", a.platform(), a.account())),
            activity("missing platform", "platform", a -> with(a, a.eventId(), null, a.account())),
            activity("platform with a slash", "platform", a -> with(a, a.eventId(), "a/b", a.account())),
            activity("missing account", "account", a -> with(a, a.eventId(), a.platform(), "")),
            activity("account with spaces", "account", a -> with(a, a.eventId(), a.platform(), "al ice")),
            activity("missing time", "occurredAt", a -> at(a, null)),
            activity("future time beyond skew", "occurredAt", a -> at(a, NOW.plus(Duration.ofMinutes(6)))),
            activity("ancient time", "occurredAt", a -> at(a, NOW.minus(Duration.ofDays(8)))),
            activity("missing interaction", "measures.interaction", a -> measures(a, null, 1.0, 1.0)),
            activity("NaN originality", "measures.originality", a -> measures(a, 1.0, Double.NaN, 1.0)),
            activity("infinite engagement", "measures.engagement", a -> measures(a, 1.0, 1.0, Double.POSITIVE_INFINITY)),
            activity("negative interaction", "measures.interaction", a -> measures(a, -1.0, 1.0, 1.0)),
            activity("absurd engagement", "measures.engagement", a -> measures(a, 1.0, 1.0, 1e12)),
            activity("over-long kind", "kind", a -> new ActivityInput(a.eventId(), a.platform(), a.account(),
                a.occurredAt(), a.interaction(), a.originality(), a.engagement(), "k".repeat(65), a.metadata())),
            activity("too many metadata entries", "metadata", a -> new ActivityInput(a.eventId(), a.platform(),
                a.account(), a.occurredAt(), a.interaction(), a.originality(), a.engagement(), a.kind(), manyEntries)),
            activity("over-long metadata value", "metadata.note", a -> new ActivityInput(a.eventId(), a.platform(),
                a.account(), a.occurredAt(), a.interaction(), a.originality(), a.engagement(), a.kind(),
                Map.of("note", "n".repeat(257)))));
    }

    @ParameterizedTest(name = "{0} is rejected naming {1}")
    @MethodSource("badActivities")
    void aBadActivityIsRejectedNamingTheField(String rule, String field, UnaryOperator<ActivityInput> breakIt) {
        Validated<Activity> result = Activity.validate(breakIt.apply(GOOD_ACTIVITY), NOW, InputLimits.DEFAULT);

        assertThat(result).isInstanceOf(Validated.Invalid.class);
        assertThat(((Validated.Invalid<Activity>) result).errors()).extracting(FieldError::field).containsExactly(field);
    }

    @Test
    void aGoodActivityIsValidAndItsMeasuresFixedToSixPlaces() {
        ActivityInput input = measures(GOOD_ACTIVITY, 1.23456789, 2.0, 0.5);

        Activity activity = Activity.validate(input, NOW, InputLimits.DEFAULT).orElseThrow();

        assertThat(activity.measures().interaction()).hasToString("1.234568");
        assertThat(activity.metadata()).containsEntry("thread", "7");
    }

    @Test
    void everyBadFieldIsReportedAtOnce() {
        ActivityInput input = new ActivityInput(null, null, null, null, null, null, null, null, null);

        Validated<Activity> result = Activity.validate(input, NOW, InputLimits.DEFAULT);

        assertThat(((Validated.Invalid<Activity>) result).errors()).extracting(FieldError::field).containsExactly(
            "eventId", "platform", "account", "occurredAt", "measures.interaction", "measures.originality",
            "measures.engagement");
    }

    static Stream<Arguments> badTransfers() {
        return Stream.of(
            Arguments.of("missing command id", "commandId", new TransferRequest(null, "alice", "bob", null, "1", null)),
            Arguments.of("over-long command id", "commandId", new TransferRequest("c".repeat(129), "alice", "bob", null, "1", null)),
            Arguments.of("a standing order's occurrence id", "commandId", new TransferRequest("rent::3", "alice", "bob", null,
                "1", null)),
            Arguments.of("missing sender", "from", new TransferRequest("t", null, "bob", null, "1", null)),
            Arguments.of("bad receiver", "to", new TransferRequest("t", "alice", "bob<script>", null, "1", null)),
            Arguments.of("same account", "to", new TransferRequest("t", "alice", "alice", null, "1", null)),
            Arguments.of("unknown asset", "asset", new TransferRequest("t", "alice", "bob", "GOLD", "1", null)),
            Arguments.of("missing amount", "amount", new TransferRequest("t", "alice", "bob", null, null, null)),
            Arguments.of("zero amount", "amount", new TransferRequest("t", "alice", "bob", null, "0", null)),
            Arguments.of("negative amount", "amount", new TransferRequest("t", "alice", "bob", null, "-5", null)),
            Arguments.of("too many places", "amount", new TransferRequest("t", "alice", "bob", null, "1.0000001", null)),
            Arguments.of("NaN amount", "amount", new TransferRequest("t", "alice", "bob", null, "NaN", null)),
            Arguments.of("exponent amount", "amount", new TransferRequest("t", "alice", "bob", null, "1e3", null)),
            Arguments.of("huge amount", "amount", new TransferRequest("t", "alice", "bob", null, "99999999999999999999", null)),
            Arguments.of("above the maximum", "amount", new TransferRequest("t", "alice", "bob", null, "1000000000001", null)),
            Arguments.of("over-long memo", "memo", new TransferRequest("t", "alice", "bob", null, "1", "m".repeat(257))),
            Arguments.of("memo with control characters", "memo", new TransferRequest("t", "alice", "bob", null, "1", "a\u0000b")),
            Arguments.of("no legs", "legs", legs()),
            Arguments.of("101 legs", "legs", legs(java.util.stream.IntStream.range(0, 101)
                .mapToObj(i -> new TransferRequest.LegRequest("r-" + i, "1", null)).toArray(TransferRequest.LegRequest[]::new))),
            Arguments.of("a leg's bad receiver", "legs[1].to", legs(new TransferRequest.LegRequest("bob", "1", null),
                new TransferRequest.LegRequest("x y", "1", null))),
            Arguments.of("a leg to the payer", "legs[0].to", legs(new TransferRequest.LegRequest("alice", "1", null))),
            Arguments.of("two legs to one receiver", "legs[1].to", legs(new TransferRequest.LegRequest("bob", "1", null),
                new TransferRequest.LegRequest("bob", "2", null))),
            Arguments.of("a leg's zero amount", "legs[0].amount", legs(new TransferRequest.LegRequest("bob", "0", null))),
            Arguments.of("a leg's over-long memo", "legs[0].memo", legs(new TransferRequest.LegRequest("bob", "1",
                "m".repeat(257)))),
            Arguments.of("legs above the maximum together", "legs", legs(
                new TransferRequest.LegRequest("bob", "600000000000", null),
                new TransferRequest.LegRequest("carol", "600000000000", null))),
            Arguments.of("legs beside a receiver", "to", new TransferRequest("t", "alice", "bob", null, null, null,
                List.of(new TransferRequest.LegRequest("carol", "1", null)))));
    }

    private static TransferRequest legs(TransferRequest.LegRequest... legs) {
        return new TransferRequest("t", "alice", null, null, null, null, List.of(legs));
    }

    @Test
    void goodLegsMakeAMultiLegTransferInTheirOrder() {
        LedgerCommand.MultiLegTransfer transfer = (LedgerCommand.MultiLegTransfer) legs(
            new TransferRequest.LegRequest("bob", "2.5", "rent"), new TransferRequest.LegRequest("carol", "1", null))
            .validate(NOW, InputLimits.DEFAULT).orElseThrow();

        assertThat(transfer.legs()).containsExactly(new Leg(AccountId.of("bob"), Amount.parse("2.5"), "rent"),
            new Leg(AccountId.of("carol"), Amount.parse("1"), ""));
        assertThat(transfer.from()).isEqualTo(AccountId.of("alice"));
    }

    @ParameterizedTest(name = "{0} is rejected naming {1}")
    @MethodSource("badTransfers")
    void aBadTransferIsRejectedNamingTheField(String rule, String field, TransferRequest request) {
        Validated<LedgerCommand> result = request.validate(NOW, InputLimits.DEFAULT);

        assertThat(result).isInstanceOf(Validated.Invalid.class);
        assertThat(((Validated.Invalid<LedgerCommand>) result).errors()).extracting(FieldError::field)
            .containsExactly(field);
    }

    @Test
    void aGoodTransferIsValid() {
        LedgerCommand.Transfer transfer = (LedgerCommand.Transfer) GOOD_TRANSFER.validate(NOW, InputLimits.DEFAULT).orElseThrow();

        assertThat(transfer.amount()).isEqualTo(Amount.parse("12.5"));
        assertThat(transfer.asset()).isEqualTo(Asset.ATTENTION);
        assertThat(transfer.acceptedAt()).isEqualTo(NOW);
    }

    @Test
    void aBadExchangeNamesItsFields() {
        Validated<LedgerCommand.Exchange> result = new ExchangeRequest("", "bob smith", "1.5.5").validate(NOW,
            InputLimits.DEFAULT);

        assertThat(((Validated.Invalid<LedgerCommand.Exchange>) result).errors()).extracting(FieldError::field)
            .containsExactly("commandId", "account", "amount");
    }

    @Test
    void aBadOpenAccountNamesItsFields() {
        Validated<LedgerCommand.OpenAccount> result = new OpenAccountRequest("o-1", "alice", null, "-1")
            .validate(NOW, InputLimits.DEFAULT);

        assertThat(((Validated.Invalid<LedgerCommand.OpenAccount>) result).errors()).extracting(FieldError::field)
            .containsExactly("platform", "creditLimit");
    }

    static ActivityInput with(ActivityInput a, String eventId, String platform, String account) {
        return new ActivityInput(eventId, platform, account, a.occurredAt(), a.interaction(), a.originality(),
            a.engagement(), a.kind(), a.metadata());
    }

    static ActivityInput at(ActivityInput a, Instant occurredAt) {
        return new ActivityInput(a.eventId(), a.platform(), a.account(), occurredAt, a.interaction(), a.originality(),
            a.engagement(), a.kind(), a.metadata());
    }

    static ActivityInput measures(ActivityInput a, Double interaction, Double originality, Double engagement) {
        return new ActivityInput(a.eventId(), a.platform(), a.account(), a.occurredAt(), interaction, originality,
            engagement, a.kind(), a.metadata());
    }
}
