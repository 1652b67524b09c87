package io.timebank.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.timebank.ledger.AccountId;
import io.timebank.ledger.Amount;
import io.timebank.ledger.Asset;
import io.timebank.ledger.CommandId;
import io.timebank.ledger.CommandKey;
import io.timebank.ledger.LedgerEvent;
import io.timebank.ledger.RejectionReason;
import io.timebank.schemas.avro.CommandOutcomeRecord;
import io.timebank.schemas.avro.CommandStatus;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** A waiting request is woken by the committed event that settles its command — not by a clock. */
class OutcomesTest {

    static final Instant AT = Instant.parse("2026-06-01T12:00:00Z");
    static final AccountId ALICE = AccountId.of("alice");
    static final AccountId BOB = AccountId.of("bob");
    static final CommandKey KEY = new CommandKey(ALICE, CommandId.of("t-1"));

    final Outcomes outcomes = new Outcomes();

    static LedgerEvent.TransferDebited debited(AccountId from, AccountId to) {
        return new LedgerEvent.TransferDebited(CommandId.of("t-1"), from, to, Asset.ATTENTION, Amount.parse("10"),
            Amount.parse("0.01"), "", AT);
    }

    @Test
    void aWaiterIsWokenTheMomentTheFinalEventIsCommitted() {
        CompletableFuture<CommandOutcomeRecord> waiter = outcomes.await(KEY);

        outcomes.accept(debited(ALICE, BOB));
        boolean doneAfterDebit = waiter.isDone();
        outcomes.accept(new LedgerEvent.TransferCredited(CommandId.of("t-1"), BOB, ALICE, Asset.ATTENTION,
            Amount.parse("10"), AT));

        assertThat(doneAfterDebit).as("pending after the debit alone").isFalse();
        assertThat(waiter).isCompleted();
        CommandOutcomeRecord outcome = waiter.join();
        assertThat(outcome.getStatus()).isEqualTo(CommandStatus.COMPLETED);
        assertThat(outcome.getEvents()).hasSize(2);
        assertThat(outcome.getContent()).isEqualTo(CommandKey.contentOf(debited(ALICE, BOB)));
    }

    @Test
    void aCreditReadBeforeItsDebitAnswersNobodyUntilTheDebitSaysWhatWasAsked() {
        CompletableFuture<CommandOutcomeRecord> waiter = outcomes.await(KEY);

        outcomes.accept(new LedgerEvent.TransferCredited(CommandId.of("t-1"), BOB, ALICE, Asset.ATTENTION,
            Amount.parse("10"), AT));
        boolean doneAfterCredit = waiter.isDone();
        outcomes.accept(debited(ALICE, BOB));

        assertThat(doneAfterCredit).as("the legs live on two partitions: the credit may come first").isFalse();
        assertThat(waiter.join().getContent()).isEqualTo(CommandKey.contentOf(debited(ALICE, BOB)));
    }

    @Test
    void anOutcomeAlreadyCommittedAnswersAtOnceAndIsRememberedForTheNextRead() {
        outcomes.accept(new LedgerEvent.CommandRejected(CommandId.of("t-1"), ALICE, "Transfer",
            RejectionReason.INSUFFICIENT_FUNDS, "needs more", AT, 42L));

        assertThat(outcomes.await(KEY)).isCompleted();
        assertThat(outcomes.recent(KEY.value())).get().extracting(CommandOutcomeRecord::getStatus)
            .isEqualTo(CommandStatus.REJECTED);
    }

    @Test
    void anotherSendersCommandWithTheSameIdWakesNobody() {
        CompletableFuture<CommandOutcomeRecord> waiter = outcomes.await(KEY);

        outcomes.accept(new LedgerEvent.CommandRejected(CommandId.of("t-1"), BOB, "Transfer",
            RejectionReason.INSUFFICIENT_FUNDS, "needs more", AT, 42L));

        assertThat(waiter).isNotDone();
    }

    @Test
    void onlyTheLatestOutcomesAreRemembered() {
        for (int i = 0; i <= Outcomes.RECENT_MAX; i++) {
            outcomes.accept(new LedgerEvent.CommandRejected(CommandId.of("c-" + i), ALICE, "Transfer",
                RejectionReason.INSUFFICIENT_FUNDS, "", AT, 1L));
        }

        assertThat(outcomes.recent("alice/c-0")).isEmpty();
        assertThat(outcomes.recent("alice/c-" + Outcomes.RECENT_MAX)).isPresent();
    }
}
