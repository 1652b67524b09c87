package io.timebank.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import io.timebank.ledger.LedgerEvent.CommandRejected;
import io.timebank.ledger.LedgerEvent.ReservationHeld;
import io.timebank.ledger.LedgerEvent.ReservationRefused;
import io.timebank.ledger.LedgerEvent.TransferCredited;
import io.timebank.ledger.LedgerEvent.TransferPosted;
import io.timebank.ledger.LedgerEvent.TransferReserved;
import io.timebank.ledger.LedgerEvent.TransferVoided;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Pending transfers: reserved, then posted or voided (by the sender, at the timeout, or by a receiver's refusal). */
class TwoPhaseTransfersTest {

    static final Instant T0 = LedgerTest.T0;
    static final AccountId ALICE = LedgerTest.ALICE;
    static final AccountId BOB = LedgerTest.BOB;
    static final Decay DECAY = LedgerTest.DECAY;

    final Ledger ledger = new Ledger(DECAY, LedgerTest.ONE_PERCENT_MIN_CENT, Ledger.BANK, InputLimits.DEFAULT);
    final TwoPhaseTransfers twoPhase = new TwoPhaseTransfers(ledger);
    final Account alice = AvailableBalanceTest.funded(ledger, "100", Amount.ZERO);
    final Account bob = ledger.apply(null, new LedgerEvent.AccountOpened(BOB, LedgerTest.FORUM, Amount.ZERO, T0));

    static LedgerCommand.ReserveTransfer reserve(String id, String amount) {
        return new LedgerCommand.ReserveTransfer(CommandId.of(id), ALICE, BOB, Asset.ATTENTION, Amount.parse(amount), "",
            Duration.ofHours(2), T0);
    }

    @Test
    void aReservedTransferTakesAmountAndFeeNowIsHeldAsIncomingAndWhenPostedCreditsTheReceiver() {
        TransferReserved reserved = (TransferReserved) ledger.decide(reserve("p-1", "40"), alice, null).getFirst();
        Account reserving = ledger.apply(alice, reserved);
        ReservationHeld held = (ReservationHeld) twoPhase.hold(reserved, bob).getFirst();
        Account holding = ledger.apply(bob, held);

        assertThat(reserving.balance(Asset.ATTENTION, T0, DECAY)).isEqualTo(Amount.parse("59.6"));
        assertThat(ledger.available(reserving, Asset.ATTENTION, T0)).isEqualTo(Amount.parse("59.009901"));
        assertThat(reserving.reservation(CommandId.of("p-1")).expiresAt()).isEqualTo(T0.plus(Duration.ofHours(2)));
        assertThat(holding.hold(TwoPhaseTransfers.postId(CommandId.of("p-1")), ALICE).amount()).isEqualTo(Amount.parse("40"));

        Instant later = T0.plus(Duration.ofHours(1));
        TransferPosted posted = (TransferPosted) ledger.decide(new LedgerCommand.PostTransfer(CommandId.of("p-1::post"),
            ALICE, CommandId.of("p-1"), later), reserving, null).getFirst();
        TransferCredited credited = (TransferCredited) twoPhase.credit(posted, holding).getFirst();
        Account sent = ledger.apply(reserving, posted);
        Account received = ledger.apply(holding, credited);

        assertThat(posted.fee()).isEqualTo(Amount.parse("0.4"));
        assertThat(credited.at()).as("the value moved when it was reserved").isEqualTo(T0);
        assertThat(sent.reservations()).isEmpty();
        assertThat(sent.balance(Asset.ATTENTION, later, DECAY)).isEqualTo(reserving.balance(Asset.ATTENTION, later, DECAY));
        assertThat(received.holds()).isEmpty();
        assertThat(received.balance(Asset.ATTENTION, T0.plus(Duration.ofHours(1)), DECAY))
            .isEqualTo(Amount.of(new java.math.BigDecimal("40").multiply(java.math.BigDecimal.valueOf(Math.exp(-0.01)))
                .setScale(6, java.math.RoundingMode.FLOOR)));
        assertThat(((CommandRejected) ledger.decide(new LedgerCommand.VoidTransfer(CommandId.of("p-1::void"), ALICE,
            CommandId.of("p-1"), later), sent, null).getFirst()).reason()).isEqualTo(RejectionReason.NOT_PENDING);
    }

    @Test
    void aVoidGivesAmountAndFeeBackAsIfNothingHadBeenReservedAndReleasesTheHold() {
        TransferReserved reserved = (TransferReserved) ledger.decide(reserve("p-2", "40"), alice, null).getFirst();
        Account reserving = ledger.apply(alice, reserved);
        Account holding = ledger.apply(bob, twoPhase.hold(reserved, bob).getFirst());
        Instant later = T0.plus(Duration.ofMinutes(30));

        TransferVoided voided = (TransferVoided) ledger.decide(new LedgerCommand.VoidTransfer(CommandId.of("p-2::void"),
            ALICE, CommandId.of("p-2"), later), reserving, null).getFirst();
        Account restored = ledger.apply(reserving, voided);
        Account released = ledger.apply(holding, twoPhase.release(voided, holding).getFirst());

        assertThat(voided.cause()).isEqualTo(LedgerEvent.VoidCause.VOIDED);
        assertThat(restored.balance(Asset.ATTENTION, later, DECAY)).isEqualTo(alice.balance(Asset.ATTENTION, later, DECAY));
        assertThat(restored.reservations()).isEmpty();
        assertThat(released.holds()).isEmpty();
        assertThat(((CommandRejected) ledger.decide(new LedgerCommand.PostTransfer(CommandId.of("p-2::post"), ALICE,
            CommandId.of("p-2"), later), restored, null).getFirst()).reason()).isEqualTo(RejectionReason.NOT_PENDING);
    }

    @Test
    void aReservationExpiresAtItsTimeoutAndALaterClientVoidHasTheSameContent() {
        TransferReserved reserved = (TransferReserved) ledger.decide(reserve("p-3", "10"), alice, null).getFirst();
        Account reserving = ledger.apply(alice, reserved);

        assertThat(twoPhase.expire(ALICE, CommandId.of("p-3"), reserving, T0.plus(Duration.ofMinutes(119)))).isEmpty();
        TransferVoided expired = (TransferVoided) twoPhase.expire(ALICE, CommandId.of("p-3"), reserving,
            T0.plus(Duration.ofHours(2))).getFirst();

        assertThat(expired.cause()).isEqualTo(LedgerEvent.VoidCause.EXPIRED);
        assertThat(expired.commandId()).isEqualTo(CommandId.of("p-3::void"));
        assertThat(CommandKey.contentOf(expired)).isEqualTo(CommandKey.contentOf(new LedgerCommand.VoidTransfer(
            CommandId.of("p-3::void"), ALICE, CommandId.of("p-3"), T0.plus(Duration.ofHours(3)))));
        assertThat(CommandKey.contentOf(reserved)).isEqualTo(CommandKey.contentOf(reserve("p-3", "10")));
        assertThat(ledger.apply(reserving, expired).balance(Asset.ATTENTION, T0.plus(Duration.ofHours(2)), DECAY))
            .isEqualTo(alice.balance(Asset.ATTENTION, T0.plus(Duration.ofHours(2)), DECAY));
    }

    @Test
    void aReceiverThatCannotTakeItHasItVoidedUnlessThePostingCrossedTheRefusal() {
        TransferReserved reserved = (TransferReserved) ledger.decide(reserve("p-4", "10"), alice, null).getFirst();
        Account reserving = ledger.apply(alice, reserved);

        ReservationRefused refused = (ReservationRefused) twoPhase.hold(reserved, null).getFirst();
        TransferVoided voided = (TransferVoided) twoPhase.refused(refused, reserving).getFirst();
        TransferPosted crossing = (TransferPosted) ledger.decide(new LedgerCommand.PostTransfer(CommandId.of("p-4::post"),
            ALICE, CommandId.of("p-4"), T0), reserving, null).getFirst();

        assertThat(refused.reason()).isEqualTo(RejectionReason.UNKNOWN_ACCOUNT);
        assertThat(voided.cause()).isEqualTo(LedgerEvent.VoidCause.REFUSED);
        assertThat(voided.refusal()).isEqualTo(RejectionReason.UNKNOWN_ACCOUNT);
        assertThat(twoPhase.refused(refused, ledger.apply(reserving, crossing))).as("posted first: nothing to void").isEmpty();
        assertThat(twoPhase.credit(crossing, null)).singleElement().isInstanceOf(LedgerEvent.TransferRefunded.class);
    }

    @Test
    void afterItsTimeoutAPostIsRefusedAndAVoidIsTheExpiryWhetherOrNotTheSchedulerRan() {
        Account reserving = ledger.apply(alice, ledger.decide(reserve("p-7", "10"), alice, null).getFirst());
        java.time.Instant late = T0.plus(Duration.ofHours(2));

        LedgerEvent posted = ledger.decide(new LedgerCommand.PostTransfer(CommandId.of("p-7::post"), ALICE,
            CommandId.of("p-7"), late), reserving, null).getFirst();
        TransferVoided voided = (TransferVoided) ledger.decide(new LedgerCommand.VoidTransfer(CommandId.of("p-7::void"),
            ALICE, CommandId.of("p-7"), late.plusSeconds(60)), reserving, null).getFirst();

        assertThat(((CommandRejected) posted).reason()).isEqualTo(RejectionReason.NOT_PENDING);
        assertThat(voided.cause()).isEqualTo(LedgerEvent.VoidCause.EXPIRED);
        assertThat(voided).isEqualTo(twoPhase.expire(ALICE, CommandId.of("p-7"), reserving, late).getFirst());
    }

    @Test
    void anIdThatIsStillPendingCannotNameAnotherNorOneTooLongForItsPosting() {
        Account reserving = ledger.apply(alice, ledger.decide(reserve("p-8", "10"), alice, null).getFirst());

        List<LedgerEvent> again = ledger.decide(reserve("p-8", "5"), reserving, null);
        List<LedgerEvent> tooLong = ledger.decide(reserve("p".repeat(TwoPhaseTransfers.ID_LENGTH_MAX + 1), "5"), alice, null);

        assertThat(((CommandRejected) again.getFirst()).reason()).isEqualTo(RejectionReason.COMMAND_ID_REUSED);
        assertThat(((CommandRejected) tooLong.getFirst()).reason()).isEqualTo(RejectionReason.INVALID_AMOUNT);
    }

    @Test
    void aReservationNeedsTheFundsAndATimeoutWithinItsBounds() {
        List<LedgerEvent> tooMuch = ledger.decide(reserve("p-5", "99.5"), alice, null);
        List<LedgerEvent> forever = ledger.decide(new LedgerCommand.ReserveTransfer(CommandId.of("p-6"), ALICE, BOB,
            Asset.ATTENTION, Amount.parse("1"), "", Duration.ofDays(8), T0), alice, null);

        assertThat(((CommandRejected) tooMuch.getFirst()).reason()).isEqualTo(RejectionReason.INSUFFICIENT_FUNDS);
        assertThat(CommandKey.contentOf(tooMuch.getFirst())).isEqualTo(CommandKey.contentOf(reserve("p-5", "99.5")));
        assertThat(((CommandRejected) forever.getFirst()).reason()).isEqualTo(RejectionReason.INVALID_SCHEDULE);
    }
}
