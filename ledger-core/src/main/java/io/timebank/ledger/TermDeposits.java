package io.timebank.ledger;

import io.timebank.ledger.LedgerCommand.OpenTermDeposit;
import io.timebank.ledger.LedgerCommand.WithdrawTermDeposit;
import io.timebank.ledger.LedgerEvent.TermDepositOpened;
import io.timebank.ledger.LedgerEvent.TermDepositReturned;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The rules of term deposits, beside the {@link Ledger}'s: opening one (attention out of the
 * balance, into a sub-balance decaying at its term's τ), withdrawing it early (re-valued at the
 * bank's τ), and its return at maturity, which the partition's scheduler books by itself. Folding
 * the events into the account is the ledger's ({@link Ledger#apply}).
 *
 * @param perAccountMax the most term deposits one account may hold at a time
 */
public record TermDeposits(Ledger ledger, TermTable table, int perAccountMax) {

    public static final int PER_ACCOUNT_MAX = 20;
    /** The longest deposit id: room for {@code ::withdraw} within a command id. */
    public static final int ID_LENGTH_MAX = 100;

    /** The id of the command that withdraws {@code deposit}: one per deposit, so a retry is the same command. */
    public static CommandId withdrawalId(CommandId deposit) {
        return CommandId.of(deposit.value() + StandingOrder.OCCURRENCE_SEPARATOR + "withdraw");
    }

    /** The id of the bank's return of {@code deposit} at its maturity. */
    public static CommandId maturityId(CommandId deposit) {
        return CommandId.of(deposit.value() + StandingOrder.OCCURRENCE_SEPARATOR + "matured");
    }

    public List<LedgerEvent> open(OpenTermDeposit command, Account account) {
        Duration tau = table.meanLifetime(command.term());
        if (command.id().value().length() > ID_LENGTH_MAX) {
            return rejected(command, RejectionReason.INVALID_AMOUNT, "a deposit's id has at most " + ID_LENGTH_MAX
                + " characters");
        }
        if (ledger.isReserved(command.account())) {
            return rejected(command, RejectionReason.RESERVED_ACCOUNT, "account " + command.account()
                + " is the bank's own");
        }
        if (tau == null) {
            return rejected(command, RejectionReason.UNKNOWN_TERM, "the bank offers terms of " + table.terms().keySet()
                + ", not " + command.term());
        }
        Amount max = ledger.limits().amountMax();
        if (!command.amount().isPositive() || command.amount().compareTo(max) > 0) {
            return rejected(command, RejectionReason.INVALID_AMOUNT, "amount must be above 0 and at most " + max
                + ", was " + command.amount());
        }
        if (account == null) {
            return rejected(command, RejectionReason.UNKNOWN_ACCOUNT, "no account " + command.account());
        }
        if (account.term(command.id()) != null) {
            return rejected(command, RejectionReason.COMMAND_ID_REUSED, "account " + command.account()
                + " holds a term deposit " + command.id() + " already");
        }
        if (account.terms().size() >= perAccountMax) {
            return rejected(command, RejectionReason.DEPOSIT_LIMIT, "account " + command.account() + " holds "
                + account.terms().size() + " term deposits, the most it may");
        }
        Instant at = Ledger.bookingTime(account, Asset.ATTENTION, command.acceptedAt());
        BigDecimal spendable = account.spendable(Asset.ATTENTION, at, ledger.decay());
        if (spendable.compareTo(command.amount().toDecimal()) < 0) {
            return rejected(command, RejectionReason.INSUFFICIENT_FUNDS, "needs " + command.amount() + ", can spend "
                + spendable.toPlainString());
        }
        TermDeposit deposit = new TermDeposit(command.id(), command.amount(), at, at.plus(command.term()), tau);
        return List.of(new TermDepositOpened(command.id(), command.account(), deposit, command.term(), at));
    }

    /** An early withdrawal: the deposit back in the balance now, decayed as if at the bank's τ all along. */
    public List<LedgerEvent> withdraw(WithdrawTermDeposit command, Account account) {
        TermDeposit deposit = account == null ? null : account.term(command.deposit());
        if (deposit == null) {
            return rejected(command, RejectionReason.UNKNOWN_DEPOSIT, "account " + command.account()
                + " has no term deposit " + command.deposit() + " (never opened, matured, or withdrawn)");
        }
        Instant at = Ledger.bookingTime(account, Asset.ATTENTION, command.acceptedAt());
        if (!at.isBefore(deposit.maturity())) {
            // Matured, and not yet returned by the scheduler: returned as it would have been, at its maturity.
            return List.of(new TermDepositReturned(command.id(), command.account(), deposit.id(),
                deposit.valueAt(deposit.maturity()), Amount.ZERO, deposit.maturity()));
        }
        Amount value = deposit.withdrawalValue(at, ledger.decay());
        Amount penalty = deposit.valueAt(at).minus(value);
        return List.of(new TermDepositReturned(command.id(), command.account(), deposit.id(), value,
            penalty.isNegative() ? Amount.ZERO : penalty, at));
    }

    /**
     * The deposit back in the balance at its maturity {@code due}, worth principal × e^(−term/τ_term);
     * nothing if it is gone, or if the deposit of that id now held matures at another time (one
     * withdrawn, then opened again under its id).
     */
    public List<LedgerEvent> mature(AccountId account, Account state, CommandId depositId, Instant due) {
        TermDeposit deposit = state == null ? null : state.term(depositId);
        if (deposit == null || !deposit.maturity().equals(due)) {
            return List.of();
        }
        return List.of(new TermDepositReturned(maturityId(depositId), account, depositId,
            deposit.valueAt(deposit.maturity()), Amount.ZERO, deposit.maturity()));
    }

    private static List<LedgerEvent> rejected(LedgerCommand command, RejectionReason reason, String detail) {
        return List.of(Ledger.rejected(command, reason, detail, command.at()));
    }
}
