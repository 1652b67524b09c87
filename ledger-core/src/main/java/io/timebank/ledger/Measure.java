package io.timebank.ledger;

import java.math.BigDecimal;

/**
 * A dimensionless quantity at the ledger's fixed-point scale: a raw activity measure,
 * or one factor f(I), g(O), h(E) of a score as recorded in the ledger.
 */
public record Measure(long micros) implements Comparable<Measure> {

    public static final Measure ZERO = new Measure(0);

    public static Measure parse(String text) {
        return new Measure(FixedPoint.parse(text));
    }

    /** Rounds once, half-even, to six places; rejects NaN and infinities. */
    public static Measure rounded(double value) {
        return new Measure(FixedPoint.round(value));
    }

    public static Measure of(long whole) {
        return new Measure(Math.multiplyExact(whole, FixedPoint.ONE));
    }

    public double toDouble() {
        return micros / (double) FixedPoint.ONE;
    }

    public BigDecimal toDecimal() {
        return FixedPoint.toDecimal(micros);
    }

    @Override
    public int compareTo(Measure other) {
        return Long.compare(micros, other.micros);
    }

    @Override
    public String toString() {
        return FixedPoint.format(micros);
    }
}
