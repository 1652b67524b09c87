package io.timebank.ledger;

import java.time.Instant;

/**
 * One entry of an account's history as booked: its event and the account's balances just after it.
 * The balances let a statement read the account at any instant from the entry before it, without
 * replaying the history before.
 *
 * @param sequence  the entry's place in the account's history (its entry count after it)
 * @param attention the attention balance after the entry; null for an entry booked before entries kept it
 * @param stable    the stable balance after the entry; null likewise
 */
public record AccountEntry(long sequence, LedgerEvent event, DecayingBalance attention, StableBalance stable) {

    /** Whether the entry kept the balances after it. */
    public boolean hasBalances() {
        return attention != null && stable != null;
    }

    /**
     * When the entry was booked in the account's time: the later of its assets' last entry times once it
     * was applied. Never falls from one entry to the next, so the history can be searched by it.
     */
    public Instant bookedAt() {
        if (attention.entryCount() == 0 && stable.entryCount() == 0) {
            // The account's opening books nothing: it precedes every period, even the late entries' booked before it.
            return Instant.MIN;
        }
        long attentionAt = attention.entryCount() == 0 ? Long.MIN_VALUE : attention.lastEntryMillis();
        long stableAt = stable.entryCount() == 0 ? Long.MIN_VALUE : stable.lastEntryMillis();
        return Instant.ofEpochMilli(Math.max(attentionAt, stableAt));
    }

    /** The balance of {@code asset} as it stood after this entry, read at {@code at} (not before {@link #bookedAt}). */
    public java.math.BigDecimal balanceAt(Asset asset, Instant at, Decay decay) {
        return switch (asset) {
            case ATTENTION -> attention.unitsAt(at, decay);
            case STABLE -> stable.amount().toDecimal();
        };
    }
}
