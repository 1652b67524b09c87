package io.timebank.ledger;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Optional;

/**
 * A client command's idempotency key: its sender's account together with its command id, never the
 * id alone. Two members may both use id "t-1"; each is a command of its own. The key is the unit of
 * de-duplication in the ledger and of outcome lookups in the API.
 *
 * <p>With the key goes the command's <em>content</em>: what it asks, without when it was accepted.
 * A retry with the same key and the same content is the same command; the same key with other
 * content is refused as {@link RejectionReason#COMMAND_ID_REUSED}, as payment APIs do with their
 * idempotency keys. {@link #contentOf} hashes the content to 64 bits (SHA-256, first 8 bytes), so the
 * ledger can remember it beside the key; 0 means "not known" (rejections booked before the content
 * was recorded) and matches any content.
 */
public record CommandKey(AccountId sender, CommandId id) {

    /** No identifier contains '/', so the string form is unambiguous. */
    private static final char SEPARATOR = '/';

    public static final long CONTENT_UNKNOWN = 0L;

    public CommandKey {
        if (sender == null || id == null) {
            throw new IllegalArgumentException("a command key needs a sender and an id");
        }
    }

    /** The key as stores and Kafka keys hold it: {@code sender/commandId}. */
    public String value() {
        return sender.value() + SEPARATOR + id.value();
    }

    @Override
    public String toString() {
        return value();
    }

    /** The key of a client command; deposits are keyed by (platform, event id) instead. */
    public static Optional<CommandKey> of(LedgerCommand command) {
        return switch (command) {
            case LedgerCommand.Transfer transfer -> Optional.of(new CommandKey(transfer.from(), transfer.id()));
            case LedgerCommand.Exchange exchange -> Optional.of(new CommandKey(exchange.account(), exchange.id()));
            case LedgerCommand.OpenAccount open -> Optional.of(new CommandKey(open.account(), open.id()));
            case LedgerCommand.ChangeCreditLimit change -> Optional.of(new CommandKey(change.account(), change.id()));
            case LedgerCommand.ReserveTransfer reserve -> Optional.of(new CommandKey(reserve.from(), reserve.id()));
            case LedgerCommand.PostTransfer post -> Optional.of(new CommandKey(post.from(), post.id()));
            case LedgerCommand.VoidTransfer cancel -> Optional.of(new CommandKey(cancel.from(), cancel.id()));
            case LedgerCommand.FundReserve fund -> Optional.of(new CommandKey(fund.account(), fund.id()));
            case LedgerCommand.MultiLegTransfer transfer -> Optional.of(new CommandKey(transfer.from(), transfer.id()));
            case LedgerCommand.PlaceStandingOrder place -> Optional.of(new CommandKey(place.from(), place.id()));
            case LedgerCommand.CancelStandingOrder cancel -> Optional.of(new CommandKey(cancel.from(), cancel.id()));
            case LedgerCommand.OpenTermDeposit open -> Optional.of(new CommandKey(open.account(), open.id()));
            case LedgerCommand.WithdrawTermDeposit withdraw -> Optional.of(new CommandKey(withdraw.account(), withdraw.id()));
            case LedgerCommand.GrantLoan grant -> Optional.of(new CommandKey(grant.lender(), grant.id()));
            case LedgerCommand.RepayLoan repay -> Optional.of(new CommandKey(repay.borrower(), repay.id()));
            case LedgerCommand.Collection collection -> Optional.of(new CommandKey(collection.to(), collection.id()));
            case LedgerCommand.GrantMandate grant -> Optional.of(new CommandKey(grant.payer(), grant.id()));
            case LedgerCommand.RevokeMandate revoke -> Optional.of(new CommandKey(revoke.payer(), revoke.id()));
            case LedgerCommand.Deposit deposit -> Optional.empty();
        };
    }

    /** The key of the command an event answers, or empty for events no client command caused. */
    public static Optional<CommandKey> of(LedgerEvent event) {
        return switch (event) {
            case LedgerEvent.TransferDebited debited -> Optional.of(new CommandKey(debited.from(), debited.commandId()));
            case LedgerEvent.TransferCredited credited -> Optional.of(new CommandKey(credited.from(), credited.commandId()));
            case LedgerEvent.TransferRefunded refunded -> Optional.of(new CommandKey(refunded.from(), refunded.commandId()));
            case LedgerEvent.Exchanged exchanged -> Optional.of(new CommandKey(exchanged.account(), exchanged.commandId()));
            case LedgerEvent.CommandRejected rejected -> Optional.of(new CommandKey(rejected.account(), rejected.commandId()));
            case LedgerEvent.ReserveFunded funded -> Optional.of(new CommandKey(funded.account(), funded.commandId()));
            case LedgerEvent.AccountOpened opened -> opened.commandId() == null ? Optional.empty()
                : Optional.of(new CommandKey(opened.account(), opened.commandId()));
            case LedgerEvent.CreditLimitChanged changed -> Optional.of(new CommandKey(changed.account(), changed.commandId()));
            case LedgerEvent.TransferReserved reserved -> Optional.of(new CommandKey(reserved.from(), reserved.commandId()));
            case LedgerEvent.TransferPosted posted -> Optional.of(new CommandKey(posted.from(), posted.commandId()));
            case LedgerEvent.TransferVoided voided -> Optional.of(new CommandKey(voided.from(), voided.commandId()));
            case LedgerEvent.ReservationHeld held -> Optional.empty();
            case LedgerEvent.ReservationRefused refused -> Optional.empty();
            case LedgerEvent.ReservationReleased released -> Optional.empty();
            case LedgerEvent.Deposited deposited -> Optional.empty();
            case LedgerEvent.DepositRejected rejected -> Optional.empty();
            case LedgerEvent.LegsDebited debited -> Optional.of(new CommandKey(debited.from(), debited.commandId()));
            case LedgerEvent.LegHeld held -> Optional.of(new CommandKey(held.from(), held.commandId()));
            case LedgerEvent.LegRefused refused -> Optional.of(new CommandKey(refused.from(), refused.commandId()));
            case LedgerEvent.LegAnswered answered -> Optional.of(new CommandKey(answered.from(), answered.commandId()));
            case LedgerEvent.LegsSettled settled -> Optional.of(new CommandKey(settled.from(), settled.commandId()));
            case LedgerEvent.LegsRefunded refunded -> Optional.of(new CommandKey(refunded.from(), refunded.commandId()));
            case LedgerEvent.LegReleased released -> Optional.of(new CommandKey(released.from(), released.commandId()));
            case LedgerEvent.FeeSettled settled -> Optional.empty();
            case LedgerEvent.StandingOrderPlaced placed -> Optional.of(new CommandKey(placed.account(), placed.order().id()));
            case LedgerEvent.StandingOrderCancelled cancelled ->
                Optional.of(new CommandKey(cancelled.account(), cancelled.commandId()));
            case LedgerEvent.TermDepositOpened opened -> Optional.of(new CommandKey(opened.account(), opened.commandId()));
            case LedgerEvent.TermDepositReturned returned ->
                Optional.of(new CommandKey(returned.account(), returned.commandId()));
            case LedgerEvent.LoanGranted granted -> Optional.of(new CommandKey(granted.lender(), granted.commandId()));
            case LedgerEvent.LoanTaken taken -> Optional.of(new CommandKey(taken.lender(), taken.commandId()));
            case LedgerEvent.LoanPaid paid -> Optional.of(new CommandKey(paid.borrower(), paid.commandId()));
            case LedgerEvent.MandateGranted granted -> Optional.of(new CommandKey(granted.payer(), granted.commandId()));
            case LedgerEvent.MandateRevoked revoked -> Optional.of(new CommandKey(revoked.payer(), revoked.commandId()));
            // A collection's every step is keyed by its collector, whose command it is.
            case LedgerEvent.CollectionOpened opened -> Optional.of(new CommandKey(opened.to(), opened.commandId()));
            case LedgerEvent.CollectionLegDebited debited -> Optional.of(new CommandKey(debited.to(), debited.commandId()));
            case LedgerEvent.CollectionLegRefused refused -> Optional.of(new CommandKey(refused.to(), refused.commandId()));
            case LedgerEvent.CollectionSettled settled -> Optional.of(new CommandKey(settled.to(), settled.commandId()));
            case LedgerEvent.CollectionRefunded refunded -> Optional.of(new CommandKey(refunded.to(), refunded.commandId()));
            case LedgerEvent.CollectionLegReturned returned ->
                Optional.of(new CommandKey(returned.to(), returned.commandId()));
        };
    }

    /** What a client command asks, hashed: the same for a retry, different for any other request. */
    public static long contentOf(LedgerCommand command) {
        return switch (command) {
            case LedgerCommand.Transfer transfer -> transferContent(transfer.to(), transfer.asset(), transfer.amount(),
                transfer.memo(), transfer.available(), transfer.metadata());
            case LedgerCommand.Exchange exchange -> hash("Exchange", Long.toString(exchange.amount().micros()));
            case LedgerCommand.OpenAccount open -> hash("OpenAccount", open.platform().value(),
                Long.toString(open.creditLimit().micros()));
            case LedgerCommand.ChangeCreditLimit change -> hash("ChangeCreditLimit",
                Long.toString(change.creditLimit().micros()));
            case LedgerCommand.ReserveTransfer reserve -> reserveContent(reserve.to(), reserve.asset(), reserve.amount(),
                reserve.memo(), reserve.timeout());
            case LedgerCommand.PostTransfer post -> hash("PostTransfer", post.transfer().value());
            case LedgerCommand.VoidTransfer cancel -> hash("VoidTransfer", cancel.transfer().value());
            case LedgerCommand.FundReserve fund -> hash("FundReserve", Long.toString(fund.amount().micros()));
            case LedgerCommand.MultiLegTransfer transfer -> legsContent(transfer.asset(), transfer.legs().stream()
                .map(leg -> new Leg.Priced(leg.to(), leg.amount(), Amount.ZERO, leg.memo())).toList());
            case LedgerCommand.PlaceStandingOrder place -> orderContent(place.order());
            case LedgerCommand.CancelStandingOrder cancel -> hash("CancelStandingOrder", cancel.order().value());
            case LedgerCommand.OpenTermDeposit open -> termContent(open.amount(), open.term());
            case LedgerCommand.WithdrawTermDeposit withdraw -> hash("WithdrawTermDeposit", withdraw.deposit().value());
            case LedgerCommand.GrantLoan grant -> loanContent(grant.borrower(), grant.order());
            case LedgerCommand.RepayLoan repay -> hash("RepayLoan", repay.loan().value());
            case LedgerCommand.Collection collection -> collectionContent(collection.asset(), collection.legs());
            case LedgerCommand.GrantMandate grant -> hash("GrantMandate", grant.collector().value(),
                Long.toString(grant.max().micros()));
            case LedgerCommand.RevokeMandate revoke -> hash("RevokeMandate", revoke.collector().value());
            case LedgerCommand.Deposit deposit -> throw new IllegalArgumentException("a deposit is not a client command");
        };
    }

    /**
     * The content of the command whose decision {@code event} is, read back from the event: a debit and
     * an exchange carry everything their command asked; a rejection carries the hash itself.
     */
    public static long contentOf(LedgerEvent event) {
        return switch (event) {
            case LedgerEvent.TransferDebited debited -> transferContent(debited.to(), debited.asset(), debited.amount(),
                debited.memo(), debited.available(), debited.metadata());
            case LedgerEvent.AccountOpened opened -> hash("OpenAccount", opened.platform().value(),
                Long.toString(opened.creditLimit().micros()));
            case LedgerEvent.CreditLimitChanged changed -> hash("ChangeCreditLimit",
                Long.toString(changed.after().micros()));
            case LedgerEvent.TransferReserved reserved -> reserveContent(reserved.to(), reserved.asset(), reserved.amount(),
                reserved.memo(), reserved.timeout());
            case LedgerEvent.TransferPosted posted -> hash("PostTransfer",
                TwoPhaseTransfers.transferOf(posted.commandId()).value());
            // The bank's void at the timeout has the content of the client's: a void sent after it is answered by it.
            case LedgerEvent.TransferVoided voided -> hash("VoidTransfer",
                TwoPhaseTransfers.transferOf(voided.commandId()).value());
            case LedgerEvent.Exchanged exchanged -> hash("Exchange", Long.toString(exchanged.attention().micros()));
            case LedgerEvent.CommandRejected rejected -> rejected.content();
            case LedgerEvent.ReserveFunded funded -> hash("FundReserve", Long.toString(funded.amount().micros()));
            case LedgerEvent.LegsDebited debited -> legsContent(debited.asset(), debited.legs());
            case LedgerEvent.StandingOrderPlaced placed -> orderContent(placed.order());
            case LedgerEvent.StandingOrderCancelled cancelled -> hash("CancelStandingOrder", cancelled.order().value());
            case LedgerEvent.TermDepositOpened opened -> termContent(opened.deposit().principal(), opened.term());
            case LedgerEvent.TermDepositReturned returned -> hash("WithdrawTermDeposit", returned.deposit().value());
            case LedgerEvent.LoanGranted granted -> loanContent(granted.borrower(), granted.order());
            case LedgerEvent.LoanTaken taken -> loanContent(taken.borrower(), taken.order());
            // An installment the bank collected (the scheduler's own command) or a payoff the borrower asked for.
            case LedgerEvent.LoanPaid paid -> paid.loan().equals(StandingOrder.orderOf(paid.commandId()))
                && StandingOrder.occurrenceOf(paid.commandId()) > 0
                ? hash("LoanInstallment", paid.commandId().value()) : hash("RepayLoan", paid.loan().value());
            case LedgerEvent.CollectionOpened opened -> collectionContent(opened.asset(), opened.legs());
            case LedgerEvent.MandateGranted granted -> hash("GrantMandate", granted.collector().value(),
                Long.toString(granted.max().micros()));
            case LedgerEvent.MandateRevoked revoked -> hash("RevokeMandate", revoked.collector().value());
            default -> throw new IllegalArgumentException("not the decision of a client command: " + event);
        };
    }

    /** Whether a command with {@code content} may be answered by a decision recorded with {@code recorded}. */
    public static boolean sameContent(long recorded, long content) {
        return recorded == CONTENT_UNKNOWN || recorded == content;
    }

    /**
     * A transfer's content; one of everything available names no amount (what it sent depends on when it
     * was booked); metadata counts when there is some (a transfer without any hashes as before metadata).
     */
    private static long transferContent(AccountId to, Asset asset, Amount amount, String memo, boolean available,
                                        Metadata metadata) {
        String sent = available ? "available" : Long.toString(amount.micros());
        return metadata.isEmpty() ? hash("Transfer", to.value(), asset.name(), sent, memo)
            : hash("Transfer", to.value(), asset.name(), sent, memo, metadata.canonical());
    }

    private static long reserveContent(AccountId to, Asset asset, Amount amount, String memo, java.time.Duration timeout) {
        return hash("ReserveTransfer", to.value(), asset.name(), Long.toString(amount.micros()), memo, timeout.toString());
    }

    private static long termContent(Amount amount, java.time.Duration term) {
        return hash("TermDeposit", Long.toString(amount.micros()), term.toString());
    }

    /** What a client asks of a standing order (not how often it may fail: the bank sets that). */
    private static long orderContent(StandingOrder order) {
        Schedule schedule = order.schedule();
        List<String> fields = new java.util.ArrayList<>(List.of("StandingOrder",
            order.multiLeg() ? "" : order.to().value(), order.asset().name(), Long.toString(order.amount().micros()),
            order.memo(), schedule.first().toString(), schedule.interval().toString(), Long.toString(schedule.count()),
            String.valueOf(schedule.until())));
        for (Leg leg : order.legs()) {
            fields.add(leg.to().value());
            fields.add(Long.toString(leg.amount().micros()));
            fields.add(leg.memo());
        }
        if (order.shares() != null) {
            fields.add("shares of " + order.shares().portion().micros());
            for (PayoutShares.Share share : order.shares().shares()) {
                fields.add(share.to().value());
                fields.add(Long.toString(share.weight()));
            }
        }
        return hash(fields.toArray(String[]::new));
    }

    /** What an operator asks of a loan: the borrower, the plan and the schedule. */
    private static long loanContent(AccountId borrower, StandingOrder order) {
        LoanPlan plan = order.loan().plan();
        return hash("GrantLoan", borrower.value(), Long.toString(plan.principal().micros()), plan.rate().toPlainString(),
            Integer.toString(plan.count()), order.schedule().first().toString(), order.schedule().interval().toString());
    }

    /** A collection's legs in their order, each payer, amount and memo. */
    private static long collectionContent(Asset asset, List<Contribution> legs) {
        List<String> fields = new java.util.ArrayList<>(List.of("Collection", asset.name()));
        for (Contribution leg : legs) {
            fields.add(leg.from().value());
            fields.add(Long.toString(leg.amount().micros()));
            fields.add(leg.memo());
        }
        return hash(fields.toArray(String[]::new));
    }

    /** The legs in their order, each receiver, amount and memo (not the fee: the ledger sets it). */
    private static long legsContent(Asset asset, List<Leg.Priced> legs) {
        String[] fields = new String[2 + legs.size() * 3];
        fields[0] = "MultiLegTransfer";
        fields[1] = asset.name();
        for (int i = 0; i < legs.size(); i++) {
            fields[2 + i * 3] = legs.get(i).to().value();
            fields[3 + i * 3] = Long.toString(legs.get(i).amount().micros());
            fields[4 + i * 3] = legs.get(i).memo();
        }
        return hash(fields);
    }

    private static long hash(String... fields) {
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException missing) {
            throw new IllegalStateException("every JVM has SHA-256", missing);
        }
        for (String field : fields) {
            byte[] bytes = field.getBytes(StandardCharsets.UTF_8);
            // Length-prefixed, so no choice of memo can make two different requests hash alike by framing.
            sha256.update(new byte[] {(byte) (bytes.length >>> 24), (byte) (bytes.length >>> 16),
                (byte) (bytes.length >>> 8), (byte) bytes.length});
            sha256.update(bytes);
        }
        byte[] digest = sha256.digest();
        long content = 0;
        for (int index = 0; index < Long.BYTES; index++) {
            content = (content << 8) | (digest[index] & 0xFF);
        }
        return content == CONTENT_UNKNOWN ? 1 : content;
    }
}
