package io.timebank.ledger;

import java.time.Instant;

/**
 * A recurring transfer: {@code amount} of {@code asset} from its payer to {@code to}, on a
 * {@link Schedule}. Each occurrence is an ordinary transfer (fees, limits, outcome) whose command id
 * is the order's id and the occurrence's number ({@link #occurrenceId}), the same on every replay,
 * so exactly-once and the command-id check both guard it. An occurrence that cannot be paid fails
 * with its reason; after {@code failuresMax} consecutive failures the order cancels itself.
 *
 * @param next     the number of the next occurrence to run (1 for the first)
 * @param failures the consecutive failures so far
 */
public record StandingOrder(CommandId id, AccountId to, Asset asset, Amount amount, String memo, Schedule schedule,
                            int failuresMax, long next, int failures) {

    /** What separates an order's id from its occurrence's number; client command ids may not contain it. */
    public static final String OCCURRENCE_SEPARATOR = "::";
    /** The longest order id: room for the separator and an occurrence number within a command id. */
    public static final int ID_LENGTH_MAX = 100;

    public StandingOrder {
        if (id == null || to == null || asset == null || amount == null || schedule == null) {
            throw new IllegalArgumentException("a standing order needs an id, a receiver, an asset, an amount and a schedule");
        }
        if (id.value().length() > ID_LENGTH_MAX || id.value().contains(OCCURRENCE_SEPARATOR)) {
            throw new IllegalArgumentException("an order id has at most " + ID_LENGTH_MAX + " characters and no '"
                + OCCURRENCE_SEPARATOR + "', was " + id);
        }
        if (failuresMax < 1) {
            throw new IllegalArgumentException("failuresMax must be at least 1, was " + failuresMax);
        }
        if (next < 1 || failures < 0 || failures > failuresMax) {
            throw new IllegalArgumentException("next counts from 1 and failures within [0, failuresMax]");
        }
        memo = memo == null ? "" : memo;
    }

    /** A new order, before its first occurrence. */
    public static StandingOrder of(CommandId id, AccountId to, Asset asset, Amount amount, String memo, Schedule schedule,
                                   int failuresMax) {
        return new StandingOrder(id, to, asset, amount, memo, schedule, failuresMax, 1, 0);
    }

    /** The command id of occurrence {@code n}: {@code <order id>::<n>}. */
    public CommandId occurrenceId(long n) {
        return CommandId.of(id.value() + OCCURRENCE_SEPARATOR + n);
    }

    /** When the next occurrence falls due, or null when the schedule has ended. */
    public Instant nextDue() {
        return schedule.includes(next) ? schedule.dueAt(next) : null;
    }

    /** The next occurrence as a transfer from {@code payer}, accepted at its due time (so every replay books the same). */
    public LedgerCommand.Transfer occurrence(AccountId payer) {
        Instant due = nextDue();
        if (due == null) {
            throw new IllegalStateException("standing order " + id + " has no occurrence left");
        }
        return new LedgerCommand.Transfer(occurrenceId(next), payer, to, asset, amount, memo, due);
    }

    /** The order after its next occurrence: paid, or failed (one more consecutive failure). */
    public StandingOrder after(boolean paid) {
        return new StandingOrder(id, to, asset, amount, memo, schedule, failuresMax, next + 1,
            paid ? 0 : Math.min(failuresMax, failures + 1));
    }

    /** Whether the order has failed as often in a row as it may: it cancels itself. */
    public boolean exhausted() {
        return failures >= failuresMax;
    }
}
