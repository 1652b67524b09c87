package io.timebank.ledger;

/** A member's (or the bank's) account. */
public record AccountId(String value) {

    public AccountId {
        Identifier.require(value);
    }

    public static AccountId of(String value) {
        return new AccountId(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
