package io.timebank.ledger;

import io.timebank.ledger.LedgerEvent.CommandRejected;
import io.timebank.ledger.LedgerEvent.LegHeld;
import io.timebank.ledger.LedgerEvent.LegReleased;
import io.timebank.ledger.LedgerEvent.LegRefused;
import io.timebank.ledger.LedgerEvent.LegsDebited;
import io.timebank.ledger.LedgerEvent.LegsRefunded;
import io.timebank.ledger.LedgerEvent.LegsSettled;
import io.timebank.ledger.LedgerEvent.TransferCredited;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One-to-many transfers, beside the {@link Ledger}'s rules (and sharing its checks): the payer's
 * partition debits every leg's amount and fee at once; each receiver's partition holds its leg
 * (counted against its maximum balance) or refuses it; with the last answer the payer's partition
 * settles every leg, or refunds the amounts and has the holds released. All legs or none.
 */
public record MultiLegTransfers(Ledger ledger) {

    /** The payer's side: every leg's amount and fee debited at once, or the whole refused. */
    public List<LedgerEvent> decide(LedgerCommand.MultiLegTransfer transfer, Account payer) {
        CommandRejected invalid = invalidLegs(transfer);
        if (invalid != null) {
            return List.of(invalid);
        }
        if (payer == null) {
            return List.of(Ledger.rejected(transfer, RejectionReason.UNKNOWN_ACCOUNT, "no account " + transfer.from(),
                transfer.acceptedAt()));
        }
        Measure factor = ledger.feeFactor(payer);
        List<Leg.Priced> priced = transfer.legs().stream()
            .map(leg -> new Leg.Priced(leg.to(), leg.amount(), ledger.fee(leg.amount(), factor), leg.memo())).toList();
        // At most MAX_PER_TRANSFER legs, their amounts summing to at most amountMax, each fee at most
        // max(amount, minimum fee <= amountMax): the debit fits a long by far.
        LegsDebited debited = new LegsDebited(transfer.id(), transfer.from(), transfer.asset(), priced,
            Ledger.bookingTime(payer, transfer.asset(), transfer.acceptedAt()), factor);
        BigDecimal spendable = payer.spendable(transfer.asset(), debited.at(), ledger.decay());
        if (spendable.compareTo(debited.debit().toDecimal()) < 0) {
            return List.of(Ledger.rejected(transfer, RejectionReason.INSUFFICIENT_FUNDS, "needs " + debited.debit() + " ("
                + transfer.legs().size() + " legs: amounts " + debited.amount() + " + fees " + debited.fee()
                + "), can spend " + spendable.toPlainString(), debited.at()));
        }
        return List.of(debited);
    }

    /** The refusal of legs that cannot be booked as asked, or null when they can. */
    private CommandRejected invalidLegs(LedgerCommand.MultiLegTransfer transfer) {
        List<Leg> legs = transfer.legs();
        Instant at = transfer.acceptedAt();
        if (legs.isEmpty() || legs.size() > Leg.MAX_PER_TRANSFER) {
            return Ledger.rejected(transfer, RejectionReason.INVALID_AMOUNT, "from 1 to " + Leg.MAX_PER_TRANSFER
                + " legs, was " + legs.size(), at);
        }
        if (!ledger.mayPay(transfer.from(), transfer.id())) {
            return Ledger.rejected(transfer, RejectionReason.RESERVED_ACCOUNT, "account " + transfer.from()
                + " is the bank's own: only the bank's rules move it", at);
        }
        Set<AccountId> receivers = new HashSet<>();
        long total = 0;
        for (int i = 0; i < legs.size(); i++) {
            Leg leg = legs.get(i);
            if (ledger.isReserved(leg.to())) {
                return Ledger.rejected(transfer, RejectionReason.RESERVED_ACCOUNT, "leg " + i + ": account " + leg.to()
                    + " is the bank's own: only the bank's rules move it", at);
            }
            if (leg.to().equals(transfer.from()) || !receivers.add(leg.to())) {
                return Ledger.rejected(transfer, RejectionReason.SAME_ACCOUNT, "leg " + i + ": " + leg.to()
                    + (leg.to().equals(transfer.from()) ? " is the payer" : " already receives a leg"), at);
            }
            if (!leg.amount().isPositive() || leg.amount().compareTo(ledger.limits().amountMax()) > 0) {
                return Ledger.rejected(transfer, RejectionReason.INVALID_AMOUNT, "leg " + i + ": amount must be above 0 and at most "
                    + ledger.limits().amountMax() + ", was " + leg.amount(), at);
            }
            total += leg.amount().micros(); // at most 100 amounts of at most amountMax each: no overflow
        }
        if (total > ledger.limits().amountMax().micros()) {
            return Ledger.rejected(transfer, RejectionReason.INVALID_AMOUNT, "the legs' amounts together must be at most "
                + ledger.limits().amountMax() + ", were " + new Amount(total), at);
        }
        return null;
    }

    /**
     * A receiver's side of a multi-leg transfer's leg: hold it for the receiver (counted against its
     * maximum balance until the transfer settles), or refuse it when there is no such account or the
     * leg would carry it above its maximum.
     */
    public List<LedgerEvent> offer(LegsDebited debit, AccountId receiverId, Account receiver) {
        Leg.Priced leg = debit.legTo(receiverId);
        RejectionReason refusal = null;
        if (ledger.isReserved(receiverId)) {
            refusal = RejectionReason.RESERVED_ACCOUNT;
        } else if (receiver == null) {
            refusal = RejectionReason.UNKNOWN_ACCOUNT;
        } else if (ledger.aboveMaximum(ledger.balanceAfter(receiver, debit.asset(), debit.at(), leg.amount()))) {
            refusal = RejectionReason.BALANCE_LIMIT;
        }
        if (refusal != null) {
            return List.of(new LegRefused(debit.commandId(), receiverId, debit.from(), refusal, debit.at()));
        }
        return List.of(new LegHeld(debit.commandId(), receiverId, debit.from(), debit.asset(), leg.amount(), debit.at()));
    }

    /**
     * The payer's side of a receiver's answer ({@link LegHeld} or {@link LegRefused}): the payer's
     * account keeps it; with the last answer in, the transfer settles (every leg held) or is refunded.
     */
    public List<LedgerEvent> answer(LedgerEvent answer, Account payer) {
        LedgerEvent.LegAnswered answered = switch (answer) {
            case LegHeld held -> new LedgerEvent.LegAnswered(held.commandId(), held.from(),
                new Leg.Answer(held.to(), null), held.at());
            case LegRefused refused -> new LedgerEvent.LegAnswered(refused.commandId(), refused.from(),
                new Leg.Answer(refused.to(), refused.reason()), refused.at());
            default -> throw new IllegalArgumentException("not an answer to a leg: " + answer);
        };
        CommandId commandId = answered.commandId();
        if (payer == null || payer.pending(commandId) == null) {
            throw new IllegalStateException("an answer from " + answered.answer().to() + " to " + commandId
                + ", which is not pending at " + answered.from());
        }
        if (payer.pending(commandId).answeredBy(answered.answer().to())) {
            return List.of(); // a receiver's answer delivered twice: the first counted
        }
        // The answer as the payer's account will keep it: the same fold a replay applies.
        Account.PendingLegs pending = ledger.apply(payer, answered).pending(commandId);
        if (!pending.answered()) {
            return List.of(answered);
        }
        Leg.Answer refusal = pending.refusal();
        List<AccountId> held = pending.held().stream().map(Leg.Priced::to).toList();
        Instant at = answer.at();
        if (refusal == null) {
            return List.of(answered, new LegsSettled(commandId, payer.id(), pending.asset(), pending.legs(), at));
        }
        Amount amount = pending.legs().stream().map(Leg.Priced::amount).reduce(Amount.ZERO, Amount::plus);
        return List.of(answered, new LegsRefunded(commandId, payer.id(), pending.asset(), amount, refusal, held, at));
    }

    /** A receiver's side of a settled transfer: its held leg credited, at the debit's time. */
    public List<LedgerEvent> settle(LegsSettled settled, AccountId receiverId, Account receiver) {
        Account.Hold hold = receiver == null ? null : receiver.hold(settled.commandId(), settled.from());
        if (hold == null) {
            throw new IllegalStateException("settling " + settled.commandId() + " at " + receiverId + ", which holds no leg of it");
        }
        return List.of(new TransferCredited(settled.commandId(), receiverId, settled.from(), hold.asset(), hold.amount(),
            settled.at()));
    }

    /** A receiver's side of a refunded transfer: its hold released. */
    public List<LedgerEvent> release(LegsRefunded refunded, AccountId receiverId, Account receiver) {
        if (receiver == null || receiver.hold(refunded.commandId(), refunded.from()) == null) {
            throw new IllegalStateException("releasing " + refunded.commandId() + " at " + receiverId
                + ", which holds no leg of it");
        }
        return List.of(new LegReleased(refunded.commandId(), receiverId, refunded.from(), refunded.at()));
    }
}
