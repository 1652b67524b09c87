package io.timebank.ledger;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;

/**
 * The ledger's one fixed-point scale: six decimal places ("micro-units") in a long.
 * Amount and Measure both use it; parsing and printing live here once.
 */
final class FixedPoint {

    static final int SCALE = 6;
    static final long ONE = 1_000_000L;

    private FixedPoint() {
    }

    /** Parses a plain decimal string ("12", "0.5", "-3.000001"); rejects exponents, NaN, too many places and overflow. */
    static long parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("is required");
        }
        String trimmed = text.strip();
        if (trimmed.isEmpty()) {
            throw new IllegalArgumentException("is empty");
        }
        if (trimmed.length() > 40) {
            throw new IllegalArgumentException("is too long to be an amount");
        }
        if (!trimmed.matches("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)")) {
            throw new IllegalArgumentException("must be a plain decimal number such as 12.5, not '" + trimmed + "'");
        }
        return fromDecimal(new BigDecimal(trimmed));
    }

    /** Exact conversion: a value with more than six places is rejected, not rounded. */
    static long fromDecimal(BigDecimal value) {
        BigDecimal stripped = value.stripTrailingZeros();
        if (stripped.scale() > SCALE) {
            throw new IllegalArgumentException("has more than " + SCALE + " decimal places: " + value.toPlainString());
        }
        try {
            return value.movePointRight(SCALE).longValueExact();
        } catch (ArithmeticException overflow) {
            throw new IllegalArgumentException("is out of range: " + value.toPlainString());
        }
    }

    /** Below this, a double's product by 10^6 has an ulp of at most 1/4: the fast path's range. */
    private static final double FAST_LIMIT = 0x1p50;

    /**
     * Rounds a double once to the fixed-point scale (half-even) — exactly as {@code new BigDecimal(value)}
     * would, without expanding it; rejects NaN and infinities.
     *
     * <p>The product {@code p = value × 10^6} in floating point is within half an ulp of the exact
     * product. Unless p lies within one ulp of a half-integer, no half-integer separates the two, so
     * both round to the same integer; only those rare values (and magnitudes beyond 2^50) take the
     * exact decimal path.
     */
    static long round(double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("is not a finite number: " + value);
        }
        double scaled = value * ONE;
        if (Math.abs(scaled) < FAST_LIMIT) {
            double floor = Math.floor(scaled);
            double fraction = scaled - floor; // exact: both share the binade's grid
            if (Math.abs(fraction - 0.5) > Math.ulp(scaled)) {
                return (long) floor + (fraction > 0.5 ? 1 : 0);
            }
        }
        return round(new BigDecimal(value), RoundingMode.HALF_EVEN);
    }

    /**
     * a × b ÷ c, rounded by {@code mode} (DOWN or HALF_EVEN), exactly; in longs when a × b fits one
     * and nothing is negative, else in decimals. Throws when the result does not fit a long.
     */
    static long mulDiv(long a, long b, long c, RoundingMode mode) {
        if (mode != RoundingMode.DOWN && mode != RoundingMode.HALF_EVEN) {
            throw new IllegalArgumentException("DOWN or HALF_EVEN, was " + mode);
        }
        long product = a * b;
        if (a >= 0 && b >= 0 && c > 0 && Math.multiplyHigh(a, b) == 0 && product >= 0) {
            long quotient = product / c;
            long remainder = product % c;
            if (mode == RoundingMode.DOWN) {
                return quotient;
            }
            long rest = c - remainder; // compared without doubling the remainder, which could overflow
            return remainder > rest || (remainder == rest && (quotient & 1) == 1) ? quotient + 1 : quotient;
        }
        return new BigDecimal(BigInteger.valueOf(a).multiply(BigInteger.valueOf(b)))
            .divide(BigDecimal.valueOf(c), 0, mode).longValueExact();
    }

    static long round(BigDecimal value, RoundingMode mode) {
        try {
            return value.setScale(SCALE, mode).unscaledValue().longValueExact();
        } catch (ArithmeticException overflow) {
            throw new IllegalArgumentException("is out of range: " + value.toPlainString());
        }
    }

    static BigDecimal toDecimal(long units) {
        return BigDecimal.valueOf(units, SCALE);
    }

    static String format(long units) {
        return toDecimal(units).toPlainString();
    }
}
