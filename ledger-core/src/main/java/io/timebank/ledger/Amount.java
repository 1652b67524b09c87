package io.timebank.ledger;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * An exact amount of value in micro-units (six decimal places) of some asset.
 * Never binary floating point: amounts are parsed from and printed as decimal strings.
 */
public record Amount(long micros) implements Comparable<Amount> {

    public static final int SCALE = FixedPoint.SCALE;
    public static final Amount ZERO = new Amount(0);
    private static final long EXACT_IN_DOUBLE = 1L << 53;

    public static Amount parse(String text) {
        return new Amount(FixedPoint.parse(text));
    }

    public static Amount of(BigDecimal value) {
        return new Amount(FixedPoint.fromDecimal(value));
    }

    public static Amount ofUnits(long units) {
        return new Amount(Math.multiplyExact(units, FixedPoint.ONE));
    }

    /** Rounds an exact decimal to the ledger's unit with the given mode. */
    public static Amount rounded(BigDecimal value, RoundingMode mode) {
        return new Amount(FixedPoint.round(value, mode));
    }

    public Amount plus(Amount other) {
        return new Amount(Math.addExact(micros, other.micros));
    }

    public Amount minus(Amount other) {
        return new Amount(Math.subtractExact(micros, other.micros));
    }

    public Amount negate() {
        return new Amount(Math.negateExact(micros));
    }

    public boolean isPositive() {
        return micros > 0;
    }

    public boolean isNegative() {
        return micros < 0;
    }

    public BigDecimal toDecimal() {
        return FixedPoint.toDecimal(micros);
    }

    /**
     * The nearest double (what {@code toDecimal().doubleValue()} gives), for ranking and bounds, never
     * for booking; computed without a decimal: below 2^53
     * micro-units both operands of the division are exact, so the quotient is correctly rounded.
     */
    public double toDouble() {
        return Math.abs(micros) < EXACT_IN_DOUBLE ? micros / (double) FixedPoint.ONE : toDecimal().doubleValue();
    }

    public static Amount max(Amount a, Amount b) {
        return a.micros >= b.micros ? a : b;
    }

    @Override
    public int compareTo(Amount other) {
        return Long.compare(micros, other.micros);
    }

    /** The plain decimal form with all six places, e.g. "271.449881". */
    @Override
    public String toString() {
        return FixedPoint.format(micros);
    }
}
