package io.timebank.stream;

import io.timebank.ledger.AccountId;
import io.timebank.ledger.TermTable;
import java.time.Duration;
import java.util.Set;

/**
 * How the bank runs time: standing orders and payouts, term deposits.
 *
 * @param schedulerInterval how often each partition looks for occurrences that fell due (wall-clock)
 * @param perAccountMax     the most standing orders one account may have at a time
 * @param failuresMax       the consecutive failed occurrences after which an order cancels itself
 * @param funds             the bank's payout funds: accounts it owns that members contribute to and
 *                          that pay out by the plans placed on them
 * @param terms             the term deposits the bank offers, each term with its mean lifetime
 */
public record OrderSettings(Duration schedulerInterval, int perAccountMax, int failuresMax, Set<AccountId> funds,
                            TermTable terms) {

    public OrderSettings(Duration schedulerInterval, int perAccountMax, int failuresMax, Set<AccountId> funds) {
        this(schedulerInterval, perAccountMax, failuresMax, funds, TermTable.NONE);
    }

    public OrderSettings withFunds(Set<AccountId> payoutFunds) {
        return new OrderSettings(schedulerInterval, perAccountMax, failuresMax, payoutFunds, terms);
    }

    public OrderSettings withTerms(TermTable table) {
        return new OrderSettings(schedulerInterval, perAccountMax, failuresMax, funds, table);
    }

    /** Every second, 100 orders an account, cancelled after 3 failures in a row, no payout fund, no terms. */
    public static final OrderSettings DEFAULT = new OrderSettings(Duration.ofSeconds(1), 100, 3, Set.of(), TermTable.NONE);

    public OrderSettings {
        funds = funds == null ? Set.of() : Set.copyOf(funds);
        terms = terms == null ? TermTable.NONE : terms;
        if (schedulerInterval == null || schedulerInterval.isNegative() || schedulerInterval.isZero()) {
            throw new IllegalArgumentException("the scheduler's interval must be positive, was " + schedulerInterval);
        }
        if (perAccountMax < 1 || perAccountMax > 10_000) {
            throw new IllegalArgumentException("standing orders per account must be within [1, 10000], was " + perAccountMax);
        }
        if (failuresMax < 1 || failuresMax > 100) {
            throw new IllegalArgumentException("failures before an order cancels itself must be within [1, 100], was "
                + failuresMax);
        }
    }
}
