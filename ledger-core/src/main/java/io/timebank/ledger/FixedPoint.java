package io.timebank.ledger;

import java.math.BigDecimal;
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

    /** Rounds a double once to the fixed-point scale (half-even); rejects NaN and infinities. */
    static long round(double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("is not a finite number: " + value);
        }
        return round(new BigDecimal(value), RoundingMode.HALF_EVEN);
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
