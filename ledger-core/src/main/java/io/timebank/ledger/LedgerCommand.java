package io.timebank.ledger;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What can be asked of the ledger. Each command is decided on the partition of {@link #account()}:
 * the account whose balance it may take from, or that it creates.
 */
public sealed interface LedgerCommand {

    AccountId account();

    /** The command's event time: when the bank accepted it, or when the activity happened. */
    Instant at();

    /**
     * A scored activity credits its member; opens the account on first deposit.
     *
     * @param scoreRank where S stands among the platform's recent scores, in [0, 1], for the quality
     *                  incentive; null when the incentive is off
     */
    record Deposit(Activity activity, Score score, Measure scoreRank) implements LedgerCommand {

        public Deposit(Activity activity, Score score) {
            this(activity, score, null);
        }

        public AccountId account() {
            return activity.account();
        }

        public Instant at() {
            return activity.occurredAt();
        }
    }

    record OpenAccount(CommandId id, AccountId account, PlatformId platform, Amount creditLimit, Instant acceptedAt)
        implements LedgerCommand {
        public Instant at() {
            return acceptedAt;
        }
    }

    /**
     * A transfer created pending ({@link TwoPhaseTransfers}): its amount and fee are reserved now, and it
     * is posted or voided later by its id, or voided at {@code acceptedAt + timeout}.
     */
    record ReserveTransfer(CommandId id, AccountId from, AccountId to, Asset asset, Amount amount, String memo,
                           Duration timeout, Instant acceptedAt) implements LedgerCommand {
        public AccountId account() {
            return from;
        }

        public Instant at() {
            return acceptedAt;
        }
    }

    /** Post {@code from}'s pending transfer {@code transfer}: the command {@code <transfer>::post}. */
    record PostTransfer(CommandId id, AccountId from, CommandId transfer, Instant acceptedAt) implements LedgerCommand {
        public AccountId account() {
            return from;
        }

        public Instant at() {
            return acceptedAt;
        }
    }

    /** Void {@code from}'s pending transfer {@code transfer}: the command {@code <transfer>::void}. */
    record VoidTransfer(CommandId id, AccountId from, CommandId transfer, Instant acceptedAt) implements LedgerCommand {
        public AccountId account() {
            return from;
        }

        public Instant at() {
            return acceptedAt;
        }
    }

    /** An operator sets {@code account}'s credit limit: how far below zero its balances may go. */
    record ChangeCreditLimit(CommandId id, AccountId account, Amount creditLimit, Instant acceptedAt)
        implements LedgerCommand {
        public Instant at() {
            return acceptedAt;
        }
    }

    /**
     * Move {@code amount} of {@code asset} from one account to another; the fee is charged on top.
     * With {@code available}, the amount is everything the sender can send when the transfer is
     * booked ({@link Ledger#available}), and {@code amount} is zero. {@code metadata}: the client's typed
     * fields, kept in the transfer's events on both sides.
     */
    record Transfer(CommandId id, AccountId from, AccountId to, Asset asset, Amount amount, String memo,
                    Instant acceptedAt, boolean available, Metadata metadata) implements LedgerCommand {

        public Transfer {
            metadata = metadata == null ? Metadata.NONE : metadata;
        }

        public Transfer(CommandId id, AccountId from, AccountId to, Asset asset, Amount amount, String memo,
                        Instant acceptedAt) {
            this(id, from, to, asset, amount, memo, acceptedAt, false, Metadata.NONE);
        }

        public Transfer(CommandId id, AccountId from, AccountId to, Asset asset, Amount amount, String memo,
                        Instant acceptedAt, boolean available) {
            this(id, from, to, asset, amount, memo, acceptedAt, available, Metadata.NONE);
        }

        public AccountId account() {
            return from;
        }

        public Instant at() {
            return acceptedAt;
        }
    }

    /**
     * Move value from one account to several ({@link Leg}s, each with its amount and memo), all legs
     * or none: the payer is debited every leg's amount and fee at once; each receiver holds its leg;
     * once every receiver has answered, every leg is credited, or, if any leg was refused, the
     * amounts go back to the payer and the holds are released.
     */
    record MultiLegTransfer(CommandId id, AccountId from, Asset asset, List<Leg> legs, Instant acceptedAt)
        implements LedgerCommand {

        public MultiLegTransfer {
            legs = List.copyOf(legs);
        }

        public AccountId account() {
            return from;
        }

        public Instant at() {
            return acceptedAt;
        }
    }

    /**
     * The bank's treasury adds {@code amount} of the stable asset to its reserve {@code account} (an
     * account the bank owns): what backs the floating rate. An operator's command.
     */
    record FundReserve(CommandId id, AccountId account, Amount amount, Instant acceptedAt) implements LedgerCommand {
        public Instant at() {
            return acceptedAt;
        }
    }

    /** Convert {@code amount} of attention into the stable asset at the bank's current rate. */
    record Exchange(CommandId id, AccountId account, Amount amount, Instant acceptedAt) implements LedgerCommand {
        public Instant at() {
            return acceptedAt;
        }
    }

    /**
     * Set up a standing order: {@code order}'s occurrences, each a transfer from {@code from}, run by
     * the bank at their due times. The order's id is the command's.
     */
    record PlaceStandingOrder(AccountId from, StandingOrder order, Instant acceptedAt) implements LedgerCommand {
        public CommandId id() {
            return order.id();
        }

        public AccountId account() {
            return from;
        }

        public Instant at() {
            return acceptedAt;
        }
    }

    /** Cancel {@code from}'s standing order {@code order}: no occurrence runs after it. Its id is {@link StandingOrder#cancellationId}. */
    record CancelStandingOrder(AccountId from, CommandId order, Instant acceptedAt) implements LedgerCommand {
        public CommandId id() {
            return StandingOrder.cancellationId(order);
        }

        public AccountId account() {
            return from;
        }

        public Instant at() {
            return acceptedAt;
        }
    }

    /** Lock {@code amount} of attention for {@code term} in a term deposit (its id is the command's). */
    record OpenTermDeposit(CommandId id, AccountId account, Amount amount, java.time.Duration term, Instant acceptedAt)
        implements LedgerCommand {
        public Instant at() {
            return acceptedAt;
        }
    }

    /** Withdraw term deposit {@code deposit} before its maturity; its id is {@code <deposit>::withdraw}, one per deposit. */
    record WithdrawTermDeposit(AccountId account, CommandId deposit, Instant acceptedAt) implements LedgerCommand {
        public CommandId id() {
            return TermDeposits.withdrawalId(deposit);
        }

        public Instant at() {
            return acceptedAt;
        }
    }

    /**
     * Lend {@code order}'s principal from {@code lender} to the borrower: disbursed at once, repaid in
     * installments the bank collects by itself ({@code order} is the loan's, {@link StandingOrder#ofLoan}).
     * The loan's id is the command's. An operator's command.
     */
    record GrantLoan(AccountId lender, AccountId borrower, StandingOrder order, Instant acceptedAt)
        implements LedgerCommand {

        public GrantLoan {
            if (order.loan() == null || !order.loan().lender().equals(lender)) {
                throw new IllegalArgumentException("a loan is granted with its loan's order, paying its lender");
            }
        }

        public CommandId id() {
            return order.id();
        }

        public AccountId account() {
            return lender;
        }

        public Instant at() {
            return acceptedAt;
        }
    }

    /**
     * The borrower pays loan {@code loan} off now. Its id is the client's: a payoff refused for want of
     * funds may be asked again, under a new id, once the borrower has them.
     */
    record RepayLoan(CommandId id, AccountId borrower, CommandId loan, Instant acceptedAt) implements LedgerCommand {
        public AccountId account() {
            return borrower;
        }

        public Instant at() {
            return acceptedAt;
        }
    }

    /**
     * Collect from several payers into {@code to}, each leg with its amount and memo, all legs or none
     * (a direct debit): each payer's leg is debited (amount and fee, the payer's) only under the
     * payer's mandate to {@code to}; once every payer has answered, {@code to} is credited the whole,
     * or every leg debited is returned. Decided on {@code to}'s partition.
     */
    record Collection(CommandId id, AccountId to, Asset asset, List<Contribution> legs, Instant acceptedAt)
        implements LedgerCommand {

        public Collection {
            legs = List.copyOf(legs);
        }

        public AccountId account() {
            return to;
        }

        public Instant at() {
            return acceptedAt;
        }
    }

    /** {@code payer} lets {@code collector} collect from it, up to {@code max} at once (replacing any mandate before). */
    record GrantMandate(CommandId id, AccountId payer, AccountId collector, Amount max, Instant acceptedAt)
        implements LedgerCommand {
        public AccountId account() {
            return payer;
        }

        public Instant at() {
            return acceptedAt;
        }
    }

    /** {@code payer} withdraws its mandate to {@code collector}: no collection debits it after this. */
    record RevokeMandate(CommandId id, AccountId payer, AccountId collector, Instant acceptedAt) implements LedgerCommand {
        public AccountId account() {
            return payer;
        }

        public Instant at() {
            return acceptedAt;
        }
    }
}
