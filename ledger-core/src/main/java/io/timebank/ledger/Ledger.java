package io.timebank.ledger;

import io.timebank.ledger.LedgerCommand.Deposit;
import io.timebank.ledger.LedgerCommand.Exchange;
import io.timebank.ledger.LedgerCommand.FundReserve;
import io.timebank.ledger.LedgerCommand.OpenAccount;
import io.timebank.ledger.LedgerCommand.Transfer;
import io.timebank.ledger.LedgerEvent.AccountOpened;
import io.timebank.ledger.LedgerEvent.CommandRejected;
import io.timebank.ledger.LedgerEvent.DepositRejected;
import io.timebank.ledger.LedgerEvent.Deposited;
import io.timebank.ledger.LedgerEvent.Exchanged;
import io.timebank.ledger.LedgerEvent.FeeSettled;
import io.timebank.ledger.LedgerEvent.LegHeld;
import io.timebank.ledger.LedgerEvent.LegReleased;
import io.timebank.ledger.LedgerEvent.LegRefused;
import io.timebank.ledger.LedgerEvent.LegsDebited;
import io.timebank.ledger.LedgerEvent.LegsRefunded;
import io.timebank.ledger.LedgerEvent.LegsSettled;
import io.timebank.ledger.LedgerEvent.ReserveFunded;
import io.timebank.ledger.LedgerEvent.TransferCredited;
import io.timebank.ledger.LedgerEvent.TransferDebited;
import io.timebank.ledger.LedgerEvent.TransferRefunded;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The rules of the bank, as pure functions. {@link #decide} turns a command and the current
 * state of its account into events (a refusal is an event too); {@link #receive} decides the
 * second leg of a transfer on the receiver's side; {@link #apply} folds an event into an
 * account's state. Adapters route commands and events; they never decide. The rules of the
 * bank's longer protocols live beside it and share its checks: {@link MultiLegTransfers},
 * {@link DirectDebits}, {@link StandingOrders}, {@link TermDeposits}, {@link Loans}.
 *
 * <p>Booking time: a debit is booked at the command's time, or at the asset's last entry if that
 * is later, so debits never reach back before entries already booked (but a collection's legs,
 * dated at the collection, see {@link DirectDebits}). Credits (deposits, the
 * receiving leg of a transfer, refunds) may be late: they are booked at their own event time.
 *
 * @param decay    τ for the attention asset
 * @param fees     the transfer fee schedule
 * @param platform the bank's own platform, owner of the fee account
 * @param limits   bounds on amounts
 * @param reserved the accounts the bank itself owns (its fee account, reserves, funds): no deposit
 *                 opens or credits one, no transfer or exchange names one; only the bank's own rules
 *                 (fee settlement) move them
 * @param caps     each platform's daily cap on what its activities credit a member
 * @param quality  the incentive for sustained quality (a fee factor per member); null for none
 * @param funds    the bank's payout funds, among its reserved accounts: members may transfer into one
 *                 (a contribution, which opens it); only the bank's payout plans pay out of one
 *                 (commands with a bank's id, {@code <plan>::<n>}, which no client can send)
 */
public record Ledger(Decay decay, FeeSchedule fees, PlatformId platform, InputLimits limits,
                     Set<AccountId> reserved, DailyCaps caps, QualityRule quality, Set<AccountId> funds) {

    public static final PlatformId BANK = new PlatformId("bank");

    public Ledger {
        reserved = Set.copyOf(reserved);
        funds = funds == null ? Set.of() : Set.copyOf(funds);
        if (!reserved.containsAll(funds)) {
            throw new IllegalArgumentException("payout funds must be among the bank's own accounts: " + funds);
        }
        if (caps == null) {
            throw new IllegalArgumentException("caps are required (DailyCaps.NONE for none)");
        }
        if (fees.minimum().compareTo(limits.amountMax()) > 0) {
            // Keeps amount + fee within a long for every amount up to amountMax.
            throw new IllegalArgumentException("the minimum fee " + fees.minimum() + " is above amountMax "
                + limits.amountMax());
        }
    }

    /** A ledger without payout funds. */
    public Ledger(Decay decay, FeeSchedule fees, PlatformId platform, InputLimits limits, Set<AccountId> reserved,
                  DailyCaps caps, QualityRule quality) {
        this(decay, fees, platform, limits, reserved, caps, quality, Set.of());
    }

    /** A ledger without the quality incentive. */
    public Ledger(Decay decay, FeeSchedule fees, PlatformId platform, InputLimits limits, Set<AccountId> reserved,
                  DailyCaps caps) {
        this(decay, fees, platform, limits, reserved, caps, null);
    }

    /** A ledger that caps no platform. */
    public Ledger(Decay decay, FeeSchedule fees, PlatformId platform, InputLimits limits, Set<AccountId> reserved) {
        this(decay, fees, platform, limits, reserved, DailyCaps.NONE);
    }

    /** A ledger that caps no platform and whose bank owns no accounts but the one its fees settle into, unnamed. */
    public Ledger(Decay decay, FeeSchedule fees, PlatformId platform, InputLimits limits) {
        this(decay, fees, platform, limits, Set.of());
    }

    public boolean isReserved(AccountId account) {
        return reserved.contains(account);
    }

    /** Whether {@code account} is one of the bank's payout funds. */
    public boolean isFund(AccountId account) {
        return funds.contains(account);
    }

    /** Whether {@code payer} may pay by {@code id}: any member may; a fund only by a plan's occurrence, never a client. */
    boolean mayPay(AccountId payer, CommandId id) {
        return !isReserved(payer) || (isFund(payer) && !id.isClients());
    }

    /** Decides a command against its account's state ({@code null} when the account does not exist). */
    public List<LedgerEvent> decide(LedgerCommand command, Account account, ExchangeRate rate) {
        if (account != null && !account.id().equals(command.account())) {
            throw new IllegalArgumentException("command for " + command.account() + " decided against " + account.id());
        }
        return switch (command) {
            case Deposit deposit -> deposit(deposit, account);
            case OpenAccount open -> open(open, account);
            case LedgerCommand.ChangeCreditLimit change -> changeCreditLimit(change, account);
            case LedgerCommand.ReserveTransfer reserve -> new TwoPhaseTransfers(this).reserve(reserve, account);
            case LedgerCommand.PostTransfer post -> new TwoPhaseTransfers(this).post(post, account);
            case LedgerCommand.VoidTransfer cancel -> new TwoPhaseTransfers(this).cancel(cancel, account);
            case Transfer transfer -> transfer(transfer, account);
            case LedgerCommand.MultiLegTransfer transfer -> new MultiLegTransfers(this).decide(transfer, account);
            case Exchange exchange -> exchange(exchange, account, rate);
            case FundReserve fund -> fundReserve(fund, account);
            case LedgerCommand.PlaceStandingOrder place ->
                throw new IllegalArgumentException("a standing order is decided by StandingOrders, with the account's orders");
            case LedgerCommand.CancelStandingOrder cancel ->
                throw new IllegalArgumentException("a standing order is decided by StandingOrders, with the account's orders");
            case LedgerCommand.OpenTermDeposit open ->
                throw new IllegalArgumentException("a term deposit is decided by TermDeposits, with the bank's terms");
            case LedgerCommand.WithdrawTermDeposit withdraw ->
                throw new IllegalArgumentException("a term deposit is decided by TermDeposits, with the bank's terms");
            case LedgerCommand.GrantLoan grant ->
                throw new IllegalArgumentException("a loan is decided by Loans, with the borrower's orders");
            case LedgerCommand.RepayLoan repay ->
                throw new IllegalArgumentException("a loan is decided by Loans, with the borrower's orders");
            case LedgerCommand.Collection collection ->
                throw new IllegalArgumentException("a collection is decided by DirectDebits");
            case LedgerCommand.GrantMandate grant ->
                throw new IllegalArgumentException("a mandate is decided by DirectDebits");
            case LedgerCommand.RevokeMandate revoke ->
                throw new IllegalArgumentException("a mandate is decided by DirectDebits");
        };
    }


    private List<LedgerEvent> deposit(Deposit deposit, Account account) {
        Activity activity = deposit.activity();
        if (isReserved(activity.account())) {
            return List.of(new DepositRejected(activity.account(), activity.platform(), activity.id(),
                RejectionReason.RESERVED_ACCOUNT, "account " + activity.account() + " is the bank's own",
                activity.occurredAt()));
        }
        if (account != null && !account.platform().equals(activity.platform())) {
            return List.of(new DepositRejected(activity.account(), activity.platform(), activity.id(),
                RejectionReason.PLATFORM_MISMATCH, "account " + account.id() + " belongs to platform " + account.platform(),
                activity.occurredAt()));
        }
        // An account takes activities from its own platform only: its days are the member's days there.
        DailyCap cap = caps.forPlatform(activity.platform());
        DailyCap.Applied capped = null;
        if (cap != null) {
            DailyCap.Day day = account == null ? null : account.day(LocalDate.ofInstant(activity.occurredAt(), ZoneOffset.UTC));
            capped = cap.credit(day, activity.occurredAt(), deposit.score().value()).applied();
        }
        LedgerEvent.Ranked ranked = null;
        if (quality != null && deposit.scoreRank() != null) {
            QualityRule.Quality before = account == null ? QualityRule.Quality.NONE : account.quality();
            ranked = new LedgerEvent.Ranked(deposit.scoreRank(), quality.next(before, deposit.scoreRank()));
        }
        Deposited deposited = new Deposited(activity.account(), activity.platform(), activity.id(),
            activity.occurredAt(), activity.measures(), deposit.score(), capped, ranked);
        if (account == null) {
            return List.of(new AccountOpened(activity.account(), activity.platform(), Amount.ZERO, activity.occurredAt()),
                deposited);
        }
        BigDecimal after = balanceAfter(account, Asset.ATTENTION, activity.occurredAt(), deposited.credited());
        if (aboveMaximum(after)) {
            return List.of(new DepositRejected(activity.account(), activity.platform(), activity.id(),
                RejectionReason.BALANCE_LIMIT, "the deposit of " + deposited.credited() + " would carry the balance to "
                    + after.toPlainString() + ", above the maximum " + limits.balanceMax(), activity.occurredAt()));
        }
        return List.of(deposited);
    }

    private List<LedgerEvent> open(OpenAccount open, Account account) {
        if (isReserved(open.account())) {
            return List.of(rejected(open, RejectionReason.RESERVED_ACCOUNT, "account " + open.account()
                + " is the bank's own: it opens by the bank's rules only", open.acceptedAt()));
        }
        if (account != null) {
            RejectionReason reason = account.platform().equals(open.platform())
                ? RejectionReason.ACCOUNT_EXISTS : RejectionReason.PLATFORM_MISMATCH;
            return List.of(rejected(open, reason, "account " + account.id() + " already exists", open.acceptedAt()));
        }
        if (open.creditLimit().isNegative() || open.creditLimit().compareTo(limits.balanceMax()) > 0) {
            return List.of(rejected(open, RejectionReason.INVALID_AMOUNT, "credit limit must be in [0, "
                + limits.balanceMax() + "], was " + open.creditLimit(), open.acceptedAt()));
        }
        return List.of(new AccountOpened(open.account(), open.platform(), open.creditLimit(), open.acceptedAt(), open.id()));
    }

    /**
     * A new credit limit, from 0 to the largest balance. A limit below what the account already owes
     * is set all the same: nothing more can leave the account until its balance is back above it.
     */
    private List<LedgerEvent> changeCreditLimit(LedgerCommand.ChangeCreditLimit change, Account account) {
        if (isReserved(change.account())) {
            return List.of(rejected(change, RejectionReason.RESERVED_ACCOUNT, "account " + change.account()
                + " is the bank's own: it has no credit line", change.acceptedAt()));
        }
        if (account == null) {
            return List.of(rejected(change, RejectionReason.UNKNOWN_ACCOUNT, "no account " + change.account(),
                change.acceptedAt()));
        }
        if (change.creditLimit().isNegative() || change.creditLimit().compareTo(limits.balanceMax()) > 0) {
            return List.of(rejected(change, RejectionReason.INVALID_AMOUNT, "credit limit must be in [0, "
                + limits.balanceMax() + "], was " + change.creditLimit(), change.acceptedAt()));
        }
        return List.of(new LedgerEvent.CreditLimitChanged(change.id(), change.account(), account.creditLimit(),
            change.creditLimit(), change.acceptedAt()));
    }

    /**
     * The largest amount of {@code asset} that one transfer can send from {@code account} at {@code at}
     * with its fee (the sender's fee factor applied): what its balance and credit limit allow, at most
     * the largest amount; zero when nothing can be sent.
     */
    public Amount available(Account account, Asset asset, Instant at) {
        Instant bookedAt = bookingTime(account, asset, at);
        return fees.largestAmount(account.spendable(asset, bookedAt, decay), limits.amountMax(), feeFactor(account));
    }

    private List<LedgerEvent> transfer(Transfer transfer, Account sender) {
        if (transfer.from().equals(transfer.to())) {
            return List.of(rejected(transfer, RejectionReason.SAME_ACCOUNT, "cannot transfer from an account to itself",
                transfer.acceptedAt()));
        }
        if ((isReserved(transfer.to()) && !isFund(transfer.to())) || !mayPay(transfer.from(), transfer.id())) {
            AccountId owned = !mayPay(transfer.from(), transfer.id()) ? transfer.from() : transfer.to();
            return List.of(rejected(transfer, RejectionReason.RESERVED_ACCOUNT, "account " + owned
                + " is the bank's own: only the bank's rules move it", transfer.acceptedAt()));
        }
        if (!transfer.available() && (!transfer.amount().isPositive() || transfer.amount().compareTo(limits.amountMax()) > 0)) {
            return List.of(rejected(transfer, RejectionReason.INVALID_AMOUNT,
                "amount must be above 0 and at most " + limits.amountMax() + ", was " + transfer.amount(),
                transfer.acceptedAt()));
        }
        if (sender == null) {
            return List.of(rejected(transfer, RejectionReason.UNKNOWN_ACCOUNT, "no account " + transfer.from(),
                transfer.acceptedAt()));
        }
        // amount <= amountMax and fee <= max(amount, minimum fee <= amountMax): the sum fits a long.
        Measure factor = feeFactor(sender);
        Instant bookedAt = bookingTime(sender, transfer.asset(), transfer.acceptedAt());
        BigDecimal spendable = sender.spendable(transfer.asset(), bookedAt, decay);
        Amount amount = transfer.available()
            ? fees.largestAmount(spendable, limits.amountMax(), factor) : transfer.amount();
        Amount fee = fee(amount, factor);
        Amount debit = amount.plus(fee);
        if (!amount.isPositive() || spendable.compareTo(debit.toDecimal()) < 0) {
            return List.of(rejected(transfer, RejectionReason.INSUFFICIENT_FUNDS, transfer.available()
                ? "nothing available: the smallest amount with its fee is more than can be spent, "
                    + spendable.toPlainString()
                : "needs " + debit + " (amount " + amount + " + fee " + fee + "), can spend " + spendable.toPlainString(),
                bookedAt));
        }
        return List.of(new TransferDebited(transfer.id(), transfer.from(), transfer.to(), transfer.asset(),
            amount, fee, transfer.memo(), bookedAt, factor, transfer.available(), transfer.metadata()));
    }

    /** The fee {@code sender} pays for sending {@code amount}, its quality factor applied (what a transfer would charge). */
    public Amount feeFor(Account sender, Amount amount) {
        return fee(amount, feeFactor(sender));
    }

    /** The quality incentive's factor on {@code sender}'s fees, or null when the incentive is off. */
    public Measure feeFactor(Account sender) {
        return quality == null ? null : quality.feeFactor(sender.quality());
    }

    /** The fee for moving {@code amount}, with the sender's quality {@code factor} (null: none). */
    Amount fee(Amount amount, Measure factor) {
        return factor == null ? fees.feeFor(amount) : fees.feeFor(amount, factor);
    }

    private List<LedgerEvent> fundReserve(FundReserve fund, Account reserve) {
        if (!isReserved(fund.account())) {
            return List.of(rejected(fund, RejectionReason.UNKNOWN_ACCOUNT, "the bank owns no account " + fund.account()
                + ": only an account of the bank holds its reserve", fund.acceptedAt()));
        }
        if (!fund.amount().isPositive() || fund.amount().compareTo(limits.amountMax()) > 0) {
            return List.of(rejected(fund, RejectionReason.INVALID_AMOUNT, "amount must be above 0 and at most "
                + limits.amountMax() + ", was " + fund.amount(), fund.acceptedAt()));
        }
        Instant at = reserve == null ? fund.acceptedAt() : bookingTime(reserve, Asset.STABLE, fund.acceptedAt());
        if (reserve != null && aboveMaximum(balanceAfter(reserve, Asset.STABLE, at, fund.amount()))) {
            return List.of(rejected(fund, RejectionReason.BALANCE_LIMIT, "would carry the reserve above the maximum "
                + limits.balanceMax(), at));
        }
        return List.of(new ReserveFunded(fund.id(), fund.account(), fund.amount(), at));
    }

    private List<LedgerEvent> exchange(Exchange exchange, Account account, ExchangeRate rate) {
        if (isReserved(exchange.account())) {
            return List.of(rejected(exchange, RejectionReason.RESERVED_ACCOUNT, "account " + exchange.account()
                + " is the bank's own: only the bank's rules move it", exchange.acceptedAt()));
        }
        if (account == null) {
            return List.of(rejected(exchange, RejectionReason.UNKNOWN_ACCOUNT, "no account " + exchange.account(),
                exchange.acceptedAt()));
        }
        // Computed exactly and compared before it becomes an Amount: no rate can make it overflow.
        BigDecimal bought = exchange.amount().toDecimal().multiply(rate.stablePerAttention())
            .setScale(Amount.SCALE, RoundingMode.FLOOR);
        if (!exchange.amount().isPositive() || exchange.amount().compareTo(limits.amountMax()) > 0
            || bought.signum() <= 0 || bought.compareTo(limits.amountMax().toDecimal()) > 0) {
            return List.of(rejected(exchange, RejectionReason.INVALID_AMOUNT, "amount must be at most "
                + limits.amountMax() + " and buy from one micro-unit to " + limits.amountMax() + " at rate " + rate
                + ", was " + exchange.amount(), exchange.acceptedAt()));
        }
        Amount stable = Amount.of(bought);
        Instant bookedAt = bookingTime(account, Asset.ATTENTION, exchange.acceptedAt());
        BigDecimal spendable = account.spendable(Asset.ATTENTION, bookedAt, decay);
        if (spendable.compareTo(exchange.amount().toDecimal()) < 0) {
            return List.of(rejected(exchange, RejectionReason.INSUFFICIENT_FUNDS,
                "needs " + exchange.amount() + ", can spend " + spendable.toPlainString(), bookedAt));
        }
        BigDecimal stableAfter = balanceAfter(account, Asset.STABLE, bookedAt, stable);
        if (aboveMaximum(stableAfter)) {
            return List.of(rejected(exchange, RejectionReason.BALANCE_LIMIT, "would carry the stable balance to "
                + stableAfter.toPlainString() + ", above the maximum " + limits.balanceMax(), bookedAt));
        }
        return List.of(new Exchanged(exchange.id(), exchange.account(), exchange.amount(), stable, rate, bookedAt));
    }

    /**
     * The receiver's side of a transfer: credit the receiver, or refund the sender when there is no
     * receiving account. Both are booked at the debit's time, so a refund restores the sender exactly.
     */
    public List<LedgerEvent> receive(TransferDebited debit, Account receiver) {
        if (isReserved(debit.to()) && !isFund(debit.to())) {
            return List.of(refund(debit, RejectionReason.RESERVED_ACCOUNT));
        }
        if (receiver == null && !isFund(debit.to())) { // a fund opens on its first contribution
            return List.of(refund(debit, RejectionReason.UNKNOWN_ACCOUNT));
        }
        if (receiver != null && !receiver.id().equals(debit.to())) {
            throw new IllegalArgumentException("credit for " + debit.to() + " received by " + receiver.id());
        }
        if (receiver != null && aboveMaximum(balanceAfter(receiver, debit.asset(), debit.at(), debit.amount()))) {
            return List.of(refund(debit, RejectionReason.BALANCE_LIMIT));
        }
        return List.of(new TransferCredited(debit.commandId(), debit.to(), debit.from(), debit.asset(), debit.amount(),
            debit.at(), debit.metadata()));
    }

    private static TransferRefunded refund(TransferDebited debit, RejectionReason reason) {
        return new TransferRefunded(debit.commandId(), debit.from(), debit.to(), debit.asset(), debit.amount(), reason,
            debit.at(), debit.metadata());
    }

    /** The next state of {@code account} ({@code null}: not yet opened) after {@code event}. */
    public Account apply(Account account, LedgerEvent event) {
        if (account != null && !account.id().equals(event.account())) {
            throw new IllegalArgumentException("event for " + event.account() + " applied to " + account.id());
        }
        if (account == null && !(event instanceof AccountOpened || event instanceof FeeSettled
            || event instanceof ReserveFunded || (event instanceof TransferCredited && isFund(event.account())))) {
            // Nothing of these is kept in an account: a refusal, or a standing order of a fund not yet opened.
            if (event instanceof CommandRejected || event instanceof DepositRejected || event instanceof LegRefused
                || event instanceof LedgerEvent.CollectionLegRefused || event instanceof LedgerEvent.ReservationRefused
                || event instanceof LedgerEvent.StandingOrderPlaced || event instanceof LedgerEvent.StandingOrderCancelled) {
                return null;
            }
            throw new IllegalStateException(event.getClass().getSimpleName() + " for account " + event.account()
                + " that was never opened");
        }
        if (event instanceof AccountOpened opened) {
            if (account != null) {
                throw new IllegalStateException("account " + opened.account() + " opened twice");
            }
            return Account.open(opened.account(), opened.platform(), opened.creditLimit(), opened.at());
        }
        // The bank's fee account opens on its first settlement, its reserve on its first funding, a fund on
        // its first contribution.
        Account next = account != null ? account : Account.open(event.account(), platform, Amount.ZERO, event.at());
        List<Posting> postings = postings(event);
        for (Posting posting : postings) {
            next = next.plus(posting.asset(), posting.amount(), posting.at(), decay);
        }
        if (event instanceof TransferDebited || event instanceof Exchanged || event instanceof LegsDebited
            || event instanceof LedgerEvent.TermDepositOpened || event instanceof LedgerEvent.LoanGranted
            || event instanceof LedgerEvent.LoanPaid || event instanceof LedgerEvent.CollectionLegDebited
            || event instanceof LedgerEvent.TransferReserved) {
            // A debit of nothing (an installment of which nothing could be paid) takes nothing: an account
            // already below a lowered credit limit stays where it was.
            if (postings.getFirst().amount().isNegative()) {
                withinLimit(next, postings.getFirst().asset(), event);
            }
        }
        next = withLegs(next, event);
        if (event instanceof LedgerEvent.CreditLimitChanged changed) {
            next = next.withCreditLimit(changed.after());
        }
        next = withReservations(next, event);
        if (event instanceof LedgerEvent.MandateGranted granted) {
            List<Mandate> mandates = new ArrayList<>(next.mandates());
            mandates.removeIf(mandate -> mandate.collector().equals(granted.collector()));
            mandates.add(new Mandate(granted.collector(), granted.max(), granted.commandId()));
            next = next.withMandates(mandates);
        }
        if (event instanceof LedgerEvent.MandateRevoked revoked) {
            next = next.withMandates(next.mandates().stream()
                .filter(mandate -> !mandate.collector().equals(revoked.collector())).toList());
        }
        if (event instanceof LedgerEvent.TermDepositOpened opened) {
            List<TermDeposit> terms = new ArrayList<>(next.terms());
            terms.add(opened.deposit());
            next = next.withTerms(terms);
        }
        if (event instanceof LedgerEvent.TermDepositReturned returned) {
            if (next.term(returned.deposit()) == null) {
                throw new IllegalStateException("term deposit " + returned.deposit() + " returned, not held by " + next.id());
            }
            next = next.withTerms(next.terms().stream().filter(term -> !term.id().equals(returned.deposit())).toList());
        }
        if (event instanceof Deposited deposited && deposited.capped() != null) {
            LocalDate date = LocalDate.ofInstant(deposited.at(), ZoneOffset.UTC);
            next = next.withDay(DailyCap.recorded(next.day(date), deposited.at(), deposited.score().value(),
                deposited.capped()), daysKept());
        }
        if (event instanceof Deposited deposited && deposited.ranked() != null) {
            next = next.withQuality(deposited.ranked().qualityAfter());
        }
        return next;
    }

    /** {@code account} with the pending transfer that {@code event} reserves, posts or voids. */
    private static Account withReservations(Account account, LedgerEvent event) {
        return switch (event) {
            case LedgerEvent.TransferReserved reserved -> {
                List<Account.Reservation> reservations = new ArrayList<>(account.reservations());
                reservations.add(new Account.Reservation(reserved.commandId(), reserved.to(), reserved.asset(),
                    reserved.amount(), reserved.fee(), reserved.at(), reserved.expiresAt()));
                yield account.withReservations(reservations);
            }
            case LedgerEvent.TransferPosted posted -> withoutReservation(account, TwoPhaseTransfers.transferOf(posted.commandId()));
            case LedgerEvent.TransferVoided voided -> withoutReservation(account, TwoPhaseTransfers.transferOf(voided.commandId()));
            default -> account;
        };
    }

    private static Account withoutReservation(Account account, CommandId transfer) {
        if (account.reservation(transfer) == null) {
            throw new IllegalStateException("pending transfer " + transfer + " ended, not pending at " + account.id());
        }
        return account.withReservations(account.reservations().stream()
            .filter(reservation -> !reservation.transfer().equals(transfer)).toList());
    }

    /** {@code account} with the holds and pending multi-leg transfers that {@code event} adds or ends. */
    private static Account withLegs(Account account, LedgerEvent event) {
        return switch (event) {
            case LegsDebited debited -> {
                List<Account.PendingLegs> pending = new ArrayList<>(account.pendingLegs());
                pending.add(new Account.PendingLegs(debited.commandId(), debited.asset(), debited.legs(), List.of()));
                yield account.withPendingLegs(pending);
            }
            case LedgerEvent.LegAnswered answered -> {
                Account.PendingLegs pending = account.pending(answered.commandId());
                if (pending == null || pending.answered()) {
                    throw new IllegalStateException("answer to " + answered.commandId() + ", not pending at " + account.id());
                }
                List<Leg.Answer> answers = new ArrayList<>(pending.answers());
                answers.add(answered.answer());
                yield account.withPendingLegs(account.pendingLegs().stream().map(each -> each == pending
                    ? new Account.PendingLegs(each.commandId(), each.asset(), each.legs(), answers) : each).toList());
            }
            case LegsSettled settled -> account.withPendingLegs(account.pendingLegs().stream()
                .filter(each -> !each.commandId().equals(settled.commandId())).toList());
            case LegsRefunded refunded -> account.withPendingLegs(account.pendingLegs().stream()
                .filter(each -> !each.commandId().equals(refunded.commandId())).toList());
            case LegHeld held -> {
                List<Account.Hold> holds = new ArrayList<>(account.holds());
                holds.add(new Account.Hold(held.commandId(), held.from(), held.asset(), held.amount()));
                yield account.withHolds(holds);
            }
            case TransferCredited credited -> withoutHold(account, credited.commandId(), credited.from());
            // A collection: on its collector, pending until every payer has answered, the whole held under the
            // collector's own name (no multi-leg hold has it: a receiver is never the payer).
            case LedgerEvent.CollectionOpened opened -> {
                List<Account.PendingLegs> pending = new ArrayList<>(account.pendingLegs());
                pending.add(new Account.PendingLegs(opened.commandId(), opened.asset(), opened.legs().stream()
                    .map(leg -> new Leg.Priced(leg.from(), leg.amount(), Amount.ZERO, leg.memo())).toList(), List.of()));
                List<Account.Hold> holds = new ArrayList<>(account.holds());
                holds.add(new Account.Hold(opened.commandId(), opened.to(), opened.asset(), opened.amount()));
                yield account.withPendingLegs(pending).withHolds(holds);
            }
            case LedgerEvent.CollectionSettled settled -> withoutCollection(account, settled.commandId());
            case LedgerEvent.CollectionRefunded refunded -> withoutCollection(account, refunded.commandId());
            case LegReleased released -> withoutHold(account, released.commandId(), released.from());
            case LedgerEvent.ReservationHeld held -> {
                List<Account.Hold> holds = new ArrayList<>(account.holds());
                holds.add(new Account.Hold(held.commandId(), held.from(), held.asset(), held.amount()));
                yield account.withHolds(holds);
            }
            case LedgerEvent.ReservationReleased released -> withoutHold(account, released.commandId(), released.from());
            default -> account;
        };
    }

    /** {@code account} without the collection {@code commandId} pending, nor its hold. */
    private static Account withoutCollection(Account account, CommandId commandId) {
        return withoutHold(account.withPendingLegs(account.pendingLegs().stream()
            .filter(each -> !each.commandId().equals(commandId)).toList()), commandId, account.id());
    }

    private static Account withoutHold(Account account, CommandId commandId, AccountId from) {
        Account.Hold hold = account.hold(commandId, from);
        return hold == null ? account
            : account.withHolds(account.holds().stream().filter(each -> each != hold).toList());
    }

    /**
     * What {@code event} books on its account: the one place that says which events move which
     * balance by how much. Refusals and openings book nothing.
     */
    public List<Posting> postings(LedgerEvent event) {
        return switch (event) {
            case Deposited deposited -> List.of(new Posting(Asset.ATTENTION, deposited.credited(), deposited.at()));
            case TransferDebited debited -> List.of(new Posting(debited.asset(), debited.debit().negate(), debited.at()));
            case TransferCredited credited -> List.of(new Posting(credited.asset(), credited.amount(), credited.at()));
            case TransferRefunded refunded -> List.of(new Posting(refunded.asset(), refunded.amount(), refunded.at()));
            case FeeSettled settled -> List.of(new Posting(settled.asset(), settled.amount(), settled.at()));
            case ReserveFunded funded -> List.of(new Posting(Asset.STABLE, funded.amount(), funded.at()));
            case Exchanged exchanged -> List.of(new Posting(Asset.ATTENTION, exchanged.attention().negate(), exchanged.at()),
                new Posting(Asset.STABLE, exchanged.stable(), exchanged.at()));
            case LegsDebited debited -> List.of(new Posting(debited.asset(), debited.debit().negate(), debited.at()));
            case LegsRefunded refunded -> List.of(new Posting(refunded.asset(), refunded.amount(), refunded.at()));
            case LegHeld held -> List.of();
            case LegRefused refused -> List.of();
            case LedgerEvent.LegAnswered answered -> List.of();
            case LegsSettled settled -> List.of();
            case LegReleased released -> List.of();
            case AccountOpened opened -> List.of();
            case LedgerEvent.CreditLimitChanged changed -> List.of();
            case LedgerEvent.TransferReserved reserved ->
                List.of(new Posting(reserved.asset(), reserved.debit().negate(), reserved.at()));
            case LedgerEvent.TransferVoided voided ->
                List.of(new Posting(voided.asset(), voided.amount().plus(voided.fee()), voided.at()));
            case LedgerEvent.TransferPosted posted -> List.of();
            case LedgerEvent.ReservationHeld held -> List.of();
            case LedgerEvent.ReservationRefused refused -> List.of();
            case LedgerEvent.ReservationReleased released -> List.of();
            case CommandRejected rejected -> List.of();
            case DepositRejected rejected -> List.of();
            case LedgerEvent.StandingOrderPlaced placed -> List.of();
            case LedgerEvent.StandingOrderCancelled cancelled -> List.of();
            case LedgerEvent.TermDepositOpened opened ->
                List.of(new Posting(Asset.ATTENTION, opened.deposit().principal().negate(), opened.at()));
            case LedgerEvent.TermDepositReturned returned ->
                List.of(new Posting(Asset.ATTENTION, returned.value(), returned.at()));
            case LedgerEvent.LoanGranted granted ->
                List.of(new Posting(Asset.ATTENTION, granted.principal().negate(), granted.at()));
            case LedgerEvent.LoanTaken taken -> List.of();
            case LedgerEvent.LoanPaid paid -> List.of(new Posting(Asset.ATTENTION, paid.paid().negate(), paid.at()));
            case LedgerEvent.MandateGranted granted -> List.of();
            case LedgerEvent.MandateRevoked revoked -> List.of();
            case LedgerEvent.CollectionOpened opened -> List.of();
            case LedgerEvent.CollectionLegDebited debited ->
                List.of(new Posting(debited.asset(), debited.amount().negate(), debited.at()));
            case LedgerEvent.CollectionLegRefused refused -> List.of();
            case LedgerEvent.CollectionSettled settled -> List.of(new Posting(settled.asset(), settled.credit(), settled.at()));
            case LedgerEvent.CollectionRefunded refunded -> List.of();
            case LedgerEvent.CollectionLegReturned returned ->
                List.of(new Posting(returned.asset(), returned.amount(), returned.at()));
        };
    }

    /**
     * {@link #decide} checked the funds before the debit; this asserts the result after it. A ledger
     * that notices a balance below its limit stops rather than carrying on.
     */
    private void withinLimit(Account debited, Asset asset, LedgerEvent cause) {
        // Read where the debit was booked: a collection's leg, dated at the collection, may precede the payer's
        // last entry; every other debit is booked at its own time.
        Instant at = cause instanceof LedgerEvent.CollectionLegDebited ? bookingTime(debited, asset, cause.at()) : cause.at();
        if (debited.spendable(asset, at, decay).signum() < 0) {
            throw new IllegalStateException("balance of " + debited.id() + " would go below its limit after " + cause);
        }
    }

    /**
     * How many days before its newest an account keeps its capped days: as far back as an activity
     * may still be accepted (its age limit and the clock skew allowed), and one day more.
     */
    private int daysKept() {
        return Math.toIntExact(limits.eventAgeMax().plus(limits.clockSkewMax()).toDays() + 1);
    }

    /** What {@code account} would hold in {@code asset} after a credit of {@code amount} booked at {@code at}. */
    BigDecimal balanceAfter(Account account, Asset asset, Instant at, Amount amount) {
        // What is held for the account counts too, so that its held legs can always settle.
        return account.exactBalance(asset, bookingTime(account, asset, at), decay).add(amount.toDecimal())
            .add(account.held(asset).toDecimal());
    }

    boolean aboveMaximum(BigDecimal balance) {
        return balance.compareTo(limits.balanceMax().toDecimal()) > 0;
    }

    static Instant bookingTime(Account account, Asset asset, Instant requested) {
        Instant lastEntry = account.lastEntryAt(asset);
        return lastEntry != null && lastEntry.isAfter(requested) ? lastEntry : requested;
    }

    static CommandRejected rejected(LedgerCommand command, RejectionReason reason, String detail, Instant at) {
        CommandKey key = CommandKey.of(command).orElseThrow();
        return new CommandRejected(key.id(), key.sender(), command.getClass().getSimpleName(), reason, detail, at,
            CommandKey.contentOf(command));
    }
}
