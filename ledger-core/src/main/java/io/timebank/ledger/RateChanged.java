package io.timebank.ledger;

import java.time.Instant;

/**
 * A rate the bank published: the {@code sequence}-th, in force from {@code at} until the next, with
 * the decision's inputs (median supply, reserve, target, the formula's version) and the rate it
 * replaced. Published on the rates topic; an exchange records the rate it was booked at.
 */
public record RateChanged(long sequence, Instant at, ExchangeRate previous, RateRule.Decision decision) {

    public ExchangeRate rate() {
        return decision.rate();
    }
}
