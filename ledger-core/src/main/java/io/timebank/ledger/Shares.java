package io.timebank.ledger;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Divides an amount among parts by whole-number weights, exactly: each part gets the floor of its
 * exact share in micro-units, and the micro-units left over (fewer than the number of parts) go one
 * each to the parts with the largest remainders, earliest first on a tie (the largest-remainder
 * method). The parts always sum to the whole, and each is within one micro-unit of its exact share.
 * For payouts by shares of a fund and for a loan's installments (docs/ECONOMICS.md).
 */
public final class Shares {

    public static final int PARTS_MAX = 10_000;

    private Shares() {
    }

    /** {@code total} divided by {@code weights} (each ≥ 0, at least one > 0), in the weights' order. */
    public static List<Amount> allocate(Amount total, List<Long> weights) {
        if (total.isNegative()) {
            throw new IllegalArgumentException("cannot divide a negative amount, was " + total);
        }
        if (weights.isEmpty() || weights.size() > PARTS_MAX) {
            throw new IllegalArgumentException("between 1 and " + PARTS_MAX + " parts, was " + weights.size());
        }
        BigInteger sum = BigInteger.ZERO;
        for (long weight : weights) {
            if (weight < 0) {
                throw new IllegalArgumentException("a weight must not be negative, was " + weight);
            }
            sum = sum.add(BigInteger.valueOf(weight));
        }
        if (sum.signum() == 0) {
            throw new IllegalArgumentException("at least one weight must be positive");
        }
        BigInteger micros = BigInteger.valueOf(total.micros());
        long[] parts = new long[weights.size()];
        BigInteger[] remainders = new BigInteger[weights.size()];
        long given = 0;
        for (int i = 0; i < parts.length; i++) {
            BigInteger[] division = micros.multiply(BigInteger.valueOf(weights.get(i))).divideAndRemainder(sum);
            parts[i] = division[0].longValueExact();
            remainders[i] = division[1];
            given += parts[i];
        }
        List<Integer> order = new ArrayList<>(parts.length);
        for (int i = 0; i < parts.length; i++) {
            order.add(i);
        }
        order.sort(Comparator.<Integer, BigInteger>comparing(i -> remainders[i]).reversed().thenComparing(i -> i));
        for (long left = total.micros() - given, next = 0; left > 0; left--, next++) {
            parts[order.get((int) next)]++;
        }
        List<Amount> shares = new ArrayList<>(parts.length);
        for (long part : parts) {
            shares.add(new Amount(part));
        }
        return shares;
    }
}
