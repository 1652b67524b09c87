package io.timebank.ledger;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The transfer fee: {@code rate} of the amount, rounded half-even to the ledger's unit, but never
 * less than {@code minimum}. Charged on top of the amount: the sender is debited amount + fee.
 */
public record FeeSchedule(BigDecimal rate, Amount minimum) {

    public static final FeeSchedule NONE = new FeeSchedule(BigDecimal.ZERO, Amount.ZERO);

    public FeeSchedule {
        if (rate == null || rate.signum() < 0 || rate.compareTo(BigDecimal.ONE) >= 0) {
            throw new IllegalArgumentException("fee rate must be in [0, 1), was " + rate);
        }
        if (minimum == null || minimum.isNegative()) {
            throw new IllegalArgumentException("minimum fee must not be negative, was " + minimum);
        }
    }

    public Amount feeFor(Amount amount) {
        Amount proportional = Amount.rounded(amount.toDecimal().multiply(rate), RoundingMode.HALF_EVEN);
        return Amount.max(proportional, minimum);
    }

    /**
     * The fee for a sender whose fee is multiplied by {@code factor} (the quality incentive): rate ·
     * factor of the amount, rounded half-even once, never less than the minimum.
     */
    public Amount feeFor(Amount amount, Measure factor) {
        Amount proportional = Amount.rounded(amount.toDecimal().multiply(rate).multiply(factor.toDecimal()),
            RoundingMode.HALF_EVEN);
        return Amount.max(proportional, minimum);
    }

    /**
     * The fee rule inverted: the largest amount, at most {@code most}, that can be sent with its fee
     * (by {@link #feeFor(Amount, Measure)}, {@code factor} null for none) out of {@code spendable}:
     * amount + fee ≤ spendable, and one micro-unit more would not be. Zero when not even the smallest
     * amount can be sent with its fee.
     */
    public Amount largestAmount(BigDecimal spendable, Amount most, Measure factor) {
        // amount + fee(amount) grows strictly with amount (the fee never falls as the amount rises): bisect.
        long low = 0;
        long high = most.micros();
        BigDecimal spendableMicros = spendable.movePointRight(6).setScale(0, RoundingMode.FLOOR);
        if (spendableMicros.compareTo(BigDecimal.valueOf(high)) < 0) { // no amount above the spendable fits, whatever its fee
            high = Math.max(0, spendableMicros.longValueExact());
        }
        while (low < high) {
            long middle = low + (high - low + 1) / 2;
            Amount amount = new Amount(middle);
            Amount fee = factor == null ? feeFor(amount) : feeFor(amount, factor);
            if (amount.toDecimal().add(fee.toDecimal()).compareTo(spendable) <= 0) {
                low = middle;
            } else {
                high = middle - 1;
            }
        }
        return new Amount(low);
    }
}
