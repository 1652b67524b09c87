package io.timebank.ledger;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * An account's state, derived from its ledger events: who owns it, how far below zero it may go,
 * and its balance in each asset.
 *
 * @param creditLimit how far below zero each balance may go (zero by default)
 */
public record Account(AccountId id, PlatformId platform, Amount creditLimit, Instant openedAt,
                      DecayingBalance attention, StableBalance stable) {

    public Account {
        if (creditLimit.isNegative()) {
            throw new IllegalArgumentException("credit limit must not be negative");
        }
    }

    public static Account open(AccountId id, PlatformId platform, Amount creditLimit, Instant openedAt) {
        return new Account(id, platform, creditLimit, openedAt, DecayingBalance.EMPTY, StableBalance.EMPTY);
    }

    /** The balance at {@code now} (not before the asset's last entry), rounded down to the unit. */
    public Amount balance(Asset asset, Instant now, Decay decay) {
        return Amount.of(exactBalance(asset, now, decay));
    }

    /**
     * {@link #balance} as an exact decimal that never overflows, whatever the account holds: what
     * reads show and what checks compare, so that no stored state can make either fail.
     */
    public BigDecimal exactBalance(Asset asset, Instant now, Decay decay) {
        return switch (asset) {
            case ATTENTION -> attention.unitsAt(now, decay);
            case STABLE -> stable.amount().toDecimal();
        };
    }

    /** What may leave the account at {@code now}: the balance plus the credit limit. */
    public BigDecimal spendable(Asset asset, Instant now, Decay decay) {
        return exactBalance(asset, now, decay).add(creditLimit.toDecimal());
    }

    /** t_ref of the asset: its latest entry time, or null before the first. */
    public Instant lastEntryAt(Asset asset) {
        return switch (asset) {
            case ATTENTION -> attention.lastEntryAt();
            case STABLE -> stable.lastEntryAt();
        };
    }

    public long entryCount() {
        return attention.entryCount() + stable.entryCount();
    }

    Account plus(Asset asset, Amount amount, Instant at, Decay decay) {
        return switch (asset) {
            case ATTENTION -> new Account(id, platform, creditLimit, openedAt, attention.plus(amount, at, decay), stable);
            case STABLE -> new Account(id, platform, creditLimit, openedAt, attention, stable.plus(amount, at));
        };
    }
}
