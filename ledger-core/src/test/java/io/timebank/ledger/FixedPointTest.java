package io.timebank.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** Rounding a double to micro-units without expanding it gives exactly the decimal expansion's rounding. */
class FixedPointTest {

    @Property(tries = 20_000)
    void roundingADoubleEqualsRoundingItsExactDecimalValue(@ForAll("doubles") double value) {
        assertThat(FixedPoint.round(value)).isEqualTo(exact(value));
    }

    @Property(tries = 20_000)
    void multiplyingThenDividingEqualsTheDecimalComputation(@ForAll("factors") long a, @ForAll("factors") long b,
                                                            @ForAll("divisors") long c) {
        for (RoundingMode mode : new RoundingMode[] {RoundingMode.DOWN, RoundingMode.HALF_EVEN}) {
            BigDecimal exact = new BigDecimal(BigInteger.valueOf(a).multiply(BigInteger.valueOf(b)))
                .divide(BigDecimal.valueOf(c), 0, mode);
            if (exact.toBigInteger().bitLength() < 64) {
                assertThat(FixedPoint.mulDiv(a, b, c, mode)).as("%d × %d ÷ %d %s", a, b, c, mode)
                    .isEqualTo(exact.longValueExact());
            }
        }
    }

    @Test
    void halvesOfAQuotientRoundToTheEvenNeighbour() {
        assertThat(FixedPoint.mulDiv(5, 1, 2, RoundingMode.HALF_EVEN)).isEqualTo(2);
        assertThat(FixedPoint.mulDiv(7, 1, 2, RoundingMode.HALF_EVEN)).isEqualTo(4);
        assertThat(FixedPoint.mulDiv(7, 1, 2, RoundingMode.DOWN)).isEqualTo(3);
        assertThat(FixedPoint.mulDiv(Long.MAX_VALUE, 2, 2, RoundingMode.HALF_EVEN)).isEqualTo(Long.MAX_VALUE);
    }

    @Property(tries = 5_000)
    void anAmountsDoubleIsItsDecimalsNearest(@ForAll long micros) {
        assertThat(new Amount(micros).toDouble()).isEqualTo(new Amount(micros).toDecimal().doubleValue());
    }

    @Provide
    Arbitrary<Long> factors() {
        return Arbitraries.oneOf(Arbitraries.longs().between(0, 10_000_000), Arbitraries.longs().between(0, 4_000_000_000L),
            Arbitraries.longs(), Arbitraries.of(0L, 1L, 1_000_000L, Long.MAX_VALUE, Long.MIN_VALUE));
    }

    @Provide
    Arbitrary<Long> divisors() {
        return Arbitraries.oneOf(Arbitraries.longs().between(1, 10_000_000), Arbitraries.of(1L, 2L, 1_000_000L),
            Arbitraries.longs().between(1, Long.MAX_VALUE));
    }

    @Test
    void halfMicrosRoundToEven() {
        assertThat(FixedPoint.round(0.0000005)).isEqualTo(exact(0.0000005)); // the double lies just above or below a half
        assertThat(FixedPoint.round(2.5e-6)).isEqualTo(exact(2.5e-6));
        assertThat(FixedPoint.round(0.5)).isEqualTo(500_000);
        assertThat(FixedPoint.round(1_000_000.0000005)).isEqualTo(exact(1_000_000.0000005));
        assertThat(FixedPoint.round(-0.0000015)).isEqualTo(exact(-0.0000015));
    }

    @Provide
    Arbitrary<Double> doubles() {
        Arbitrary<Long> micros = Arbitraries.longs().between(-2_000_000_000_000L, 2_000_000_000_000L);
        return Arbitraries.oneOf(
            Arbitraries.doubles().between(0, 1), // ranks
            Arbitraries.doubles().between(-1e12, 1e12),
            Arbitraries.doubles().between(1e9, 9e12), // up to the fast path's limit and beyond it
            // on and next to the half micro-units, where the two roundings could part
            micros.map(units -> (units + 0.5) / 1e6),
            micros.map(units -> Math.nextUp((units + 0.5) / 1e6)),
            micros.map(units -> Math.nextDown((units + 0.5) / 1e6)),
            micros.map(units -> units / 1e6));
    }

    private static long exact(double value) {
        return new BigDecimal(value).setScale(FixedPoint.SCALE, RoundingMode.HALF_EVEN).unscaledValue().longValueExact();
    }
}
