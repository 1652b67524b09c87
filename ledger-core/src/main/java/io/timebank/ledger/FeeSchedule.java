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
}
