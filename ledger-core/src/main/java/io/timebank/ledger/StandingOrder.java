package io.timebank.ledger;

import java.time.Instant;
import java.util.List;

/**
 * A recurring transfer: {@code amount} of {@code asset} from its payer to {@code to}, or to several
 * receivers at once ({@code legs}: each occurrence a multi-leg transfer, all legs or none), on a
 * {@link Schedule}. Each occurrence is an ordinary transfer (fees, limits, outcome) whose command id
 * is the order's id and the occurrence's number ({@link #occurrenceId}), the same on every replay,
 * so exactly-once and the command-id check both guard it. An occurrence that cannot be paid fails
 * with its reason; after {@code failuresMax} consecutive failures the order cancels itself.
 *
 * <p>What counts as a failure: an occurrence refused at the payer (insufficient funds, …), and an
 * occurrence debited but refunded by its receiver (no such account, above its maximum). A debit is
 * known to be paid only when the next occurrence comes and no refund came back for it; so a
 * debited occurrence leaves the count as it was ({@code awaiting}) until then, and the next one
 * resets it.
 *
 * @param to       the receiver; null when the order has legs
 * @param amount   what each occurrence transfers (with legs: their amounts together)
 * @param next     the number of the next occurrence to run (1 for the first)
 * @param failures the consecutive failures so far
 * @param awaiting whether the last occurrence was debited and its refund could still come back
 * @param legs     the receivers of an order to several, each with its amount and memo; empty for one receiver
 * @param shares   a payout plan's division of its fund, each occurrence's legs computed at its due time;
 *                 null for fixed amounts (then {@code amount} is zero)
 * @param loan     a loan's installments, collected from the borrower (the payer) for its lender
 *                 ({@code to}); {@code amount} is its principal. Null for any other order. A loan
 *                 never fails nor cancels itself: what the borrower cannot pay is arrears
 */
public record StandingOrder(CommandId id, AccountId to, Asset asset, Amount amount, String memo, Schedule schedule,
                            int failuresMax, long next, int failures, boolean awaiting, List<Leg> legs,
                            PayoutShares shares, Loan loan) {

    /** What separates an order's id from its occurrence's number; client command ids may not contain it. */
    public static final String OCCURRENCE_SEPARATOR = "::";
    /** The longest order id: room for the separator and an occurrence number within a command id. */
    public static final int ID_LENGTH_MAX = 100;
    /** The suffix of the command id that cancels an order: {@code <order id>::cancel}. */
    private static final String CANCELLATION = "cancel";

    public StandingOrder {
        legs = legs == null ? List.of() : List.copyOf(legs);
        int receivers = (to == null ? 0 : 1) + (legs.isEmpty() ? 0 : 1) + (shares == null ? 0 : 1);
        if (id == null || receivers != 1 || asset == null || amount == null || schedule == null) {
            throw new IllegalArgumentException("a standing order needs an id, a receiver, legs or shares (one of them), "
                + "an asset, an amount and a schedule");
        }
        if (shares != null && amount.micros() != 0) {
            throw new IllegalArgumentException("a payout by shares has no fixed amount");
        }
        if (legs.size() > Leg.MAX_PER_TRANSFER
            || legs.stream().map(Leg::to).distinct().count() != legs.size()) {
            throw new IllegalArgumentException("a standing order has at most " + Leg.MAX_PER_TRANSFER
                + " legs, one per receiver");
        }
        if (!legs.isEmpty() && amount.micros() != legs.stream().mapToLong(leg -> leg.amount().micros()).sum()) {
            throw new IllegalArgumentException("the amount of an order with legs is their amounts together");
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
        if (loan != null && (!loan.lender().equals(to) || asset != Asset.ATTENTION || loan.standing().next() != next)) {
            throw new IllegalArgumentException("a loan's order pays its lender attention, at its installment's number");
        }
        memo = memo == null ? "" : memo;
    }

    public StandingOrder(CommandId id, AccountId to, Asset asset, Amount amount, String memo, Schedule schedule,
                         int failuresMax, long next, int failures, boolean awaiting, List<Leg> legs, PayoutShares shares) {
        this(id, to, asset, amount, memo, schedule, failuresMax, next, failures, awaiting, legs, shares, null);
    }

    /**
     * A new loan's installments: {@code schedule} unbounded by count, so that arrears left after the
     * last installment are collected at the due times that follow, until the loan is settled.
     */
    public static StandingOrder ofLoan(CommandId id, AccountId lender, LoanPlan plan, Schedule schedule) {
        return new StandingOrder(id, lender, Asset.ATTENTION, plan.principal(), "loan " + id.value(), schedule, 1, 1, 0,
            false, List.of(), null, Loan.granted(lender, plan));
    }

    /** The loan's order after a payment (or an unpaid installment): its standing, and the installment after. */
    public StandingOrder withLoan(LoanPlan.Standing standing) {
        return new StandingOrder(id, to, asset, amount, memo, schedule, failuresMax, standing.next(), failures, awaiting,
            legs, shares, loan.standing(standing));
    }

    /** A new order to one receiver, before its first occurrence. */
    public static StandingOrder of(CommandId id, AccountId to, Asset asset, Amount amount, String memo, Schedule schedule,
                                   int failuresMax) {
        return new StandingOrder(id, to, asset, amount, memo, schedule, failuresMax, 1, 0, false, List.of(), null);
    }

    /** A new payout plan dividing {@code shares.portion()} of its fund at each occurrence, before its first. */
    public static StandingOrder ofShares(CommandId id, Asset asset, PayoutShares shares, String memo, Schedule schedule,
                                         int failuresMax) {
        return new StandingOrder(id, null, asset, Amount.ZERO, memo, schedule, failuresMax, 1, 0, false, List.of(), shares);
    }

    /** A new order to several receivers at once (each occurrence all legs or none), before its first occurrence. */
    public static StandingOrder ofLegs(CommandId id, Asset asset, List<Leg> legs, Schedule schedule, int failuresMax) {
        long total = 0;
        for (Leg leg : legs) {
            total = Math.addExact(total, leg.amount().micros());
        }
        return new StandingOrder(id, null, asset, new Amount(total), "", schedule, failuresMax, 1, 0, false, legs, null);
    }

    /** Whether each occurrence is a multi-leg transfer. */
    public boolean multiLeg() {
        return !legs.isEmpty() || shares != null;
    }

    private StandingOrder progressed(long nextOccurrence, int failuresInARow, boolean awaitingRefund) {
        return new StandingOrder(id, to, asset, amount, memo, schedule, failuresMax, nextOccurrence, failuresInARow,
            awaitingRefund, legs, shares, loan);
    }

    /** The command id of occurrence {@code n}: {@code <order id>::<n>}. */
    public CommandId occurrenceId(long n) {
        return CommandId.of(id.value() + OCCURRENCE_SEPARATOR + n);
    }

    /** When the next occurrence falls due, or null when the schedule has ended. */
    public Instant nextDue() {
        return schedule.includes(next) ? schedule.dueAt(next) : null;
    }

    /**
     * The next occurrence as a transfer from {@code payer} (a multi-leg transfer for an order with
     * legs), accepted at its due time, so every replay books the same.
     */
    public LedgerCommand occurrence(AccountId payer) {
        if (shares != null) {
            throw new IllegalStateException("a payout by shares needs its fund's balance: occurrence(payer, legs)");
        }
        return legs.isEmpty() ? new LedgerCommand.Transfer(occurrenceId(next), payer, to, asset, amount, memo, due())
            : occurrence(payer, legs);
    }

    /** The next occurrence as a multi-leg transfer of {@code payLegs} (a payout's, computed at its due time). */
    public LedgerCommand.MultiLegTransfer occurrence(AccountId payer, List<Leg> payLegs) {
        return new LedgerCommand.MultiLegTransfer(occurrenceId(next), payer, asset, payLegs, due());
    }

    private Instant due() {
        Instant due = nextDue();
        if (due == null) {
            throw new IllegalStateException("standing order " + id + " has no occurrence left");
        }
        return due;
    }

    /** The order after its next occurrence was debited: the one before it, if it was debited too, was paid. */
    public StandingOrder debited() {
        return progressed(next + 1, awaiting ? 0 : failures, true);
    }

    /** The order after its next occurrence was refused at the payer: one more failure in a row. */
    public StandingOrder refused() {
        return progressed(next + 1, Math.min(failuresMax, (awaiting ? 0 : failures) + 1), false);
    }

    /**
     * The order after occurrence {@code n}, debited, came back refunded: one more failure. Refunds
     * travel back from the receivers' partitions, so after downtime several occurrences may run
     * before the first refund is back: each refund counts, whichever occurrence it is for.
     */
    public StandingOrder refunded(long n) {
        return progressed(next, Math.min(failuresMax, failures + 1), awaiting && n != next - 1);
    }

    /** Whether the order is done: its schedule has no occurrence left, or its loan is settled. */
    public boolean finished() {
        return loan != null ? loan.settled() : !schedule.includes(next);
    }

    /** The command id that cancels this order: {@code <order id>::cancel}, one per order, so a retry is the same command. */
    public static CommandId cancellationId(CommandId order) {
        return CommandId.of(order.value() + OCCURRENCE_SEPARATOR + CANCELLATION);
    }

    /**
     * The order a command id of the bank's belongs to ({@code <order>::<n>} of an occurrence, or
     * {@code <order>::cancel}), or null for any other id.
     */
    public static CommandId orderOf(CommandId commandId) {
        int separator = commandId.value().lastIndexOf(OCCURRENCE_SEPARATOR);
        return separator <= 0 ? null : CommandId.of(commandId.value().substring(0, separator));
    }

    /** The occurrence number an occurrence's command id carries, or 0 when it is not an occurrence's. */
    public static long occurrenceOf(CommandId commandId) {
        int separator = commandId.value().lastIndexOf(OCCURRENCE_SEPARATOR);
        if (separator <= 0) {
            return 0;
        }
        String number = commandId.value().substring(separator + OCCURRENCE_SEPARATOR.length());
        if (number.isEmpty() || number.length() > 18 || !number.chars().allMatch(Character::isDigit)) {
            return 0;
        }
        return Long.parseLong(number);
    }

    /** Whether the order has failed as often in a row as it may: it cancels itself. */
    public boolean exhausted() {
        return failures >= failuresMax;
    }
}
