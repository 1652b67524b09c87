package io.timebank.ledger;

import io.timebank.ledger.LedgerCommand.Collection;
import io.timebank.ledger.LedgerCommand.GrantMandate;
import io.timebank.ledger.LedgerCommand.RevokeMandate;
import io.timebank.ledger.LedgerEvent.CollectionLegDebited;
import io.timebank.ledger.LedgerEvent.CollectionLegRefused;
import io.timebank.ledger.LedgerEvent.CollectionLegReturned;
import io.timebank.ledger.LedgerEvent.CollectionOpened;
import io.timebank.ledger.LedgerEvent.CollectionRefunded;
import io.timebank.ledger.LedgerEvent.CollectionSettled;
import io.timebank.ledger.LedgerEvent.LegAnswered;
import java.math.BigDecimal;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Many-to-one transfers, beside the {@link Ledger}'s rules: a collector collects from several payers
 * at once, all legs or none, each payer's leg only under that payer's mandate (its standing
 * authorization, given by the payer and withdrawn by it at any time).
 *
 * <p>The protocol mirrors a multi-leg transfer's with the roles turned: the collector's partition
 * opens the collection (the whole held for the collector, counted against its maximum balance, so
 * that it can always be credited), each payer's partition debits its leg or refuses it, and with
 * the last answer the collector is credited the whole less the fees, or every debited leg is
 * returned to its payer. Every leg is booked at the collection's time, so a returned leg restores
 * its payer exactly.
 *
 * <p>The collector pays the fees — one per leg by the fee rule, with the collector's quality factor
 * — out of what it collects: a payer pays exactly its leg, and a collection refunded costs nobody
 * anything, so no collector can make its payers pay fees by collections bound to fail.
 */
public record DirectDebits(Ledger ledger) {

    /** Decides a mandate's grant against its payer. */
    public List<LedgerEvent> grant(GrantMandate command, Account payer) {
        if (command.payer().equals(command.collector())) {
            return rejected(command, RejectionReason.SAME_ACCOUNT, "an account cannot collect from itself");
        }
        if (ledger.isReserved(command.payer()) || ledger.isReserved(command.collector())) {
            AccountId owned = ledger.isReserved(command.payer()) ? command.payer() : command.collector();
            return rejected(command, RejectionReason.RESERVED_ACCOUNT, "account " + owned
                + " is the bank's own: only the bank's rules move it");
        }
        Amount max = ledger.limits().amountMax();
        if (!command.max().isPositive() || command.max().compareTo(max) > 0) {
            return rejected(command, RejectionReason.INVALID_AMOUNT, "a mandate's maximum must be above 0 and at most "
                + max + ", was " + command.max());
        }
        if (payer == null) {
            return rejected(command, RejectionReason.UNKNOWN_ACCOUNT, "no account " + command.payer());
        }
        if (payer.mandate(command.collector()) == null && payer.mandates().size() >= Leg.MAX_PER_TRANSFER) {
            return rejected(command, RejectionReason.ORDER_LIMIT, "account " + command.payer() + " has given "
                + payer.mandates().size() + " mandates, the most it may");
        }
        return List.of(new LedgerEvent.MandateGranted(command.id(), command.payer(), command.collector(), command.max(),
            command.acceptedAt()));
    }

    /** Decides a mandate's withdrawal against its payer. */
    public List<LedgerEvent> revoke(RevokeMandate command, Account payer) {
        if (payer == null || payer.mandate(command.collector()) == null) {
            return rejected(command, RejectionReason.UNKNOWN_MANDATE, "account " + command.payer()
                + " has given " + command.collector() + " no mandate");
        }
        return List.of(new LedgerEvent.MandateRevoked(command.id(), command.payer(), command.collector(),
            command.acceptedAt()));
    }

    /** The collector's side: the collection opened, or refused as a whole. */
    public List<LedgerEvent> open(Collection command, Account collector) {
        List<Contribution> legs = command.legs();
        if (legs.isEmpty() || legs.size() > Leg.MAX_PER_TRANSFER) {
            return rejected(command, RejectionReason.INVALID_AMOUNT, "from 1 to " + Leg.MAX_PER_TRANSFER
                + " legs, was " + legs.size());
        }
        if (command.asset() != Asset.ATTENTION) {
            return rejected(command, RejectionReason.INVALID_AMOUNT, "a collection moves attention only, not "
                + command.asset());
        }
        if (ledger.isReserved(command.to())) {
            return rejected(command, RejectionReason.RESERVED_ACCOUNT, "account " + command.to()
                + " is the bank's own: only the bank's rules move it");
        }
        Set<AccountId> payers = new HashSet<>();
        long total = 0;
        for (int i = 0; i < legs.size(); i++) {
            Contribution leg = legs.get(i);
            if (ledger.isReserved(leg.from())) {
                return rejected(command, RejectionReason.RESERVED_ACCOUNT, "leg " + i + ": account " + leg.from()
                    + " is the bank's own: only the bank's rules move it");
            }
            if (leg.from().equals(command.to()) || !payers.add(leg.from())) {
                return rejected(command, RejectionReason.SAME_ACCOUNT, "leg " + i + ": " + leg.from()
                    + (leg.from().equals(command.to()) ? " is the collector" : " already pays a leg"));
            }
            if (!leg.amount().isPositive() || leg.amount().compareTo(ledger.limits().amountMax()) > 0) {
                return rejected(command, RejectionReason.INVALID_AMOUNT, "leg " + i + ": amount must be above 0 and at most "
                    + ledger.limits().amountMax() + ", was " + leg.amount());
            }
            Amount fee = ledger.fee(leg.amount(), collector == null ? null : ledger.feeFactor(collector));
            if (leg.amount().compareTo(fee) <= 0) {
                return rejected(command, RejectionReason.INVALID_AMOUNT, "leg " + i + ": amount " + leg.amount()
                    + " must exceed its fee " + fee + ", which the collector pays out of it");
            }
            total += leg.amount().micros(); // at most 100 amounts of at most amountMax each: no overflow
        }
        if (total > ledger.limits().amountMax().micros()) {
            return rejected(command, RejectionReason.INVALID_AMOUNT, "the legs' amounts together must be at most "
                + ledger.limits().amountMax() + ", were " + new Amount(total));
        }
        if (collector == null) {
            return rejected(command, RejectionReason.UNKNOWN_ACCOUNT, "no account " + command.to());
        }
        java.time.Instant at = Ledger.bookingTime(collector, command.asset(), command.acceptedAt());
        if (ledger.aboveMaximum(ledger.balanceAfter(collector, command.asset(), at, new Amount(total)))) {
            return rejected(command, RejectionReason.BALANCE_LIMIT, "collecting " + new Amount(total) + " would carry "
                + command.to() + " above its maximum balance");
        }
        return List.of(new CollectionOpened(command.id(), command.to(), command.asset(), legs, at));
    }

    /**
     * A payer's side: its leg debited (the amount alone: the collector pays the fee) under a mandate
     * to the collector that covers it, at the collection's time, or refused.
     */
    public List<LedgerEvent> contribute(CollectionOpened opened, AccountId payerId, Account payer) {
        Contribution leg = opened.legOf(payerId);
        Mandate mandate = payer == null ? null : payer.mandate(opened.to());
        RejectionReason refusal = null;
        if (ledger.isReserved(payerId)) {
            refusal = RejectionReason.RESERVED_ACCOUNT;
        } else if (payer == null) {
            refusal = RejectionReason.UNKNOWN_ACCOUNT;
        } else if (mandate == null || !mandate.covers(leg.amount())) {
            refusal = RejectionReason.UNKNOWN_MANDATE;
        }
        if (refusal == null) {
            BigDecimal spendable = payer.spendable(opened.asset(),
                Ledger.bookingTime(payer, opened.asset(), opened.at()), ledger.decay());
            if (spendable.compareTo(leg.amount().toDecimal()) < 0) {
                refusal = RejectionReason.INSUFFICIENT_FUNDS;
            }
        }
        if (refusal != null) {
            return List.of(new CollectionLegRefused(opened.commandId(), payerId, opened.to(), refusal, opened.at()));
        }
        return List.of(new CollectionLegDebited(opened.commandId(), payerId, opened.to(), opened.asset(), leg.amount(),
            leg.memo(), opened.at()));
    }

    /**
     * The collector's side of a payer's answer: kept; with the last one in, the whole credited less
     * the fees, or the collection refunded and every debited leg sent back. An answer from a payer
     * that has answered already (a record delivered twice) changes nothing.
     */
    public List<LedgerEvent> answer(LedgerEvent answer, Account collector) {
        LegAnswered answered = switch (answer) {
            case CollectionLegDebited debited -> new LegAnswered(debited.commandId(), debited.to(),
                new Leg.Answer(debited.from(), null), debited.at());
            case CollectionLegRefused refused -> new LegAnswered(refused.commandId(), refused.to(),
                new Leg.Answer(refused.from(), refused.reason()), refused.at());
            default -> throw new IllegalArgumentException("not an answer to a collection: " + answer);
        };
        CommandId commandId = answered.commandId();
        if (collector == null || collector.pending(commandId) == null) {
            throw new IllegalStateException("an answer from " + answered.answer().to() + " to collection " + commandId
                + ", which is not pending at " + answered.from());
        }
        if (collector.pending(commandId).answeredBy(answered.answer().to())) {
            return List.of();
        }
        Account.PendingLegs pending = ledger.apply(collector, answered).pending(commandId);
        if (!pending.answered()) {
            return List.of(answered);
        }
        Leg.Answer refusal = pending.refusal();
        if (refusal == null) {
            Measure factor = ledger.feeFactor(collector);
            Amount whole = Amount.ZERO;
            Amount fees = Amount.ZERO;
            for (Leg.Priced leg : pending.legs()) {
                whole = whole.plus(leg.amount());
                fees = fees.plus(ledger.fee(leg.amount(), factor));
            }
            return List.of(answered, new CollectionSettled(commandId, collector.id(), pending.asset(), whole, fees,
                answer.at()));
        }
        List<Contribution> debited = pending.held().stream()
            .map(leg -> new Contribution(leg.to(), leg.amount(), leg.memo())).toList();
        return List.of(answered, new CollectionRefunded(commandId, collector.id(), pending.asset(), refusal, debited,
            answer.at()));
    }

    /** A payer's side of a refunded collection: its debited leg back, at the collection's time. */
    public List<LedgerEvent> returned(CollectionRefunded refunded, AccountId payerId) {
        Contribution leg = refunded.debited().stream().filter(each -> each.from().equals(payerId)).findFirst()
            .orElseThrow(() -> new IllegalStateException("collection " + refunded.commandId() + " returns nothing to "
                + payerId));
        return List.of(new CollectionLegReturned(refunded.commandId(), payerId, refunded.to(), refunded.asset(),
            leg.amount(), refunded.at()));
    }

    private static List<LedgerEvent> rejected(LedgerCommand command, RejectionReason reason, String detail) {
        return List.of(Ledger.rejected(command, reason, detail, command.at()));
    }
}
