package io.timebank.stream;

import static io.timebank.stream.LedgerDriver.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import io.timebank.ledger.AccountId;
import io.timebank.ledger.Amount;
import io.timebank.ledger.Asset;
import io.timebank.ledger.CommandId;
import io.timebank.ledger.CommandKey;
import io.timebank.ledger.LedgerCommand;
import io.timebank.ledger.LedgerEvent;
import io.timebank.ledger.PlatformId;
import io.timebank.ledger.RejectionReason;
import io.timebank.ledger.ScoringRule;
import io.timebank.schemas.avro.CommandStatus;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LedgerTopologyTest {

    static final Instant HOUR_AGO = NOW.minus(Duration.ofHours(1));

    @TempDir
    Path state;
    LedgerDriver bank;

    @BeforeEach
    void start() {
        bank = new LedgerDriver(LedgerSettings.defaults("test."), state);
    }

    @AfterEach
    void stop() {
        bank.close();
    }

    @Test
    void aScoredActivityOpensTheAccountAndCreditsIt() {
        bank.sendActivity("e-1", "alice", HOUR_AGO, 4, 2, 4);

        List<LedgerEvent> events = bank.bookedEvents();

        assertThat(events).hasSize(2);
        assertThat(events.get(0)).isInstanceOf(LedgerEvent.AccountOpened.class);
        LedgerEvent.Deposited deposited = (LedgerEvent.Deposited) events.get(1);
        assertThat(deposited.score().value()).isEqualTo(Amount.parse("32"));
        assertThat(deposited.at()).isEqualTo(HOUR_AGO);
        assertThat(bank.balance("alice", HOUR_AGO)).isEqualTo(Amount.parse("32"));
    }

    @Test
    void eachAccountKeepsItsEntriesInBookingOrder() {
        bank.sendActivity("e-1", "alice", HOUR_AGO, 4, 2, 4);
        bank.sendActivity("e-2", "alice", NOW.minus(Duration.ofHours(2)), 1, 1, 1); // late
        bank.transfer("t-1", "alice", "bob", "5"); // refunded: bob has no account

        List<String> history = new java.util.ArrayList<>();
        try (var all = bank.driver.<String, byte[]>getKeyValueStore(LedgerStores.ENTRIES)
            .range(AccountHistory.key("alice", 0), AccountHistory.end("alice"))) {
            all.forEachRemaining(entry -> history.add(AccountHistory.sequence(entry.key) + " "
                + AccountHistory.decode(entry.key, entry.value).event().getClass().getSimpleName()));
        }

        assertThat(history).containsExactly("0 AccountOpened", "1 Deposited", "2 Deposited", "3 TransferDebited",
            "4 TransferRefunded");
    }

    @Test
    void anOperatorsOpeningAndLimitChangeAreCommandsWithOutcomesAndNotHistoryEntries() {
        AccountId carol = AccountId.of("carol");
        bank.send(new LedgerCommand.OpenAccount(CommandId.of("o-1"), carol, PlatformId.of("forum"), Amount.parse("10"), NOW));
        bank.send(new LedgerCommand.ChangeCreditLimit(CommandId.of("l-1"), carol, Amount.parse("25"), NOW));
        bank.send(new LedgerCommand.Transfer(CommandId.of("t-1"), carol, AccountId.of("alice"), Asset.ATTENTION,
            Amount.ZERO, "", NOW, true)); // everything available; alice has no account: refunded

        assertThat(bank.outcome("carol", "o-1").getStatus()).isEqualTo(CommandStatus.COMPLETED);
        assertThat(bank.outcome("carol", "l-1").getStatus()).isEqualTo(CommandStatus.COMPLETED);
        assertThat(bank.account("carol").creditLimit()).isEqualTo(Amount.parse("25"));
        LedgerEvent.TransferDebited debited = bank.bookedEvents().stream()
            .filter(LedgerEvent.TransferDebited.class::isInstance).map(LedgerEvent.TransferDebited.class::cast)
            .findFirst().orElseThrow();
        assertThat(debited.available()).isTrue();
        assertThat(debited.debit()).isEqualTo(Amount.parse("25")); // the whole credit line, fee included
        List<String> history = new java.util.ArrayList<>();
        try (var all = bank.driver.<String, byte[]>getKeyValueStore(LedgerStores.ENTRIES)
            .range(AccountHistory.key("carol", 0), AccountHistory.end("carol"))) {
            all.forEachRemaining(entry -> history.add(AccountHistory.sequence(entry.key) + " "
                + AccountHistory.decode(entry.key, entry.value).event().getClass().getSimpleName()));
        }
        assertThat(history).containsExactly("0 AccountOpened", "1 TransferDebited", "2 TransferRefunded");
    }

    @Test
    void aDuplicateActivityIsCreditedOnceAndDeadLettered() {
        bank.sendActivity("e-1", "alice", HOUR_AGO, 4, 2, 4);
        bank.sendActivity("e-1", "alice", HOUR_AGO, 4, 2, 4);

        assertThat(bank.bookedEvents()).filteredOn(LedgerEvent.Deposited.class::isInstance).hasSize(1);
        List<TestRecord<byte[], byte[]>> dead = bank.deadLetterRecords();
        assertThat(dead).hasSize(1);
        assertThat(DeadLetter.header(dead.getFirst().headers(), DeadLetter.REASON)).startsWith("duplicate activity");
        assertThat(bank.balance("alice", HOUR_AGO)).isEqualTo(Amount.parse("32"));
    }

    @Test
    void aLateActivityCountsFromItsOwnTime() {
        bank.sendActivity("e-2", "alice", NOW.minus(Duration.ofMinutes(10)), 10, 1, 1);
        bank.sendActivity("e-1", "alice", NOW.minus(Duration.ofHours(100)).plus(Duration.ofMinutes(50)), 100, 1, 1);

        // 10 · e^(-10 min / 100 h) + 100 · e^(-(100 h - 50 min)/100 h), read now
        double expected = 10 * Math.exp(-10.0 / 6000) + 100 * Math.exp(-(6000.0 - 50) / 6000);
        assertThat(bank.balance("alice", NOW).toDecimal().doubleValue()).isCloseTo(expected, org.assertj.core.api.Assertions.within(2e-6));
        assertThat(bank.account("alice").lastEntryAt(Asset.ATTENTION)).isEqualTo(NOW.minus(Duration.ofMinutes(10)));
    }

    @Test
    void aFutureActivityGoesToTheDeadLetterTopicNamingItsTime() {
        bank.sendActivity("e-1", "alice", NOW.plus(Duration.ofMinutes(6)), 1, 1, 1);

        TestRecord<byte[], byte[]> dead = bank.deadLetterRecords().getFirst();

        assertThat(DeadLetter.header(dead.headers(), DeadLetter.REASON)).startsWith("occurredAt: is in the future");
        assertThat(DeadLetter.header(dead.headers(), DeadLetter.SOURCE_TOPIC)).isEqualTo("test.activities");
        assertThat(bank.bookedEvents()).isEmpty();
    }

    @Test
    void badRecordsGoToTheDeadLetterTopicAndGoodOnesAroundThemAreStillCredited() {
        byte[] garbage = {0x01, 0x02, 0x03};
        byte[] invalid = LedgerDriver.activityJson("e-2", "forum", "alice", HOUR_AGO, Double.NaN, 1, 1);
        bank.sendActivity("e-1", "alice", HOUR_AGO, 1, 1, 1);
        bank.sendRaw(garbage);
        bank.sendRaw(invalid);
        bank.sendActivity("e-3", "alice", HOUR_AGO, 2, 1, 1);

        List<TestRecord<byte[], byte[]>> dead = bank.deadLetterRecords();

        assertThat(dead).extracting(TestRecord::value).containsExactly(garbage, invalid);
        assertThat(DeadLetter.header(dead.get(0).headers(), DeadLetter.REASON)).contains("neither Avro");
        assertThat(DeadLetter.header(dead.get(0).headers(), DeadLetter.STAGE)).isEqualTo("undecodable");
        assertThat(DeadLetter.header(dead.get(1).headers(), DeadLetter.REASON)).startsWith("measures.interaction: must be a finite number");
        assertThat(bank.balance("alice", HOUR_AGO)).isEqualTo(Amount.parse("3"));
    }

    @Test
    void aTransferIsDebitedOnTheSenderCreditedOnTheReceiverAndCompletes() {
        bank.sendActivity("e-1", "alice", HOUR_AGO, 10, 10, 1);
        bank.sendActivity("e-2", "bob", HOUR_AGO, 1, 1, 1);
        bank.bookedEvents();

        bank.transfer("t-1", "alice", "bob", "40");

        List<LedgerEvent> events = bank.bookedEvents();
        LedgerEvent.TransferDebited debited = (LedgerEvent.TransferDebited) events.get(0);
        LedgerEvent.TransferCredited credited = (LedgerEvent.TransferCredited) events.get(1);
        assertThat(debited.debit()).isEqualTo(credited.amount().plus(debited.fee()));
        assertThat(debited.fee()).isEqualTo(Amount.parse("0.04"));
        assertThat(bank.outcome("alice", "t-1").getStatus()).isEqualTo(CommandStatus.COMPLETED);
        // bob's own 1 decayed for an hour (e^-0.01), plus the 40 credited at the transfer's time, NOW
        assertThat(bank.balance("bob", NOW)).isEqualTo(Amount.parse("40.990049"));
    }

    @Test
    void aTransferBeyondTheBalanceIsRejectedWithItsReason() {
        bank.sendActivity("e-1", "alice", HOUR_AGO, 5, 1, 1);
        bank.bookedEvents();

        bank.transfer("t-1", "alice", "bob", "5");

        LedgerEvent.CommandRejected rejected = (LedgerEvent.CommandRejected) bank.bookedEvents().getFirst();
        assertThat(rejected.reason()).isEqualTo(RejectionReason.INSUFFICIENT_FUNDS);
        assertThat(bank.outcome("alice", "t-1").getStatus()).isEqualTo(CommandStatus.REJECTED);
        assertThat(bank.outcome("alice", "t-1").getReason().name()).isEqualTo("INSUFFICIENT_FUNDS");
    }

    @Test
    void aTransferToAnUnknownAccountIsRefundedToTheSender() {
        bank.sendActivity("e-1", "alice", NOW, 100, 1, 1);
        bank.bookedEvents();

        bank.transfer("t-1", "alice", "nobody", "50");

        List<LedgerEvent> events = bank.bookedEvents();
        assertThat(events).hasSize(2);
        LedgerEvent.TransferDebited debited = (LedgerEvent.TransferDebited) events.get(0);
        LedgerEvent.TransferRefunded refunded = (LedgerEvent.TransferRefunded) events.get(1);
        assertThat(refunded.account()).isEqualTo(AccountId.of("alice"));
        assertThat(refunded.amount().plus(debited.fee())).isEqualTo(debited.debit());
        assertThat(bank.balance("alice", NOW)).isEqualTo(Amount.parse("100").minus(debited.fee()));
        assertThat(bank.account("nobody")).isNull();
        assertThat(bank.outcome("alice", "t-1").getStatus()).isEqualTo(CommandStatus.REFUNDED);
    }

    @Test
    void feesAccruedOnAPartitionAreSettledToTheFeeAccount() {
        bank.sendActivity("e-1", "alice", NOW, 100, 10, 1);
        bank.sendActivity("e-2", "bob", NOW, 1, 1, 1);
        bank.transfer("t-1", "alice", "bob", "500");
        bank.transfer("t-2", "alice", "bob", "250");
        bank.bookedEvents();

        bank.settleFees();

        List<LedgerEvent> settlements = bank.bookedEvents();
        assertThat(settlements).hasSize(1);
        LedgerEvent.FeeSettled settled = (LedgerEvent.FeeSettled) settlements.getFirst();
        assertThat(settled.account()).isEqualTo(AccountId.of("bank-fees"));
        // 0.5 + 0.25 accrued at NOW, settled 10 s later: 0.75 · e^(-10 s / 100 h), rounded down
        assertThat(settled.amount()).isEqualTo(Amount.parse("0.749979"));
        assertThat(bank.balance("bank-fees", settled.at())).isEqualTo(Amount.parse("0.749979"));
    }

    @Test
    void anExchangeConvertsAttentionIntoTheStableAsset() {
        bank.sendActivity("e-1", "alice", NOW, 100, 1, 1);
        bank.bookedEvents();

        bank.send(new LedgerCommand.Exchange(CommandId.of("x-1"), AccountId.of("alice"), Amount.parse("30"), NOW));

        LedgerEvent.Exchanged exchanged = (LedgerEvent.Exchanged) bank.bookedEvents().getFirst();
        assertThat(exchanged.stable()).isEqualTo(Amount.parse("30"));
        assertThat(bank.account("alice").balance(Asset.STABLE, NOW, bank.settings.decay())).isEqualTo(Amount.parse("30"));
        assertThat(bank.balance("alice", NOW)).isEqualTo(Amount.parse("70"));
        assertThat(bank.outcome("alice", "x-1").getStatus()).isEqualTo(CommandStatus.COMPLETED);
    }

    @Test
    void aRetriedCommandIdIsAppliedOnce() {
        bank.sendActivity("e-1", "alice", NOW, 100, 1, 1);
        bank.sendActivity("e-2", "bob", NOW, 1, 1, 1);
        bank.bookedEvents();

        bank.transfer("t-1", "alice", "bob", "10");
        bank.transfer("t-1", "alice", "bob", "10");

        assertThat(bank.bookedEvents()).filteredOn(LedgerEvent.TransferDebited.class::isInstance).hasSize(1);
        assertThat(DeadLetter.header(bank.deadLetterRecords().getFirst().headers(), DeadLetter.REASON))
            .startsWith("duplicate command t-1 of alice");
        assertThat(bank.balance("alice", NOW)).isEqualTo(Amount.parse("89.99"));
    }

    @Test
    void theSameIdFromTwoSendersIsTwoCommandsWithTwoOutcomes() {
        bank.sendActivity("e-1", "alice", NOW, 100, 1, 1);
        bank.sendActivity("e-2", "bob", NOW, 50, 1, 1);
        bank.bookedEvents();

        bank.transfer("t-1", "alice", "carol", "10");
        bank.transfer("t-1", "bob", "alice", "20");

        assertThat(bank.bookedEvents()).filteredOn(LedgerEvent.TransferDebited.class::isInstance).hasSize(2);
        assertThat(bank.deadLetterRecords()).isEmpty();
        assertThat(bank.outcome("alice", "t-1").getStatus()).isEqualTo(CommandStatus.REFUNDED);
        assertThat(bank.outcome("bob", "t-1").getStatus()).isEqualTo(CommandStatus.COMPLETED);
        assertThat(bank.outcome("bob", "t-1").getEvents()).hasSize(2)
            .allSatisfy(event -> assertThat(event.getAccount()).isIn("bob", "alice"));
        assertThat(bank.balance("alice", NOW)).isEqualTo(Amount.parse("119.99"));
        assertThat(bank.balance("bob", NOW)).isEqualTo(Amount.parse("29.98"));
    }

    @Test
    void theSameKeyWithAnotherRequestIsRefusedAsReusedAndTheFirstStands() {
        bank.sendActivity("e-1", "alice", NOW, 100, 1, 1);
        bank.sendActivity("e-2", "bob", NOW, 1, 1, 1);
        bank.bookedEvents();

        bank.transfer("t-1", "alice", "bob", "10");
        bank.transfer("t-1", "alice", "bob", "20");

        assertThat(bank.bookedEvents()).filteredOn(LedgerEvent.TransferDebited.class::isInstance).hasSize(1);
        TestRecord<byte[], byte[]> dead = bank.deadLetterRecords().getFirst();
        assertThat(DeadLetter.header(dead.headers(), DeadLetter.REASON))
            .startsWith("COMMAND_ID_REUSED: alice already used command id t-1 for a different request");
        assertThat(DeadLetter.header(dead.headers(), DeadLetter.STAGE)).isEqualTo("duplicate");
        assertThat(bank.balance("alice", NOW)).isEqualTo(Amount.parse("89.99"));
        assertThat(bank.outcome("alice", "t-1").getContent()).isEqualTo(CommandKey.contentOf(
            new LedgerCommand.Transfer(CommandId.of("t-1"), AccountId.of("alice"), AccountId.of("bob"), Asset.ATTENTION,
                Amount.parse("10"), "", NOW)));
    }

    @Test
    void aRecordWhoseHandlingThrowsIsSetAsideLeavingNothingBehindAndTheNextIsCredited() {
        bank.sendActivity("e-1", "alice", NOW, 10, 1, 1);
        bank.bookedEvents();
        var accounts = bank.driver.<String, byte[]>getKeyValueStore(LedgerStores.ACCOUNTS);
        byte[] alice = accounts.get("alice");
        accounts.put("alice", "not an account".getBytes(StandardCharsets.UTF_8)); // a bug that breaks alice's state

        bank.sendActivity("e-2", "alice", NOW, 5, 1, 1);
        bank.sendActivity("e-3", "bob", NOW, 7, 1, 1);

        List<TestRecord<byte[], byte[]>> dead = bank.deadLetterRecords();
        assertThat(dead).hasSize(1);
        assertThat(DeadLetter.header(dead.getFirst().headers(), DeadLetter.STAGE)).isEqualTo("set-aside:ledger");
        assertThat(DeadLetter.header(dead.getFirst().headers(), DeadLetter.REASON)).startsWith("processing failed: ");
        assertThat(DeadLetter.header(dead.getFirst().headers(), DeadLetter.EXCEPTION))
            .isEqualTo("io.timebank.schemas.UndecodableRecordException");
        assertThat(new String(dead.getFirst().value(), StandardCharsets.UTF_8)).contains("e-2");
        assertThat(bank.setAside.count()).isEqualTo(1);
        assertThat(bank.bookedEvents()).hasSize(2).last().isInstanceOf(LedgerEvent.Deposited.class);
        assertThat(bank.balance("bob", NOW)).isEqualTo(Amount.parse("7"));

        // Nothing of e-2 stayed behind: once alice's state is mended, the same activity is credited, not a duplicate.
        accounts.put("alice", alice);
        bank.sendActivity("e-2", "alice", NOW, 5, 1, 1);
        assertThat(bank.balance("alice", NOW)).isEqualTo(Amount.parse("15"));
        assertThat(bank.deadLetterRecords()).isEmpty();
    }

    @Test
    void anUndecodableCommandIsDeadLetteredAndTheNextOneApplied() {
        bank.sendActivity("e-1", "alice", NOW, 100, 1, 1);
        bank.sendActivity("e-2", "bob", NOW, 1, 1, 1);
        // Neither Avro nor a JSON object (JSON commands: JsonCommandTopologyTest).
        bank.commands.pipeInput("alice".getBytes(StandardCharsets.UTF_8), "transfer 1".getBytes(StandardCharsets.UTF_8));
        bank.transfer("t-1", "alice", "bob", "10");

        assertThat(DeadLetter.header(bank.deadLetterRecords().getFirst().headers(), DeadLetter.REASON))
            .startsWith("not an Avro single-object record");
        assertThat(bank.outcome("alice", "t-1").getStatus()).isEqualTo(CommandStatus.COMPLETED);
    }

    @Test
    void percentileScoringRanksAgainstThePopulationPublishedBeforeIt() {
        bank.close();
        ScoringRule percentile = ScoringRule.parse("percentile", "identity", "identity");
        bank = new LedgerDriver(LedgerSettings.defaults("test.").withRules(Map.of(PlatformId.of("forum"), percentile)),
            state.resolve("percentile"));
        for (int i = 1; i <= 3; i++) {
            bank.sendActivity("e-" + i, "member-" + i, NOW, i * 10, 1, 1);
        }
        bank.driver.advanceWallClockTime(bank.settings.populations().interval());
        bank.sendActivity("e-4", "member-4", NOW, 25, 1, 1);
        bank.sendActivity("e-5", "member-5", NOW, 5, 1, 1);

        List<Amount> scores = bank.bookedEvents().stream()
            .filter(LedgerEvent.Deposited.class::isInstance)
            .map(event -> ((LedgerEvent.Deposited) event).score().value()).toList();

        // Nothing published yet → the middle, 0.5; then 25 ranks above two of the three published, 5 below all.
        assertThat(scores).containsExactly(Amount.parse("0.5"), Amount.parse("0.5"), Amount.parse("0.5"),
            Amount.parse("0.666667"), Amount.parse("0"));
    }
}
