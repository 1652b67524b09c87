package io.timebank.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** Debt does not decay: decay takes from what a member holds, never from what they owe. */
class DebtTest {

    static final Instant T0 = LedgerTest.T0;
    static final Decay DECAY = LedgerTest.DECAY;

    @Test
    void whatIsOwedStaysOwedWhileTimePasses() {
        DecayingBalance balance = DecayingBalance.EMPTY.plus(Amount.parse("100"), T0, DECAY)
            .plus(Amount.parse("-130"), T0, DECAY);

        assertThat(balance.amountAt(T0, DECAY)).isEqualTo(Amount.parse("-30"));
        assertThat(balance.amountAt(T0.plus(Duration.ofDays(365)), DECAY)).isEqualTo(Amount.parse("-30"));
    }

    @Test
    void aCreditFirstReducesWhatIsOwedAndOnlyTheRestDecays() {
        Instant later = T0.plus(Duration.ofHours(100));
        DecayingBalance owing = DecayingBalance.EMPTY.plus(Amount.parse("-30"), T0, DECAY);

        DecayingBalance repaid = owing.plus(Amount.parse("50"), later, DECAY);

        assertThat(repaid.amountAt(later, DECAY)).isEqualTo(Amount.parse("20"));
        // Only the 20 held decays: after one more τ, 20·e^-1 = 7.357588…
        assertThat(repaid.amountAt(later.plus(Duration.ofHours(100)), DECAY)).isEqualTo(Amount.parse("7.357588"));
        assertThat(owing.plus(Amount.parse("10"), later, DECAY).amountAt(later.plus(Duration.ofDays(30)), DECAY))
            .isEqualTo(Amount.parse("-20"));
    }

    @Test
    void aDebitBeyondWhatIsHeldOwesTheRestFromThatMoment() {
        Instant later = T0.plus(Duration.ofHours(100));
        DecayingBalance held = DecayingBalance.EMPTY.plus(Amount.parse("100"), T0, DECAY); // 36.787944… at `later`

        DecayingBalance owing = held.plus(Amount.parse("-40"), later, DECAY);

        assertThat(owing.microsAt(later, DECAY).add(new BigDecimal("3212055.882855767840447622983853913"))
            .abs()).isLessThan(new BigDecimal("0.000001"));
        assertThat(owing.amountAt(later.plus(Duration.ofDays(100)), DECAY)).isEqualTo(owing.amountAt(later, DECAY));
    }

    @Test
    void aLateCreditRepaysWithWhatItIsWorthWhenItArrives() {
        Instant later = T0.plus(Duration.ofHours(100));
        DecayingBalance owing = DecayingBalance.EMPTY.plus(Amount.parse("-50"), later, DECAY);

        // 100 booked at T0 is worth 100·e^-1 = 36.787944… by `later`.
        DecayingBalance repaid = owing.plus(Amount.parse("100"), T0, DECAY);

        assertThat(repaid.amountAt(later, DECAY)).isEqualTo(Amount.parse("-13.212056"));
    }

    @Test
    void aRefundBookedAtItsDebitsTimeGivesBackWhatTheDebitTookAtFaceValue() {
        Instant later = T0.plus(Duration.ofHours(100));
        DecayingBalance owing = DecayingBalance.EMPTY.plus(Amount.parse("100"), T0, DECAY)
            .plus(Amount.parse("-150"), T0, DECAY)                // owes 50 from T0
            .plus(Amount.parse("-5"), later, DECAY);               // owes 55; the balance's last entry is now `later`

        DecayingBalance refunded = owing.plus(Amount.parse("150"), T0, DECAY); // the refund, booked at its debit's time

        // Had the debit never happened: 100 held from T0, worth 36.787944 at `later`, less the 5: 31.787944.
        // The refund repays at face value (the debt stood at its time); the 95 left is held from T0 on, so the 5
        // debited at `later` counts as if taken at T0: off by 5·(1 − e^-1) = 3.160603 at most, in the member's favour.
        BigDecimal exact = new BigDecimal("31.787944");
        BigDecimal actual = refunded.amountAt(later, DECAY).toDecimal();
        assertThat(actual.subtract(exact).abs()).isLessThanOrEqualTo(new BigDecimal("3.160603"));
        assertThat(actual).isGreaterThanOrEqualTo(exact);
        // Before what was owed kept its start, the refund was decayed over the 100 h the debt never decayed: 0.18.
        assertThat(actual).isGreaterThan(new BigDecimal("30"));
    }

    /** One booking: an amount in micro-units (negative: a debit) some minutes after the previous one. */
    record Booking(long micros, int minutesLater) {
    }

    @Provide
    Arbitrary<List<Booking>> bookings() {
        return Combinators.combine(Arbitraries.longs().between(-200_000_000L, 200_000_000L),
            Arbitraries.integers().between(0, 6_000)).as(Booking::new).list().ofMinSize(1).ofMaxSize(40);
    }

    /**
     * Against an independent model (backward form, 40 digits): held decays, owed does not, credits
     * repay first. And the conservation rule per account: every unit booked is in the balance or
     * decayed away, and only what was held ever decayed.
     */
    @Property(tries = 400)
    void theBalanceIsWhatWasBookedLessWhatDecayedFromWhatWasHeld(@ForAll("bookings") List<Booking> bookings,
                                                                 @ForAll @IntRange(min = 0, max = 20_000) int readLater) {
        MathContext precise = new MathContext(40);
        DecayingBalance balance = DecayingBalance.EMPTY;
        BigDecimal held = BigDecimal.ZERO;
        BigDecimal owed = BigDecimal.ZERO;
        BigDecimal booked = BigDecimal.ZERO;
        BigDecimal decayedAway = BigDecimal.ZERO;
        Instant at = T0;
        for (Booking booking : bookings) {
            Instant next = at.plus(Duration.ofMinutes(booking.minutesLater()));
            BigDecimal kept = held.multiply(new BigDecimal(DECAY.weightAfter(next.toEpochMilli() - at.toEpochMilli())), precise);
            decayedAway = decayedAway.add(held.subtract(kept));
            held = kept;
            at = next;
            BigDecimal amount = BigDecimal.valueOf(booking.micros());
            booked = booked.add(amount);
            BigDecimal net = held.subtract(owed).add(amount);
            held = net.signum() > 0 ? net : BigDecimal.ZERO;
            owed = net.signum() < 0 ? net.negate() : BigDecimal.ZERO;
            balance = balance.plus(new Amount(booking.micros()), at, DECAY);
        }
        Instant read = at.plus(Duration.ofMinutes(readLater));
        BigDecimal kept = held.multiply(new BigDecimal(DECAY.weightAfter(read.toEpochMilli() - at.toEpochMilli())), precise);
        decayedAway = decayedAway.add(held.subtract(kept));
        BigDecimal model = kept.subtract(owed);

        BigDecimal actual = balance.microsAt(read, DECAY);
        BigDecimal bound = new BigDecimal("0.001"); // micro-units: far below the one the ledger shows
        assertThat(actual.subtract(model).abs()).as("ledger %s, model %s", actual, model).isLessThan(bound);
        assertThat(actual.add(decayedAway).subtract(booked).abs()).as("booked = balance + decayed away")
            .isLessThan(bound);
        if (owed.signum() > 0) {
            assertThat(actual.subtract(balance.microsAt(read.plus(Duration.ofDays(90)), DECAY))).isZero();
        }
    }
}
