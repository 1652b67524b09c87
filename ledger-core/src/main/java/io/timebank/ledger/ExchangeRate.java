package io.timebank.ledger;

import java.math.BigDecimal;

/** How many units of the stable asset one unit of attention buys. An exact decimal, at most 12 places. */
public record ExchangeRate(BigDecimal stablePerAttention) {

    public static final int SCALE_MAX = 12;
    /** The highest rate the bank may be configured with; an exchange is still checked against amountMax. */
    public static final BigDecimal MAX = BigDecimal.valueOf(1_000_000);

    public ExchangeRate {
        if (stablePerAttention == null || stablePerAttention.signum() <= 0) {
            throw new IllegalArgumentException("exchange rate must be positive, was " + stablePerAttention);
        }
        stablePerAttention = stablePerAttention.stripTrailingZeros();
        if (stablePerAttention.scale() > SCALE_MAX) {
            throw new IllegalArgumentException("exchange rate has more than " + SCALE_MAX + " decimal places");
        }
    }

    public static ExchangeRate parse(String text) {
        return new ExchangeRate(new BigDecimal(text.strip()));
    }

    @Override
    public String toString() {
        return stablePerAttention.toPlainString();
    }
}
