package io.timebank.ledger;

import io.timebank.ledger.LedgerEvent.ReservationHeld;
import io.timebank.ledger.LedgerEvent.ReservationRefused;
import io.timebank.ledger.LedgerEvent.ReservationReleased;
import io.timebank.ledger.LedgerEvent.TransferCredited;
import io.timebank.ledger.LedgerEvent.TransferPosted;
import io.timebank.ledger.LedgerEvent.TransferRefunded;
import io.timebank.ledger.LedgerEvent.TransferReserved;
import io.timebank.ledger.LedgerEvent.TransferVoided;
import io.timebank.ledger.LedgerEvent.VoidCause;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Two-phase transfers, beside the {@link Ledger}'s rules (and sharing its checks). A transfer created
 * pending reserves its amount and fee: they leave the sender's balance at once, and the receiver holds
 * the amount as incoming (counted against its maximum). The sender then posts it ({@code <id>::post}):
 * the fee is charged and the receiver credited the amount at the reservation's time; or voids it
 * ({@code <id>::void}), or it expires at its timeout: amount and fee come back to the sender, booked at
 * the reservation's time so that nothing was lost, and the hold is released. Post and void are
 * commands with their own ids, exactly once through the same guards as every command; only one of
 * them can end a reservation.
 */
public record TwoPhaseTransfers(Ledger ledger) {

    public static final Duration TIMEOUT_DEFAULT = Duration.ofHours(24);
    /** At most a week: within the time a command id is remembered, so an id stays its transfer's while it is pending. */
    public static final Duration TIMEOUT_MAX = Duration.ofDays(7);
    /** The longest id of a pending transfer: its posting's and void's ids ({@code <id>::post}) must fit. */
    public static final int ID_LENGTH_MAX = StandingOrder.ID_LENGTH_MAX;
    private static final String POST = "::post";
    private static final String VOID = "::void";

    /** The id of the command that posts {@code transfer}. */
    public static CommandId postId(CommandId transfer) {
        return CommandId.of(transfer.value() + POST);
    }

    /** The id of the command that voids {@code transfer} (a client's, or the bank's at the timeout). */
    public static CommandId voidId(CommandId transfer) {
        return CommandId.of(transfer.value() + VOID);
    }

    /** The pending transfer a posting's or void's id names. */
    public static CommandId transferOf(CommandId postOrVoid) {
        String id = postOrVoid.value();
        if (!id.endsWith(POST) && !id.endsWith(VOID)) {
            throw new IllegalArgumentException("not the id of a posting or a void: " + id);
        }
        return CommandId.of(id.substring(0, id.length() - POST.length()));
    }

    /** The sender's side: amount + fee reserved (they leave the balance now), or the transfer refused. */
    public List<LedgerEvent> reserve(LedgerCommand.ReserveTransfer reserve, Account sender) {
        if (reserve.id().value().length() > ID_LENGTH_MAX) {
            return List.of(Ledger.rejected(reserve, RejectionReason.INVALID_AMOUNT, "a pending transfer's id has at most "
                + ID_LENGTH_MAX + " characters, so that its posting's and void's ids fit", reserve.acceptedAt()));
        }
        if (sender != null && sender.reservation(reserve.id()) != null) {
            return List.of(Ledger.rejected(reserve, RejectionReason.COMMAND_ID_REUSED, "pending transfer " + reserve.id()
                + " is still pending: its id cannot name another", reserve.acceptedAt()));
        }
        LedgerCommand.Transfer asTransfer = new LedgerCommand.Transfer(reserve.id(), reserve.from(), reserve.to(),
            reserve.asset(), reserve.amount(), reserve.memo(), reserve.acceptedAt());
        List<LedgerEvent> decided = ledger.decide(asTransfer, sender, null); // a transfer exchanges nothing
        if (!(decided.getFirst() instanceof LedgerEvent.TransferDebited debited)) {
            LedgerEvent.CommandRejected refused = (LedgerEvent.CommandRejected) decided.getFirst();
            return List.of(Ledger.rejected(reserve, refused.reason(), refused.detail(), refused.at()));
        }
        if (reserve.timeout().isNegative() || reserve.timeout().isZero() || reserve.timeout().compareTo(TIMEOUT_MAX) > 0) {
            return List.of(Ledger.rejected(reserve, RejectionReason.INVALID_SCHEDULE, "the timeout must be above 0 and at most "
                + TIMEOUT_MAX + ", was " + reserve.timeout(), debited.at()));
        }
        return List.of(new TransferReserved(reserve.id(), reserve.from(), reserve.to(), reserve.asset(), debited.amount(),
            debited.fee(), debited.memo(), debited.at(), reserve.timeout(), reserve.acceptedAt().plus(reserve.timeout()),
            debited.feeFactor()));
    }

    /** The receiver's side of a reservation: the amount held as incoming, or refused. */
    public List<LedgerEvent> hold(TransferReserved reserved, Account receiver) {
        CommandId hold = postId(reserved.commandId());
        RejectionReason refusal = null;
        if (ledger.isReserved(reserved.to())) {
            refusal = RejectionReason.RESERVED_ACCOUNT;
        } else if (receiver == null) {
            refusal = RejectionReason.UNKNOWN_ACCOUNT;
        } else if (ledger.aboveMaximum(ledger.balanceAfter(receiver, reserved.asset(), reserved.at(), reserved.amount()))) {
            refusal = RejectionReason.BALANCE_LIMIT;
        }
        if (refusal != null) {
            return List.of(new ReservationRefused(reserved.commandId(), reserved.to(), reserved.from(), refusal,
                reserved.at()));
        }
        return List.of(new ReservationHeld(hold, reserved.to(), reserved.from(), reserved.asset(), reserved.amount(),
            reserved.at()));
    }

    /** Posting: the reservation ends and its fee is charged; refused when the transfer is not pending. */
    public List<LedgerEvent> post(LedgerCommand.PostTransfer post, Account sender) {
        Account.Reservation reservation = sender == null ? null : sender.reservation(post.transfer());
        if (reservation == null) {
            return List.of(notPending(post, post.transfer()));
        }
        if (!post.acceptedAt().isBefore(reservation.expiresAt())) { // expired, whether or not the scheduler ran yet
            return List.of(Ledger.rejected(post, RejectionReason.NOT_PENDING, "pending transfer " + post.transfer()
                + " expired at " + reservation.expiresAt(), post.acceptedAt()));
        }
        return List.of(new TransferPosted(post.id(), post.from(), reservation.to(), reservation.asset(),
            reservation.amount(), reservation.fee(), reservation.reservedAt(), post.acceptedAt()));
    }

    /** The receiver's side of a posting: its hold credited at the reservation's time, or refunded when it holds none. */
    public List<LedgerEvent> credit(TransferPosted posted, Account receiver) {
        if (receiver == null || receiver.hold(posted.commandId(), posted.from()) == null) {
            // It refused the reservation, and the posting crossed the refusal: the amount goes back (the fee was charged).
            return List.of(new TransferRefunded(posted.commandId(), posted.from(), posted.to(), posted.asset(),
                posted.amount(), receiver == null ? RejectionReason.UNKNOWN_ACCOUNT : RejectionReason.BALANCE_LIMIT,
                posted.reservedAt()));
        }
        return List.of(new TransferCredited(posted.commandId(), posted.to(), posted.from(), posted.asset(),
            posted.amount(), posted.reservedAt()));
    }

    /** A client's void: amount and fee back; refused when the transfer is not pending. */
    public List<LedgerEvent> cancel(LedgerCommand.VoidTransfer cancel, Account sender) {
        Account.Reservation reservation = sender == null ? null : sender.reservation(cancel.transfer());
        if (reservation == null) {
            return List.of(notPending(cancel, cancel.transfer()));
        }
        // A void sent at or after the timeout is the timeout's, whether or not the scheduler ran yet.
        boolean expired = !cancel.acceptedAt().isBefore(reservation.expiresAt());
        return List.of(voided(cancel.id(), cancel.from(), reservation, expired ? VoidCause.EXPIRED : VoidCause.VOIDED,
            null, expired ? reservation.expiresAt() : cancel.acceptedAt()));
    }

    /** The bank's void at the timeout, if the transfer is still pending; nothing otherwise. */
    public List<LedgerEvent> expire(AccountId from, CommandId transfer, Account sender, Instant now) {
        Account.Reservation reservation = sender == null ? null : sender.reservation(transfer);
        return reservation == null || now.isBefore(reservation.expiresAt()) ? List.of()
            : List.of(voided(voidId(transfer), from, reservation, VoidCause.EXPIRED, null, reservation.expiresAt()));
    }

    /** The receiver refused the reservation: voided, if the sender has not posted it meanwhile. */
    public List<LedgerEvent> refused(ReservationRefused refused, Account sender) {
        Account.Reservation reservation = sender == null ? null : sender.reservation(refused.commandId());
        return reservation == null ? List.of()
            : List.of(voided(voidId(refused.commandId()), refused.from(), reservation, VoidCause.REFUSED, refused.reason(),
                refused.at()));
    }

    /** The receiver's side of a void: its hold released (none when it had refused the transfer). */
    public List<LedgerEvent> release(TransferVoided voided, Account receiver) {
        CommandId hold = postId(transferOf(voided.commandId()));
        return receiver == null || receiver.hold(hold, voided.from()) == null ? List.of()
            : List.of(new ReservationReleased(hold, voided.to(), voided.from(), voided.voidedAt()));
    }

    private static TransferVoided voided(CommandId id, AccountId from, Account.Reservation reservation, VoidCause cause,
                                         RejectionReason refusal, Instant voidedAt) {
        return new TransferVoided(id, from, reservation.to(), reservation.asset(), reservation.amount(), reservation.fee(),
            cause, refusal, reservation.reservedAt(), voidedAt.isBefore(reservation.reservedAt())
                ? reservation.reservedAt() : voidedAt);
    }

    private static LedgerEvent.CommandRejected notPending(LedgerCommand command, CommandId transfer) {
        return Ledger.rejected(command, RejectionReason.NOT_PENDING, "no pending transfer " + transfer
            + ": never created, or already posted, voided or expired", command.at());
    }
}
