package io.timebank.ledger;

import java.time.Instant;
import java.util.List;

/**
 * What happened in the ledger. The ledger topic is the sequence of these events; every balance is
 * derived from them by {@link Ledger#apply}. Each event changes (at most) {@link #account()}, and
 * {@link #at()} is its event time: the time its amount starts to decay from.
 */
public sealed interface LedgerEvent {

    AccountId account();

    Instant at();

    /**
     * An account opened: by its first deposit or credit ({@code commandId} null), or by an operator's
     * command.
     */
    record AccountOpened(AccountId account, PlatformId platform, Amount creditLimit, Instant at, CommandId commandId)
        implements LedgerEvent {

        public AccountOpened(AccountId account, PlatformId platform, Amount creditLimit, Instant at) {
            this(account, platform, creditLimit, at, null);
        }
    }

    /**
     * A pending transfer created, on its sender: amount + fee leave the balance now and are reserved
     * for the transfer until it is posted, voided, or expires at {@code expiresAt}.
     */
    record TransferReserved(CommandId commandId, AccountId from, AccountId to, Asset asset, Amount amount, Amount fee,
                            String memo, Instant at, java.time.Duration timeout, Instant expiresAt, Measure feeFactor)
        implements LedgerEvent {
        public AccountId account() {
            return from;
        }

        public Amount debit() {
            return amount.plus(fee);
        }
    }

    /**
     * A pending transfer's amount held for its receiver as incoming (counted against its maximum
     * balance, like a multi-leg hold), under the id of the transfer's posting ({@code commandId}).
     */
    record ReservationHeld(CommandId commandId, AccountId to, AccountId from, Asset asset, Amount amount, Instant at)
        implements LedgerEvent {
        public AccountId account() {
            return to;
        }
    }

    /** A pending transfer's receiver cannot take it (no such account, the bank's own, above its maximum). */
    record ReservationRefused(CommandId commandId, AccountId to, AccountId from, RejectionReason reason, Instant at)
        implements LedgerEvent {
        public AccountId account() {
            return to;
        }
    }

    /** A pending transfer's hold ({@code commandId}: its posting's id) released on its receiver, the transfer voided. */
    record ReservationReleased(CommandId commandId, AccountId to, AccountId from, Instant at) implements LedgerEvent {
        public AccountId account() {
            return to;
        }
    }

    /**
     * A pending transfer posted ({@code commandId}: {@code <transfer>::post}), on its sender: the
     * reservation ends and the fee is charged; its receiver is credited the amount at the reservation's
     * time {@code reservedAt}, when it left the sender.
     */
    record TransferPosted(CommandId commandId, AccountId from, AccountId to, Asset asset, Amount amount, Amount fee,
                          Instant reservedAt, Instant at) implements LedgerEvent {
        public AccountId account() {
            return from;
        }
    }

    /** Why a pending transfer was voided. */
    enum VoidCause { VOIDED, EXPIRED, REFUSED }

    /**
     * A pending transfer voided ({@code commandId}: {@code <transfer>::void}), on its sender: amount and
     * fee come back, booked at the reservation's time ({@code at}), so the sender is restored exactly.
     * {@code refusal}: the receiver's reason, when it refused the transfer.
     */
    record TransferVoided(CommandId commandId, AccountId from, AccountId to, Asset asset, Amount amount, Amount fee,
                          VoidCause cause, RejectionReason refusal, Instant at, Instant voidedAt) implements LedgerEvent {
        public AccountId account() {
            return from;
        }
    }

    /** An operator changed {@code account}'s credit limit from {@code before} to {@code after}. */
    record CreditLimitChanged(CommandId commandId, AccountId account, Amount before, Amount after, Instant at)
        implements LedgerEvent {
    }

    /**
     * An activity credited: its measures, its score S (the raw value), and, when its platform has a
     * daily cap, what the cap made of it ({@code capped}: spacing, factor, the amount credited; null
     * when S was credited in full without a cap, as in every deposit booked before caps existed).
     */
    record Deposited(AccountId account, PlatformId platform, ActivityId activityId, Instant at,
                     Measures measures, Score score, DailyCap.Applied capped, Ranked ranked) implements LedgerEvent {

        public Deposited(AccountId account, PlatformId platform, ActivityId activityId, Instant at, Measures measures,
                         Score score) {
            this(account, platform, activityId, at, measures, score, null, null);
        }

        public Deposited(AccountId account, PlatformId platform, ActivityId activityId, Instant at, Measures measures,
                         Score score, DailyCap.Applied capped) {
            this(account, platform, activityId, at, measures, score, capped, null);
        }

        /** What the deposit adds to the balance. */
        public Amount credited() {
            return capped == null ? score.value() : capped.credited();
        }
    }

    /**
     * What the quality incentive made of a deposit: where S ranked among the platform's recent scores,
     * and the member's quality after it (docs/ECONOMICS.md, {@link QualityRule}).
     */
    record Ranked(Measure scoreRank, Measure qualityAfter) {
    }

    /** An activity that could not be credited (the account belongs to another platform). Changes nothing. */
    record DepositRejected(AccountId account, PlatformId platform, ActivityId activityId, RejectionReason reason,
                           String detail, Instant at) implements LedgerEvent {
    }

    /**
     * The first leg of a transfer, on the sender's partition: debit = amount + fee. {@code feeFactor}
     * is the quality incentive's multiplier on the fee (null: none, as before the incentive existed);
     * {@code available}: the sender asked to send everything available, and {@code amount} is what that was.
     */
    record TransferDebited(CommandId commandId, AccountId from, AccountId to, Asset asset, Amount amount,
                           Amount fee, String memo, Instant at, Measure feeFactor, boolean available, Metadata metadata)
        implements LedgerEvent {

        public TransferDebited {
            metadata = metadata == null ? Metadata.NONE : metadata;
        }

        public TransferDebited(CommandId commandId, AccountId from, AccountId to, Asset asset, Amount amount, Amount fee,
                               String memo, Instant at) {
            this(commandId, from, to, asset, amount, fee, memo, at, null, false, Metadata.NONE);
        }

        public TransferDebited(CommandId commandId, AccountId from, AccountId to, Asset asset, Amount amount, Amount fee,
                               String memo, Instant at, Measure feeFactor) {
            this(commandId, from, to, asset, amount, fee, memo, at, feeFactor, false, Metadata.NONE);
        }

        public TransferDebited(CommandId commandId, AccountId from, AccountId to, Asset asset, Amount amount, Amount fee,
                               String memo, Instant at, Measure feeFactor, boolean available) {
            this(commandId, from, to, asset, amount, fee, memo, at, feeFactor, available, Metadata.NONE);
        }

        public AccountId account() {
            return from;
        }

        public Amount debit() {
            return amount.plus(fee);
        }
    }

    /**
     * The second leg, on the receiver's partition, booked at the debit's time; also each leg of a
     * settled multi-leg transfer, which releases the leg's hold.
     */
    record TransferCredited(CommandId commandId, AccountId to, AccountId from, Asset asset, Amount amount,
                            Instant at, Metadata metadata) implements LedgerEvent {

        public TransferCredited {
            metadata = metadata == null ? Metadata.NONE : metadata;
        }

        public TransferCredited(CommandId commandId, AccountId to, AccountId from, Asset asset, Amount amount,
                                Instant at) {
            this(commandId, to, from, asset, amount, at, Metadata.NONE);
        }

        public AccountId account() {
            return to;
        }
    }

    /** The second leg could not be applied: the amount goes back to the sender at the debit's time. */
    record TransferRefunded(CommandId commandId, AccountId from, AccountId to, Asset asset, Amount amount,
                            RejectionReason reason, Instant at, Metadata metadata) implements LedgerEvent {

        public TransferRefunded {
            metadata = metadata == null ? Metadata.NONE : metadata;
        }

        public TransferRefunded(CommandId commandId, AccountId from, AccountId to, Asset asset, Amount amount,
                                RejectionReason reason, Instant at) {
            this(commandId, from, to, asset, amount, reason, at, Metadata.NONE);
        }

        public AccountId account() {
            return from;
        }
    }

    /**
     * A multi-leg transfer decided on the payer's partition: the payer debited every leg's amount and
     * fee at once; each leg is then offered to its receiver's partition.
     */
    record LegsDebited(CommandId commandId, AccountId from, Asset asset, List<Leg.Priced> legs, Instant at,
                       Measure feeFactor) implements LedgerEvent {

        public LegsDebited {
            legs = List.copyOf(legs);
        }

        public AccountId account() {
            return from;
        }

        /** What the legs move, without their fees. */
        public Amount amount() {
            return legs.stream().map(Leg.Priced::amount).reduce(Amount.ZERO, Amount::plus);
        }

        public Amount fee() {
            return legs.stream().map(Leg.Priced::fee).reduce(Amount.ZERO, Amount::plus);
        }

        public Amount debit() {
            return amount().plus(fee());
        }

        /** The leg for {@code receiver}. */
        public Leg.Priced legTo(AccountId receiver) {
            return legs.stream().filter(leg -> leg.to().equals(receiver)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no leg of " + commandId + " to " + receiver));
        }
    }

    /**
     * On a receiver's partition: its leg held for it until the transfer settles — counted against its
     * maximum balance, not yet its own.
     */
    record LegHeld(CommandId commandId, AccountId to, AccountId from, Asset asset, Amount amount, Instant at)
        implements LedgerEvent {
        public AccountId account() {
            return to;
        }
    }

    /** On a receiver's partition: the leg cannot be received (why: {@code reason}). Changes nothing. */
    record LegRefused(CommandId commandId, AccountId to, AccountId from, RejectionReason reason, Instant at)
        implements LedgerEvent {
        public AccountId account() {
            return to;
        }
    }

    /** On the payer's partition: a receiver's answer to its leg, as the payer's account keeps it. */
    record LegAnswered(CommandId commandId, AccountId from, Leg.Answer answer, Instant at) implements LedgerEvent {
        public AccountId account() {
            return from;
        }
    }

    /**
     * On the payer's partition, once every leg is held: the transfer settles, and each receiver is
     * credited its leg ({@link TransferCredited}, booked at the debit's time). Books nothing on the payer.
     */
    record LegsSettled(CommandId commandId, AccountId from, Asset asset, List<Leg.Priced> legs, Instant at)
        implements LedgerEvent {

        public LegsSettled {
            legs = List.copyOf(legs);
        }

        public AccountId account() {
            return from;
        }
    }

    /**
     * On the payer's partition, once every receiver has answered and one refused: the legs' amounts
     * come back to the payer at the debit's time (the fees are kept, as for a refunded transfer), and
     * the receivers that held a leg ({@code held}) release it.
     */
    record LegsRefunded(CommandId commandId, AccountId from, Asset asset, Amount amount, Leg.Answer refusal,
                        List<AccountId> held, Instant at) implements LedgerEvent {

        public LegsRefunded {
            held = List.copyOf(held);
        }

        public AccountId account() {
            return from;
        }
    }

    /** On a receiver's partition: its hold released, the transfer having been refunded. */
    record LegReleased(CommandId commandId, AccountId to, AccountId from, Instant at) implements LedgerEvent {
        public AccountId account() {
            return to;
        }
    }

    /** Fees accrued on one partition, settled to the bank's fee account. */
    record FeeSettled(String settlementId, AccountId account, Asset asset, Amount amount, Instant at)
        implements LedgerEvent {
    }

    record Exchanged(CommandId commandId, AccountId account, Amount attention, Amount stable, ExchangeRate rate,
                     Instant at) implements LedgerEvent {
    }

    /** Stable added to the bank's reserve by its treasury. */
    record ReserveFunded(CommandId commandId, AccountId account, Amount amount, Instant at) implements LedgerEvent {
    }

    /**
     * A command the ledger refused. Changes no balance. {@code content} is the refused command's
     * {@link CommandKey#contentOf content hash}, so that a later request with the same key can be told
     * apart from a retry ({@link CommandKey#CONTENT_UNKNOWN} in rejections booked before it was kept).
     */
    record CommandRejected(CommandId commandId, AccountId account, String command, RejectionReason reason,
                           String detail, Instant at, long content) implements LedgerEvent {
    }

    /** A standing order set up: its occurrences run from its schedule's first due time. */
    record StandingOrderPlaced(AccountId account, StandingOrder order, Instant at) implements LedgerEvent {
    }

    /**
     * A standing order ended before its schedule did: cancelled by its payer ({@code commandId} is
     * {@code <order>::cancel}), or by itself after its consecutive failures ({@code commandId} is the
     * occurrence that failed last). {@code detail} says which, in words.
     */
    record StandingOrderCancelled(CommandId commandId, AccountId account, CommandId order, String detail, Instant at)
        implements LedgerEvent {
    }

    /** Attention locked in a term deposit: out of the balance at {@code at}, into its own sub-balance. */
    record TermDepositOpened(CommandId commandId, AccountId account, TermDeposit deposit, java.time.Duration term,
                             Instant at) implements LedgerEvent {
    }

    /**
     * A term deposit back in the balance: at its maturity by itself ({@code commandId} {@code <deposit>::matured},
     * no penalty), or withdrawn early ({@code <deposit>::withdraw}, re-valued at the bank's τ; {@code penalty}
     * is what the term's slower decay would have kept).
     */
    record TermDepositReturned(CommandId commandId, AccountId account, CommandId deposit, Amount value, Amount penalty,
                               Instant at) implements LedgerEvent {
    }

    /**
     * A loan granted, on its lender's partition: the principal leaves the lender (no fee) at {@code at};
     * the borrower's partition takes it ({@link LoanTaken}, credited) or refunds it.
     */
    record LoanGranted(AccountId lender, AccountId borrower, StandingOrder order, Instant at) implements LedgerEvent {

        public CommandId commandId() {
            return order.id();
        }

        public Amount principal() {
            return order.loan().plan().principal();
        }

        public AccountId account() {
            return lender;
        }
    }

    /**
     * On the borrower's partition, beside the principal's credit: the loan set up among the borrower's
     * standing orders, its installments to be collected at their due times. Books nothing itself.
     */
    record LoanTaken(AccountId borrower, AccountId lender, StandingOrder order, Instant at) implements LedgerEvent {

        public CommandId commandId() {
            return order.id();
        }

        public AccountId account() {
            return borrower;
        }
    }

    /**
     * A payment of a loan, on the borrower's partition: installment {@code <loan>::<n>} collected by
     * the bank (what the borrower could pay of it and the arrears, possibly nothing), or the loan paid
     * off (the payoff command's own id). {@code paid} leaves the borrower (no fee) and is credited to the
     * lender; {@code interest} is its interest part; {@code after} is the loan's standing after it.
     */
    record LoanPaid(CommandId commandId, AccountId borrower, AccountId lender, CommandId loan, Amount paid,
                    Amount interest, LoanPlan.Standing after, Instant at) implements LedgerEvent {

        public AccountId account() {
            return borrower;
        }
    }

    /** A mandate given: {@code payer} lets {@code collector} collect up to {@code max} at once. */
    record MandateGranted(CommandId commandId, AccountId payer, AccountId collector, Amount max, Instant at)
        implements LedgerEvent {
        public AccountId account() {
            return payer;
        }
    }

    /** A mandate withdrawn. */
    record MandateRevoked(CommandId commandId, AccountId payer, AccountId collector, Instant at) implements LedgerEvent {
        public AccountId account() {
            return payer;
        }
    }

    /**
     * A collection decided on its collector's partition: each leg held for the collector (counted
     * against its maximum balance) until every payer has answered; each leg is then asked of its payer.
     * Books nothing yet.
     */
    record CollectionOpened(CommandId commandId, AccountId to, Asset asset, List<Contribution> legs, Instant at)
        implements LedgerEvent {

        public CollectionOpened {
            legs = List.copyOf(legs);
        }

        public AccountId account() {
            return to;
        }

        /** The leg of {@code payer}. */
        public Contribution legOf(AccountId payer) {
            return legs.stream().filter(leg -> leg.from().equals(payer)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no leg of " + commandId + " from " + payer));
        }

        public Amount amount() {
            return legs.stream().map(Contribution::amount).reduce(Amount.ZERO, Amount::plus);
        }
    }

    /**
     * On a payer's partition: its leg of a collection debited under its mandate, at the collection's
     * time (no fee: the collector pays the fees), the answer sent to the collector.
     */
    record CollectionLegDebited(CommandId commandId, AccountId from, AccountId to, Asset asset, Amount amount,
                                String memo, Instant at) implements LedgerEvent {
        public AccountId account() {
            return from;
        }
    }

    /** On a payer's partition: its leg refused (no mandate covering it, too little, no such account). Books nothing. */
    record CollectionLegRefused(CommandId commandId, AccountId from, AccountId to, RejectionReason reason, Instant at)
        implements LedgerEvent {
        public AccountId account() {
            return from;
        }
    }

    /**
     * On the collector's partition, every leg debited: the whole ({@code amount}) credited at the
     * collection's time less {@code fee}, the collector's fees for its legs; the hold released.
     */
    record CollectionSettled(CommandId commandId, AccountId to, Asset asset, Amount amount, Amount fee, Instant at)
        implements LedgerEvent {
        public AccountId account() {
            return to;
        }

        /** What the collector is credited. */
        public Amount credit() {
            return amount.minus(fee);
        }
    }

    /**
     * On the collector's partition, a leg refused ({@code refusal}): nothing credited, the holds
     * released, and each leg that was debited ({@code debited}) returned to its payer.
     */
    record CollectionRefunded(CommandId commandId, AccountId to, Asset asset, Leg.Answer refusal,
                              List<Contribution> debited, Instant at) implements LedgerEvent {

        public CollectionRefunded {
            debited = List.copyOf(debited);
        }

        public AccountId account() {
            return to;
        }
    }

    /** On a payer's partition: its debited leg returned whole, the collection having been refunded. */
    record CollectionLegReturned(CommandId commandId, AccountId from, AccountId to, Asset asset, Amount amount, Instant at)
        implements LedgerEvent {
        public AccountId account() {
            return from;
        }
    }
}
