package io.timebank.ledger;

import java.time.Instant;

/** A non-decaying balance: the exact sum of its entries. */
public record StableBalance(Amount amount, long lastEntryMillis, long entryCount) {

    public static final StableBalance EMPTY = new StableBalance(Amount.ZERO, Long.MIN_VALUE, 0);

    public StableBalance plus(Amount entry, Instant at) {
        return new StableBalance(amount.plus(entry), Math.max(lastEntryMillis, at.toEpochMilli()), entryCount + 1);
    }

    public Instant lastEntryAt() {
        return entryCount == 0 ? null : Instant.ofEpochMilli(lastEntryMillis);
    }
}
