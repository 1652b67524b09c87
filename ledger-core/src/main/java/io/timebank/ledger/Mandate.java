package io.timebank.ledger;

/**
 * A payer's standing authorization for {@code collector} to collect from it: at most {@code max}
 * in one collection (a direct-debit mandate). Kept in the payer's account; a collection leg is
 * debited only under a mandate that covers it.
 *
 * @param id the command that granted it
 */
public record Mandate(AccountId collector, Amount max, CommandId id) {

    public Mandate {
        if (collector == null || max == null || id == null || !max.isPositive()) {
            throw new IllegalArgumentException("a mandate names its collector and a positive maximum");
        }
    }

    /** Whether it lets its collector collect {@code amount} at once. */
    public boolean covers(Amount amount) {
        return amount.compareTo(max) <= 0;
    }
}
