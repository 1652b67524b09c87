package io.timebank.ledger;

import io.timebank.ledger.LedgerCommand.GrantLoan;
import io.timebank.ledger.LedgerCommand.RepayLoan;
import io.timebank.ledger.LedgerEvent.LoanGranted;
import io.timebank.ledger.LedgerEvent.LoanPaid;
import io.timebank.ledger.LedgerEvent.LoanTaken;
import io.timebank.ledger.LedgerEvent.TransferCredited;
import io.timebank.ledger.LedgerEvent.TransferDebited;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The rules of loans, beside the {@link Ledger}'s. A loan is granted on its lender's partition (the
 * principal leaves the lender), taken on its borrower's (credited, and set up among the borrower's
 * standing orders), and repaid there: each installment is collected by the bank at its due time —
 * what the borrower can pay of it and of the arrears ({@link LoanPlan#collect}) — or the borrower
 * pays the loan off early. Every payment is credited to the lender. Loans move no fee.
 *
 * <p>A payment is always received by its lender: the lender agreed to it when lending, so the
 * lender's maximum balance does not refuse it (as a term deposit's return is not refused either);
 * nothing a loan pays can come back to the borrower.
 *
 * @param perAccountMax the most standing orders, loans among them, one borrower may have
 */
public record Loans(Ledger ledger, int perAccountMax) {

    /** The lender's side: the principal out of {@code lender}'s account (its state; null if it does not exist). */
    public List<LedgerEvent> grant(GrantLoan command, Account lender) {
        if (command.lender().equals(command.borrower())) {
            return rejected(command, RejectionReason.SAME_ACCOUNT, "an account cannot lend to itself");
        }
        if (ledger.isReserved(command.lender()) || ledger.isReserved(command.borrower())) {
            AccountId owned = ledger.isReserved(command.lender()) ? command.lender() : command.borrower();
            return rejected(command, RejectionReason.RESERVED_ACCOUNT, "account " + owned
                + " is the bank's own: only the bank's rules move it");
        }
        Amount principal = command.order().loan().plan().principal();
        Amount max = ledger.limits().amountMax();
        if (principal.compareTo(max) > 0) {
            return rejected(command, RejectionReason.INVALID_AMOUNT, "amount must be above 0 and at most " + max
                + ", was " + principal);
        }
        Instant first = command.order().schedule().first();
        if (first.isBefore(command.acceptedAt().minus(ledger.limits().clockSkewMax()))) {
            return rejected(command, RejectionReason.INVALID_SCHEDULE, "the first installment " + first
                + " falls due before the loan was granted at " + command.acceptedAt());
        }
        int count = command.order().loan().plan().count();
        if (!command.order().schedule().includes(count)) {
            return rejected(command, RejectionReason.INVALID_SCHEDULE, "the last of " + count + " installments would "
                + "fall due after the year 9999");
        }
        if (lender == null) {
            return rejected(command, RejectionReason.UNKNOWN_ACCOUNT, "no account " + command.lender());
        }
        Instant at = Ledger.bookingTime(lender, Asset.ATTENTION, command.acceptedAt());
        BigDecimal spendable = lender.spendable(Asset.ATTENTION, at, ledger.decay());
        if (spendable.compareTo(principal.toDecimal()) < 0) {
            return rejected(command, RejectionReason.INSUFFICIENT_FUNDS, "lending " + principal + " needs as much, "
                + command.lender() + " can spend " + spendable.toPlainString());
        }
        return List.of(new LoanGranted(command.lender(), command.borrower(), command.order(), at));
    }

    /**
     * The borrower's side of a granted loan ({@code borrower}: its state, holding {@code held} standing
     * orders, {@code existing} the one of the loan's id if any): the principal credited and the loan
     * taken, or the principal refunded to the lender, as a transfer's would be (no account, above its
     * maximum), or when the borrower cannot take one more order.
     */
    public List<LedgerEvent> take(LoanGranted granted, Account borrower, int held, StandingOrder existing) {
        TransferDebited disbursement = new TransferDebited(granted.commandId(), granted.lender(), granted.borrower(),
            Asset.ATTENTION, granted.principal(), Amount.ZERO, granted.order().memo(), granted.at());
        if (borrower != null && (existing != null || held >= perAccountMax)) {
            return List.of(new LedgerEvent.TransferRefunded(granted.commandId(), granted.lender(), granted.borrower(),
                Asset.ATTENTION, granted.principal(), existing != null ? RejectionReason.COMMAND_ID_REUSED
                : RejectionReason.ORDER_LIMIT, granted.at()));
        }
        List<LedgerEvent> events = new ArrayList<>(ledger.receive(disbursement, borrower));
        if (events.getFirst() instanceof TransferCredited) {
            events.add(new LoanTaken(granted.borrower(), granted.lender(), granted.order(), granted.at()));
        }
        return events;
    }

    /**
     * The loan's next installment, due: what {@code borrower} ({@code account}) can spend at its due
     * time, up to the installment and the arrears, is paid; the rest stays in arrears, which do not decay.
     */
    static LoanPaid collect(StandingOrder order, AccountId borrower, Account account, Decay decay) {
        Instant due = order.nextDue();
        if (due == null || order.loan() == null) {
            throw new IllegalStateException("order " + order.id() + " has no installment due");
        }
        Instant at = account == null ? due : Ledger.bookingTime(account, Asset.ATTENTION, due);
        Amount spendable = account == null ? Amount.ZERO
            : Amount.rounded(account.spendable(Asset.ATTENTION, at, decay), RoundingMode.FLOOR);
        Loan loan = order.loan();
        LoanPlan.Collection collection = loan.plan().collect(loan.standing(), spendable);
        return paid(order.occurrenceId(order.next()), borrower, order, collection, at);
    }

    /** The borrower pays {@code order}'s loan off now, if it can spend the whole payoff. */
    public List<LedgerEvent> repay(RepayLoan command, StandingOrder order, Account account) {
        if (order == null || order.loan() == null) {
            return rejected(command, RejectionReason.UNKNOWN_ORDER, "account " + command.borrower() + " owes no loan "
                + command.loan() + " (never taken, or settled)");
        }
        if (account == null) { // a loan is taken by a credit, and accounts are never removed: cannot happen
            return rejected(command, RejectionReason.UNKNOWN_ACCOUNT, "no account " + command.borrower());
        }
        Instant at = Ledger.bookingTime(account, Asset.ATTENTION, command.acceptedAt());
        BigDecimal spendable = account.spendable(Asset.ATTENTION, at, ledger.decay());
        LoanPlan.Collection payoff = order.loan().plan().repay(order.loan().standing());
        if (spendable.compareTo(payoff.paid().toDecimal()) < 0) {
            return rejected(command, RejectionReason.INSUFFICIENT_FUNDS, "paying loan " + order.id() + " off takes "
                + payoff.paid() + ", can spend " + spendable.toPlainString());
        }
        return List.of(paid(command.id(), command.borrower(), order, payoff, at));
    }

    /** The lender's side of a payment: always credited, booked at the payment's time. */
    public List<LedgerEvent> receive(LoanPaid paid, Account lender) {
        if (lender == null) {
            throw new IllegalStateException("payment " + paid.commandId() + " for lender " + paid.lender()
                + ", which does not exist: a lender's account is never removed");
        }
        return List.of(new TransferCredited(paid.commandId(), paid.lender(), paid.borrower(), Asset.ATTENTION,
            paid.paid(), paid.at()));
    }

    private static LoanPaid paid(CommandId commandId, AccountId borrower, StandingOrder order,
                                 LoanPlan.Collection collection, Instant at) {
        LoanPlan.Standing before = order.loan().standing();
        Amount interest = collection.after().interestPaid().minus(before.interestPaid());
        return new LoanPaid(commandId, borrower, order.to(), order.id(), collection.paid(), interest, collection.after(), at);
    }

    private static List<LedgerEvent> rejected(LedgerCommand command, RejectionReason reason, String detail) {
        return List.of(Ledger.rejected(command, reason, detail, command.at()));
    }
}
