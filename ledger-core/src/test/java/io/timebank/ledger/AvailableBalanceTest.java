package io.timebank.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import io.timebank.ledger.LedgerEvent.CommandRejected;
import io.timebank.ledger.LedgerEvent.TransferDebited;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/** The available amount: the fee rule inverted, so that amount + fee never exceeds what can be spent. */
class AvailableBalanceTest {

    static final Instant T0 = LedgerTest.T0;
    static final AccountId ALICE = LedgerTest.ALICE;
    static final AccountId BOB = LedgerTest.BOB;
    static final ExchangeRate RATE = ExchangeRate.parse("1");

    final Ledger ledger = new Ledger(LedgerTest.DECAY, LedgerTest.ONE_PERCENT_MIN_CENT, Ledger.BANK, InputLimits.DEFAULT);

    @Test
    void oneHundredWithAOnePercentFeeLeaves99_009901ToSend() {
        Account alice = funded(ledger, "100", Amount.ZERO);

        assertThat(ledger.available(alice, Asset.ATTENTION, T0)).isEqualTo(Amount.parse("99.009901"));
        // 99.009901 + fee 0.990099 (1 %, half-even) = 100 exactly; 99.009902 + 0.990099 is one micro-unit too many.
        assertThat(ledger.decide(transfer("t-1", "99.009901"), alice, RATE).getFirst()).isInstanceOf(TransferDebited.class);
        assertThat(((CommandRejected) ledger.decide(transfer("t-2", "99.009902"), alice, RATE).getFirst()).reason())
            .isEqualTo(RejectionReason.INSUFFICIENT_FUNDS);
    }

    @Test
    void sendingEverythingAvailableSendsTheAvailableAmountAndLeavesNothing() {
        Account alice = funded(ledger, "100", Amount.ZERO);

        TransferDebited debited = (TransferDebited) ledger.decide(everything("t-3"), alice, RATE).getFirst();

        assertThat(debited.amount()).isEqualTo(Amount.parse("99.009901"));
        assertThat(debited.available()).isTrue();
        assertThat(ledger.apply(alice, debited).balance(Asset.ATTENTION, T0, LedgerTest.DECAY)).isEqualTo(Amount.ZERO);
    }

    @Test
    void theAvailableAmountDecaysWithTheBalanceAndCountsTheCreditLimit() {
        Account alice = funded(ledger, "100", Amount.parse("10"));
        Instant later = T0.plus(Duration.ofHours(100)); // 100 → 36.787944, + 10 of credit

        Amount available = ledger.available(alice, Asset.ATTENTION, later);

        // a + max(1 % of a, 0.01) ≤ 46.787944: a = 46.324697 (fee 0.463247).
        assertThat(available).isEqualTo(Amount.parse("46.324697"));
    }

    @Test
    void whenNotEvenTheSmallestAmountFitsWithItsFeeNothingIsAvailableAndSendingEverythingIsRefused() {
        Account alice = funded(ledger, "0.01", Amount.ZERO); // the minimum fee alone

        assertThat(ledger.available(alice, Asset.ATTENTION, T0)).isEqualTo(Amount.ZERO);
        CommandRejected refused = (CommandRejected) ledger.decide(everything("t-4"), alice, RATE).getFirst();
        assertThat(refused.reason()).isEqualTo(RejectionReason.INSUFFICIENT_FUNDS);
        assertThat(refused.detail()).contains("nothing available");
    }

    @Property(tries = 500)
    void theLargestAmountWithItsFeeFitsAndOneMicroUnitMoreDoesNot(
        @ForAll @LongRange(min = 0, max = 200_000) long rateMicros, @ForAll @LongRange(min = 0, max = 2_000_000) long minimum,
        @ForAll @LongRange(min = -1_000_000, max = 2_000_000_000_000L) long spendableNanos,
        @ForAll @IntRange(min = 0, max = 400_000) int factorAboveLowest, @ForAll boolean withFactor) {
        FeeSchedule fees = new FeeSchedule(BigDecimal.valueOf(rateMicros, 6), new Amount(minimum));
        BigDecimal spendable = BigDecimal.valueOf(spendableNanos, 9); // finer than a micro-unit, like a decayed balance
        Amount most = InputLimits.DEFAULT.amountMax();
        Measure factor = withFactor ? new Measure(800_000 + factorAboveLowest) : null;

        Amount largest = fees.largestAmount(spendable, most, factor);

        assertThat(largest.isNegative()).isFalse();
        assertThat(largest.compareTo(most)).isLessThanOrEqualTo(0);
        if (largest.isPositive()) {
            assertThat(debit(fees, largest, factor)).isLessThanOrEqualTo(spendable);
        }
        if (largest.compareTo(most) < 0) {
            assertThat(debit(fees, largest.plus(new Amount(1)), factor)).isGreaterThan(spendable);
        }
    }

    @Property(tries = 300)
    void sendingExactlyTheAvailableAmountCompletesAndOneMicroUnitMoreIsRefused(
        @ForAll @LongRange(min = 1, max = 1_000_000_000) long depositMicros,
        @ForAll @LongRange(min = 0, max = 50_000_000) long creditMicros,
        @ForAll @IntRange(min = 0, max = 500) int hoursLater, @ForAll @IntRange(min = 0, max = 1_000_000) int quality) {
        QualityRule rule = new QualityRule(5, 1, Measure.parse("0.8"), Measure.parse("1.2"));
        Ledger withIncentive = new Ledger(LedgerTest.DECAY, LedgerTest.ONE_PERCENT_MIN_CENT, Ledger.BANK,
            InputLimits.DEFAULT, Set.of(), DailyCaps.NONE, rule);
        Account alice = funded(withIncentive, new Amount(depositMicros).toString(), new Amount(creditMicros))
            .withQuality(new Measure(quality));
        Instant at = T0.plus(Duration.ofHours(hoursLater));

        Amount available = withIncentive.available(alice, Asset.ATTENTION, at);

        if (available.isPositive()) {
            List<LedgerEvent> exact = withIncentive.decide(transfer("t-5", available.toString(), at), alice, RATE);
            assertThat(exact.getFirst()).isInstanceOf(TransferDebited.class);
            TransferDebited everything = (TransferDebited) withIncentive.decide(everything("t-6", at), alice, RATE).getFirst();
            assertThat(everything.amount()).isEqualTo(available);
        }
        List<LedgerEvent> more = withIncentive.decide(transfer("t-7", available.plus(new Amount(1)).toString(), at),
            alice, RATE);
        assertThat(((CommandRejected) more.getFirst()).reason()).isEqualTo(RejectionReason.INSUFFICIENT_FUNDS);
    }

    private static BigDecimal debit(FeeSchedule fees, Amount amount, Measure factor) {
        Amount fee = factor == null ? fees.feeFor(amount) : fees.feeFor(amount, factor);
        return amount.toDecimal().add(fee.toDecimal());
    }

    static Account funded(Ledger ledger, String amount, Amount creditLimit) {
        Account account = ledger.apply(null, new LedgerEvent.AccountOpened(ALICE, LedgerTest.FORUM, creditLimit, T0));
        return ledger.apply(account, new LedgerEvent.Deposited(ALICE, LedgerTest.FORUM, ActivityId.of("seed"), T0,
            Measures.of(1, 1, 1), new Score(Measure.of(1), Measure.of(1), Measure.of(1), Amount.parse(amount))));
    }

    private static LedgerCommand.Transfer transfer(String id, String amount) {
        return transfer(id, amount, T0);
    }

    private static LedgerCommand.Transfer transfer(String id, String amount, Instant at) {
        return new LedgerCommand.Transfer(CommandId.of(id), ALICE, BOB, Asset.ATTENTION, Amount.parse(amount), "", at);
    }

    private static LedgerCommand.Transfer everything(String id) {
        return everything(id, T0);
    }

    private static LedgerCommand.Transfer everything(String id, Instant at) {
        return new LedgerCommand.Transfer(CommandId.of(id), ALICE, BOB, Asset.ATTENTION, Amount.ZERO, "", at, true);
    }
}
