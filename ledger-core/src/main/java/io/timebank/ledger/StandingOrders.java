package io.timebank.ledger;

import io.timebank.ledger.LedgerCommand.CancelStandingOrder;
import io.timebank.ledger.LedgerCommand.PlaceStandingOrder;
import io.timebank.ledger.LedgerEvent.CommandRejected;
import io.timebank.ledger.LedgerEvent.LegsDebited;
import io.timebank.ledger.LedgerEvent.LegsRefunded;
import io.timebank.ledger.LedgerEvent.StandingOrderCancelled;
import io.timebank.ledger.LedgerEvent.StandingOrderPlaced;
import io.timebank.ledger.LedgerEvent.TransferDebited;
import io.timebank.ledger.LedgerEvent.TransferRefunded;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The rules of standing orders, as pure functions beside the {@link Ledger}'s: placing and
 * cancelling an order, running its next occurrence, and {@link #apply folding} the events that
 * concern an order into its state — the one fold the live ledger and the rebuild both use, so an
 * order's state is always what its events say.
 *
 * @param perAccountMax the most standing orders one account may have at a time
 */
public record StandingOrders(Ledger ledger, int perAccountMax) {

    /** The most standing orders an account may have at a time, by default. */
    public static final int PER_ACCOUNT_MAX = 100;

    public StandingOrders {
        if (perAccountMax < 1) {
            throw new IllegalArgumentException("an account must be allowed at least one standing order, was "
                + perAccountMax);
        }
    }

    /**
     * Decides {@code command} against its payer ({@code null} when it does not exist) holding
     * {@code held} orders, {@code existing} among them the one of the same id if there is one.
     */
    public List<LedgerEvent> place(PlaceStandingOrder command, Account payer, int held, StandingOrder existing) {
        StandingOrder order = command.order();
        if (existing != null) {
            return rejected(command, RejectionReason.COMMAND_ID_REUSED, "account " + command.from()
                + " has a standing order " + order.id() + " already");
        }
        List<AccountId> receivers = order.shares() != null
            ? order.shares().shares().stream().map(PayoutShares.Share::to).toList()
            : order.legs().isEmpty() ? List.of(order.to()) : order.legs().stream().map(Leg::to).toList();
        if (receivers.contains(command.from())) {
            return rejected(command, RejectionReason.SAME_ACCOUNT, "cannot transfer from an account to itself");
        }
        // A fund pays only by its plans: the plan is placed on the fund (an operator's command).
        boolean payerOwned = ledger.isReserved(command.from()) && !ledger.isFund(command.from());
        if (payerOwned || receivers.stream().anyMatch(ledger::isReserved)) {
            AccountId owned = payerOwned ? command.from()
                : receivers.stream().filter(ledger::isReserved).findFirst().orElseThrow();
            return rejected(command, RejectionReason.RESERVED_ACCOUNT, "account " + owned
                + " is the bank's own: only the bank's rules move it");
        }
        Amount max = ledger.limits().amountMax();
        boolean legsPositive = order.legs().stream().allMatch(leg -> leg.amount().isPositive());
        boolean fixed = order.shares() == null;
        if (fixed && (!order.amount().isPositive() || !legsPositive || order.amount().compareTo(max) > 0)) {
            return rejected(command, RejectionReason.INVALID_AMOUNT, "amount" + (order.multiLeg() ? "s" : "")
                + " must be above 0 and at most " + max + " (together), was " + order.amount());
        }
        // However it came (the commands topic too), an order starts from its placing: no backlog of past occurrences.
        if (order.schedule().first().isBefore(command.acceptedAt().minus(ledger.limits().clockSkewMax()))) {
            return rejected(command, RejectionReason.INVALID_SCHEDULE, "the first occurrence " + order.schedule().first()
                + " falls due before the order was placed at " + command.acceptedAt());
        }
        if (payer == null && !ledger.isFund(command.from())) { // a fund may have plans before its first contribution
            return rejected(command, RejectionReason.UNKNOWN_ACCOUNT, "no account " + command.from());
        }
        if (held >= perAccountMax) {
            return rejected(command, RejectionReason.ORDER_LIMIT, "account " + command.from() + " has " + held
                + " standing orders, the most it may have");
        }
        return List.of(new StandingOrderPlaced(command.from(), order, command.acceptedAt()));
    }

    /** Decides a cancellation against the order it names ({@code null} when the payer has no such order). */
    public List<LedgerEvent> cancel(CancelStandingOrder command, StandingOrder order) {
        if (order == null) {
            return rejected(command, RejectionReason.UNKNOWN_ORDER, "account " + command.from()
                + " has no standing order " + command.order() + " (never placed, finished or cancelled)");
        }
        if (order.loan() != null) {
            return rejected(command, RejectionReason.LOAN_OUTSTANDING, order.id() + " is a loan from " + order.to()
                + ": it is repaid (or paid off early), not cancelled");
        }
        return List.of(new StandingOrderCancelled(command.id(), command.from(), order.id(), "cancelled by its payer",
            command.acceptedAt()));
    }

    /**
     * The order's next occurrence, due: an ordinary transfer from {@code payer} (whose state is
     * {@code account}) accepted at its due time, and, when that transfer failed once too often in a
     * row, the order's cancellation.
     */
    public List<LedgerEvent> occur(StandingOrder order, AccountId payer, Account account) {
        List<LedgerEvent> events = new ArrayList<>(decision(order, payer, account));
        StandingOrder after = order;
        for (LedgerEvent event : events) {
            after = apply(after, event);
        }
        if (after != null && after.exhausted()) {
            LedgerEvent last = events.getLast();
            String why = last instanceof CommandRejected rejected ? rejected.reason() + ": " + rejected.detail() : "";
            events.add(new StandingOrderCancelled(order.occurrenceId(order.next()), payer, order.id(), exhausted(after, why),
                last.at()));
        }
        return events;
    }

    /**
     * The occurrence's transfer decided: an ordinary (multi-leg) transfer; for a payout by shares,
     * its legs computed from the fund's balance at the due time (or at its last entry, if later).
     */
    private List<LedgerEvent> decision(StandingOrder order, AccountId payer, Account account) {
        if (order.loan() != null) {
            return List.of(Loans.collect(order, payer, account, ledger.decay()));
        }
        if (order.shares() == null) {
            return ledger.decide(order.occurrence(payer), account, null); // a transfer exchanges nothing
        }
        Instant due = order.nextDue();
        Instant last = account == null ? null : account.lastEntryAt(order.asset());
        Instant at = last != null && last.isAfter(due) ? last : due;
        Amount balance = account == null ? Amount.ZERO : account.balance(order.asset(), at, ledger.decay());
        List<Leg> legs = order.shares().legs(balance, ledger.limits().amountMax(), order.memo());
        LedgerCommand.MultiLegTransfer payout = order.occurrence(payer, legs);
        if (legs.isEmpty()) {
            return List.of(Ledger.rejected(payout, RejectionReason.INSUFFICIENT_FUNDS, "nothing to pay out: fund "
                + payer + " holds " + balance + " at " + at, at));
        }
        return ledger.decide(payout, account, null);
    }

    /**
     * A refund of one of the order's occurrences ({@link TransferRefunded}, or {@link LegsRefunded}
     * for an order with legs), booked at its payer: the order's cancellation if it failed once too often.
     */
    public List<LedgerEvent> refunded(StandingOrder order, LedgerEvent refund) {
        StandingOrder after = apply(order, refund);
        if (after == null || !after.exhausted() || order.exhausted()) {
            return List.of();
        }
        RejectionReason reason = switch (refund) {
            case TransferRefunded refunded -> refunded.reason();
            case LegsRefunded refunded -> refunded.refusal().refusal();
            default -> throw new IllegalArgumentException("not a refund: " + refund);
        };
        return List.of(new StandingOrderCancelled(occurrenceCommand(refund), refund.account(), order.id(),
            exhausted(after, "refunded: " + reason), refund.at()));
    }

    private static CommandId occurrenceCommand(LedgerEvent event) {
        return switch (event) {
            case TransferDebited debited -> debited.commandId();
            case LegsDebited debited -> debited.commandId();
            case CommandRejected rejected -> rejected.commandId();
            case TransferRefunded refunded -> refunded.commandId();
            case LegsRefunded refunded -> refunded.commandId();
            default -> null;
        };
    }

    private static String exhausted(StandingOrder order, String why) {
        return "cancelled by itself: " + order.failures() + (order.failures() == 1 ? " occurrence" : " occurrences")
            + " failed in a row" + (why.isEmpty() ? "" : ", the last: " + why);
    }

    /** The id of the order {@code event} concerns, or null: an order placed, cancelled, or one of its occurrences. */
    public static CommandId orderOf(LedgerEvent event) {
        return switch (event) {
            case StandingOrderPlaced placed -> placed.order().id();
            case StandingOrderCancelled cancelled -> cancelled.order();
            case LedgerEvent.LoanTaken taken -> taken.order().id();
            case LedgerEvent.LoanPaid paid -> paid.loan();
            default -> {
                CommandId occurrence = occurrenceCommand(event);
                yield occurrence == null ? null : occurrenceOrder(occurrence);
            }
        };
    }

    private static CommandId occurrenceOrder(CommandId commandId) {
        return StandingOrder.occurrenceOf(commandId) > 0 ? StandingOrder.orderOf(commandId) : null;
    }

    /**
     * The order after {@code event} (booked on its payer's account): null once it has ended —
     * cancelled, or its schedule done. Events of other orders, or of occurrences other than the one
     * they answer, leave it as it was.
     */
    public static StandingOrder apply(StandingOrder order, LedgerEvent event) {
        if (event instanceof StandingOrderPlaced placed) {
            return placed.order();
        }
        if (event instanceof LedgerEvent.LoanTaken taken) {
            return taken.order();
        }
        if (order == null || !order.id().equals(orderOf(event))) {
            return order;
        }
        if (order.loan() != null) {
            // A loan moves only by its payments: each sets its standing; settled, it is done.
            if (event instanceof LedgerEvent.LoanPaid paid) {
                StandingOrder after = order.withLoan(paid.after());
                return after.finished() ? null : after;
            }
            return order;
        }
        long n = event instanceof StandingOrderCancelled ? 0 : occurrence(occurrenceCommand(event));
        return switch (event) {
            case StandingOrderCancelled cancelled -> null;
            case TransferDebited debited when n == order.next() -> unlessDone(order.debited());
            case LegsDebited debited when n == order.next() -> unlessDone(order.debited());
            case CommandRejected rejected when n == order.next() -> unlessDone(order.refused());
            case TransferRefunded refunded when n < order.next() -> order.refunded(n);
            case LegsRefunded refunded when n < order.next() -> order.refunded(n);
            default -> order;
        };
    }

    private static long occurrence(CommandId commandId) {
        return StandingOrder.occurrenceOf(commandId);
    }

    /** The order, or null when it has no occurrence left (and so, no refund of its last one is waited for). */
    private static StandingOrder unlessDone(StandingOrder order) {
        return order.finished() && !order.exhausted() ? null : order;
    }

    private static List<LedgerEvent> rejected(LedgerCommand command, RejectionReason reason, String detail) {
        return List.of(Ledger.rejected(command, reason, detail, command.at()));
    }
}
