package io.timebank.ledger;

/** One paying leg of a collection: who pays, how much, and the leg's own memo. */
public record Contribution(AccountId from, Amount amount, String memo) {

    public Contribution {
        if (from == null || amount == null) {
            throw new IllegalArgumentException("a contribution needs a payer and an amount");
        }
        memo = memo == null ? "" : memo;
    }
}
