package io.timebank.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import org.apache.commons.math3.dfp.Dfp;
import org.apache.commons.math3.dfp.DfpField;
import org.apache.commons.math3.dfp.DfpMath;
import org.junit.jupiter.api.Test;

class DecayingBalanceTest {

    static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
    static final Decay TAU_HOUR = Decay.ofMeanLifetime(Duration.ofHours(1));

    @Test
    void anEntryDecaysByOneOverEAfterOneLifetime() {
        DecayingBalance balance = DecayingBalance.EMPTY.plus(Amount.ofUnits(1000), T0, TAU_HOUR);

        // 1000 · e^-1 = 367.879441171…
        assertThat(balance.amountAt(T0.plus(Duration.ofHours(1)), TAU_HOUR)).hasToString("367.879441");
    }

    @Test
    void halfLifeIsTauTimesLnTwo() {
        Decay decay = Decay.ofHalfLife(Duration.ofHours(10));
        DecayingBalance balance = DecayingBalance.EMPTY.plus(Amount.ofUnits(64), T0, decay);

        assertThat(decay.meanLifetime().toMillis()).isEqualTo(Math.round(36_000_000 / Math.log(2)));
        assertThat(balance.amountAt(T0.plus(Duration.ofHours(10)), decay)).hasToString("31.999999");
        assertThat(balance.amountAt(T0.plus(Duration.ofHours(30)), decay)).hasToString("7.999999");
    }

    @Test
    void aLateEntryCountsFromItsOwnTime() {
        Instant later = T0.plus(Duration.ofHours(2));
        DecayingBalance inOrder = DecayingBalance.EMPTY
            .plus(Amount.ofUnits(100), T0, TAU_HOUR)
            .plus(Amount.ofUnits(50), later, TAU_HOUR);
        DecayingBalance late = DecayingBalance.EMPTY
            .plus(Amount.ofUnits(50), later, TAU_HOUR)
            .plus(Amount.ofUnits(100), T0, TAU_HOUR);

        Instant now = T0.plus(Duration.ofHours(3));
        // 100·e^-3 + 50·e^-1 = 4.978706837 + 18.393972059 = 23.372678896
        assertThat(late.amountAt(now, TAU_HOUR)).hasToString("23.372678");
        assertThat(inOrder.amountAt(now, TAU_HOUR)).isEqualTo(late.amountAt(now, TAU_HOUR));
        assertThat(late.lastEntryAt()).isEqualTo(later);
    }

    @Test
    void readingBeforeTheLastEntryIsRefused() {
        DecayingBalance balance = DecayingBalance.EMPTY.plus(Amount.ofUnits(1), T0, TAU_HOUR);

        assertThatThrownBy(() -> balance.amountAt(T0.minusMillis(1), TAU_HOUR))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("before its last entry");
    }

    @Test
    void aPositiveBalanceDecaysTowardsZeroWithoutChangingSign() {
        DecayingBalance balance = DecayingBalance.EMPTY.plus(new Amount(1), T0, TAU_HOUR);

        assertThat(balance.amountAt(T0, TAU_HOUR)).isEqualTo(new Amount(1));
        assertThat(balance.amountAt(T0.plus(Duration.ofMinutes(1)), TAU_HOUR)).isEqualTo(Amount.ZERO);
        assertThat(balance.amountAt(T0.plus(Duration.ofDays(3650)), TAU_HOUR)).isEqualTo(Amount.ZERO);
        assertThat(balance.microsAt(T0.plus(Duration.ofHours(5)), TAU_HOUR).signum()).isEqualTo(1);
    }

    @Test
    void anAccountSilentForManyLifetimesKeepsItsNewEntriesExact() {
        DecayingBalance balance = DecayingBalance.EMPTY.plus(Amount.ofUnits(1_000_000), T0, TAU_HOUR);
        Instant muchLater = T0.plus(Duration.ofHours(500)); // the landmark moves: e^500 would overflow a double
        balance = balance.plus(Amount.parse("12.345678"), muchLater, TAU_HOUR);

        assertThat(balance.amountAt(muchLater, TAU_HOUR)).hasToString("12.345678");
        assertThat(balance.landmarkMillis()).isEqualTo(muchLater.toEpochMilli());
    }

    /**
     * SPEC §3's hot account: a numeric(20,6) store that rounds on every touch loses the decay
     * once each step's decay is below one unit. Here a fee-like account takes 200,000 small
     * entries, 2,000 per second, and must stay within the documented bound of an oracle computed
     * term by term at 40 significant digits.
     */
    @Test
    void aHotAccountTouchedThousandsOfTimesPerSecondStaysWithinTheRoundingBound() {
        Decay decay = Decay.ofMeanLifetime(Duration.ofHours(100));
        DfpField field = new DfpField(40);
        Dfp oracle = field.getZero();
        DecayingBalance balance = DecayingBalance.EMPTY.plus(Amount.ofUnits(5_000_000), T0, decay);
        Dfp tauMillis = field.newDfp(decay.meanLifetime().toMillis());
        int entries = 200_000;
        Instant last = T0;
        for (int i = 1; i <= entries; i++) {
            last = T0.plusNanos(500_000L * i); // every half millisecond → 2,000 entries per second
            last = Instant.ofEpochMilli(last.toEpochMilli());
            balance = balance.plus(new Amount(37 + i % 1000), last, decay);
        }
        Instant now = last.plus(Duration.ofMinutes(30));
        Dfp nowMillis = field.newDfp(now.toEpochMilli());
        oracle = oracle.add(weighted(field, 5_000_000_000_000L, T0, nowMillis, tauMillis));
        for (int i = 1; i <= entries; i++) {
            Instant at = Instant.ofEpochMilli(T0.plusNanos(500_000L * i).toEpochMilli());
            oracle = oracle.add(weighted(field, 37 + i % 1000, at, nowMillis, tauMillis));
        }
        BigDecimal exact = new BigDecimal(oracle.toString());
        BigDecimal read = balance.microsAt(now, decay);

        // Bound: 1e-14 of the decayed gross volume, here about 5e12 micro-units → 0.05 micro-units.
        assertThat(read.subtract(exact).abs()).isLessThan(new BigDecimal("0.05"));
        assertThat(balance.amountAt(now, decay).micros())
            .isEqualTo(exact.setScale(0, java.math.RoundingMode.FLOOR).longValueExact());
    }

    private static Dfp weighted(DfpField field, long micros, Instant at, Dfp nowMillis, Dfp tauMillis) {
        Dfp elapsed = nowMillis.subtract(field.newDfp(at.toEpochMilli()));
        return field.newDfp(micros).multiply(DfpMath.exp(elapsed.divide(tauMillis).negate()));
    }
}
