package io.timebank.stream;

import static io.timebank.stream.LedgerDriver.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import io.timebank.ledger.AccountId;
import io.timebank.ledger.Amount;
import io.timebank.ledger.Asset;
import io.timebank.ledger.CommandId;
import io.timebank.ledger.LedgerCommand;
import io.timebank.ledger.LedgerEvent;
import io.timebank.ledger.Leg;
import io.timebank.ledger.Measure;
import io.timebank.ledger.PayoutShares;
import io.timebank.ledger.RejectionReason;
import io.timebank.ledger.Schedule;
import io.timebank.ledger.StandingOrder;
import io.timebank.schemas.StateCodec;
import io.timebank.schemas.avro.CommandStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Standing orders through the whole topology: placed by a command, each occurrence run by the
 * partition's scheduler at its due time (those that fell due while the ledger was away too, once
 * each), failures counted until the order cancels itself, and the rebuild restoring every order
 * with when it falls due next.
 */
class StandingOrderTopologyTest {

    static final Instant FIRST = NOW.plus(Duration.ofHours(1));

    @TempDir
    Path state;
    LedgerDriver bank;
    final List<LedgerEvent> booked = new ArrayList<>();

    @BeforeEach
    void start() {
        bank = new LedgerDriver(LedgerSettings.defaults("test."), state);
        bank.sendActivity("e-1", "alice", NOW, 100, 1, 1);
        bank.sendActivity("e-2", "bob", NOW, 1, 1, 1);
        bank.sendActivity("e-3", "poor", NOW, 1, 1, 1);
        read();
    }

    @AfterEach
    void stop() {
        bank.close();
    }

    @Test
    void eachOccurrenceIsATransferAtItsDueTimeAndTheOrderEndsAfterItsCount() {
        place("alice", "rent", "bob", "10", 3);
        assertThat(bank.outcome("alice", "rent").getStatus()).isEqualTo(CommandStatus.COMPLETED);
        assertThat(orders()).containsOnlyKeys("alice|rent");

        bank.driver.advanceWallClockTime(Duration.ofMinutes(59));
        assertThat(read()).as("nothing is due before the first due time").isEmpty();
        for (int n = 1; n <= 3; n++) {
            bank.driver.advanceWallClockTime(Duration.ofHours(1));
            List<LedgerEvent> events = read();
            LedgerEvent.TransferDebited debited = only(events, LedgerEvent.TransferDebited.class);
            assertThat(debited.commandId()).isEqualTo(CommandId.of("rent::" + n));
            assertThat(debited.at()).isEqualTo(FIRST.plus(Duration.ofHours(n - 1)));
            LedgerEvent.TransferCredited credited = only(events, LedgerEvent.TransferCredited.class);
            assertThat(credited.account()).isEqualTo(AccountId.of("bob"));
            assertThat(credited.amount()).isEqualTo(Amount.parse("10"));
            assertThat(debited.debit()).isEqualTo(Amount.parse("10.01"));
            assertThat(bank.outcome("alice", "rent::" + n).getStatus()).isEqualTo(CommandStatus.COMPLETED);
        }
        assertThat(orders()).as("the order ended with its last occurrence").isEmpty();
        assertThat(schedule()).isEmpty();
        bank.driver.advanceWallClockTime(Duration.ofDays(1));
        assertThat(read()).isEmpty();
    }

    @Test
    void occurrencesThatFellDueWhileTheLedgerWasAwayRunOnReturnOnceEachAtTheirOwnTimes() {
        place("alice", "rent", "bob", "10", 4);

        // One wall-clock step over four due times: the scheduler's next tick finds all four due.
        bank.driver.advanceWallClockTime(Duration.ofHours(5));
        List<LedgerEvent> events = read();

        assertThat(events).filteredOn(LedgerEvent.TransferDebited.class::isInstance)
            .extracting(event -> ((LedgerEvent.TransferDebited) event).commandId().value(), LedgerEvent::at)
            .containsExactly(
                org.assertj.core.groups.Tuple.tuple("rent::1", FIRST),
                org.assertj.core.groups.Tuple.tuple("rent::2", FIRST.plus(Duration.ofHours(1))),
                org.assertj.core.groups.Tuple.tuple("rent::3", FIRST.plus(Duration.ofHours(2))),
                org.assertj.core.groups.Tuple.tuple("rent::4", FIRST.plus(Duration.ofHours(3))));
        assertThat(events).filteredOn(LedgerEvent.TransferCredited.class::isInstance).hasSize(4);
        bank.driver.advanceWallClockTime(Duration.ofHours(5));
        assertThat(read()).isEmpty();
    }

    @Test
    void anOrderThatCannotBePaidFailsAndCancelsItselfAfterItsFailuresInARow() {
        place("poor", "gym", "bob", "10", 0);

        bank.driver.advanceWallClockTime(Duration.ofHours(4));
        List<LedgerEvent> events = read();

        assertThat(events).filteredOn(LedgerEvent.CommandRejected.class::isInstance)
            .extracting(event -> ((LedgerEvent.CommandRejected) event).reason())
            .containsExactly(RejectionReason.INSUFFICIENT_FUNDS, RejectionReason.INSUFFICIENT_FUNDS,
                RejectionReason.INSUFFICIENT_FUNDS);
        LedgerEvent.StandingOrderCancelled cancelled = only(events, LedgerEvent.StandingOrderCancelled.class);
        assertThat(cancelled.commandId()).isEqualTo(CommandId.of("gym::3"));
        assertThat(cancelled.detail()).startsWith("cancelled by itself: 3 occurrences failed in a row, the last: "
            + "INSUFFICIENT_FUNDS");
        assertThat(bank.outcome("poor", "gym::3").getDetail()).contains("standing order gym cancelled by itself");
        assertThat(orders()).isEmpty();
        assertThat(schedule()).isEmpty();
    }

    @Test
    void anOrderToNobodyIsRefundedEachTimeAndCancelsItself() {
        place("alice", "ghost", "nobody", "10", 0);

        List<LedgerEvent> events = new ArrayList<>();
        for (int hour = 1; hour <= 4; hour++) {
            bank.driver.advanceWallClockTime(Duration.ofHours(1));
            events.addAll(read());
        }

        assertThat(events).filteredOn(LedgerEvent.TransferRefunded.class::isInstance).hasSize(3);
        LedgerEvent.StandingOrderCancelled cancelled = only(events, LedgerEvent.StandingOrderCancelled.class);
        assertThat(cancelled.commandId()).isEqualTo(CommandId.of("ghost::3"));
        assertThat(cancelled.detail()).endsWith("the last: refunded: UNKNOWN_ACCOUNT");
        assertThat(orders()).isEmpty();
    }

    @Test
    void aCancelledOrderRunsNoMoreAndOnlyAnExistingOrderCanBeCancelled() {
        place("alice", "rent", "bob", "10", 0);
        bank.driver.advanceWallClockTime(Duration.ofHours(1));
        assertThat(read()).filteredOn(LedgerEvent.TransferDebited.class::isInstance).hasSize(1);

        bank.send(new LedgerCommand.CancelStandingOrder(AccountId.of("alice"), CommandId.of("rent"), NOW));
        bank.send(new LedgerCommand.CancelStandingOrder(AccountId.of("alice"), CommandId.of("nothing"), NOW));
        read();
        bank.driver.advanceWallClockTime(Duration.ofHours(3));

        assertThat(read()).isEmpty();
        assertThat(bank.outcome("alice", "rent::cancel").getStatus()).isEqualTo(CommandStatus.COMPLETED);
        assertThat(bank.outcome("alice", "nothing::cancel").getStatus()).isEqualTo(CommandStatus.REJECTED);
        assertThat(bank.outcome("alice", "nothing::cancel").getReason().name()).isEqualTo("UNKNOWN_ORDER");
        assertThat(orders()).isEmpty();
        assertThat(schedule()).isEmpty();
    }

    @Test
    void anOrderWithLegsPaysEveryLegEachTimeOrNoneAndCancelsItselfWhenALegIsNeverReceived() {
        bank.send(new LedgerCommand.PlaceStandingOrder(AccountId.of("alice"), StandingOrder.ofLegs(CommandId.of("split"),
            Asset.ATTENTION, List.of(new Leg(AccountId.of("bob"), Amount.parse("2"), "rent"),
                new Leg(AccountId.of("poor"), Amount.parse("3"), "")),
            new Schedule(FIRST, Duration.ofHours(1), 2, null), 3), NOW));
        bank.send(new LedgerCommand.PlaceStandingOrder(AccountId.of("alice"), StandingOrder.ofLegs(CommandId.of("half"),
            Asset.ATTENTION, List.of(new Leg(AccountId.of("bob"), Amount.parse("1"), ""),
                new Leg(AccountId.of("nobody"), Amount.parse("1"), "")),
            new Schedule(FIRST, Duration.ofHours(1), 0, null), 3), NOW));
        read();

        List<LedgerEvent> events = new ArrayList<>();
        for (int hour = 1; hour <= 4; hour++) {
            bank.driver.advanceWallClockTime(Duration.ofHours(1));
            events.addAll(read());
        }

        assertThat(events).filteredOn(LedgerEvent.LegsDebited.class::isInstance)
            .extracting(event -> ((LedgerEvent.LegsDebited) event).commandId().value())
            .containsExactlyInAnyOrder("split::1", "split::2", "half::1", "half::2", "half::3");
        assertThat(events).filteredOn(event -> event instanceof LedgerEvent.TransferCredited credited
            && credited.commandId().value().startsWith("split::")).hasSize(4);
        assertThat(events).filteredOn(event -> event instanceof LedgerEvent.TransferCredited credited
            && credited.commandId().value().startsWith("half::")).as("never some legs").isEmpty();
        assertThat(events).filteredOn(LedgerEvent.LegsRefunded.class::isInstance).hasSize(3);
        assertThat(only(events, LedgerEvent.StandingOrderCancelled.class).commandId()).isEqualTo(CommandId.of("half::3"));
        assertThat(bank.outcome("alice", "split::2").getStatus()).isEqualTo(CommandStatus.COMPLETED);
        assertThat(orders()).isEmpty();
    }

    @Test
    void aPayoutPlanDividesItsFundsPortionByWeightAtEachDueTime() {
        bank.close();
        AccountId fund = AccountId.of("bank-payouts");
        LedgerSettings withFund = LedgerSettings.defaults("test.").withOrders(OrderSettings.DEFAULT.withFunds(Set.of(fund)));
        bank = new LedgerDriver(withFund, state.resolve("funded"));
        bank.sendActivity("e-1", "alice", NOW, 100, 1, 1);
        bank.sendActivity("e-2", "bob", NOW, 1, 1, 1);
        bank.sendActivity("e-3", "carol", NOW, 1, 1, 1);
        bank.transfer("give", "alice", "bank-payouts", "40"); // a contribution opens the fund
        bank.transfer("take", "bank-payouts", "alice", "1"); // no client pays out of it
        bank.send(new LedgerCommand.PlaceStandingOrder(fund, StandingOrder.ofShares(CommandId.of("monthly"),
            Asset.ATTENTION, new PayoutShares(Measure.parse("0.5"), List.of(new PayoutShares.Share(AccountId.of("bob"), 1),
                new PayoutShares.Share(AccountId.of("carol"), 3))), "payout", new Schedule(FIRST, Duration.ofHours(1), 2,
                null), 3), NOW));
        read();
        assertThat(bank.outcome("bank-payouts", "take").getReason().name()).isEqualTo("RESERVED_ACCOUNT");
        assertThat(bank.outcome("bank-payouts", "monthly").getStatus()).isEqualTo(CommandStatus.COMPLETED);

        bank.driver.advanceWallClockTime(Duration.ofHours(1));
        List<LedgerEvent> first = read();

        LedgerEvent.LegsDebited payout = only(first, LedgerEvent.LegsDebited.class);
        Amount held = bank.settings.ledger().apply(null, new LedgerEvent.TransferCredited(CommandId.of("give"), fund,
            AccountId.of("alice"), Asset.ATTENTION, Amount.parse("40"), NOW)).balance(Asset.ATTENTION, FIRST,
                bank.settings.decay());
        assertThat(payout.at()).isEqualTo(FIRST);
        assertThat(payout.amount().micros()).isEqualTo(held.micros() / 2);
        assertThat(payout.legs()).extracting(leg -> leg.to().value()).containsExactly("bob", "carol");
        assertThat(first).filteredOn(LedgerEvent.TransferCredited.class::isInstance).hasSize(2);
        assertThat(bank.outcome("bank-payouts", "monthly::1").getStatus()).isEqualTo(CommandStatus.COMPLETED);
        bank.driver.advanceWallClockTime(Duration.ofHours(1));
        LedgerEvent.LegsDebited second = only(read(), LedgerEvent.LegsDebited.class);
        assertThat(second.amount()).as("half of what is left, decayed").isLessThan(payout.amount());
        assertThat(orders()).isEmpty();
    }

    @Test
    void anOrderNeedsAnExistingPayerAndAFreshId() {
        place("nobody", "rent", "bob", "10", 0);
        place("alice", "rent", "bob", "10", 0);
        bank.send(new LedgerCommand.PlaceStandingOrder(AccountId.of("alice"), order("rent", "bob", "5", 0), NOW));

        assertThat(bank.outcome("nobody", "rent").getReason().name()).isEqualTo("UNKNOWN_ACCOUNT");
        assertThat(bank.outcome("alice", "rent").getStatus()).as("the first placing stands").isEqualTo(CommandStatus.COMPLETED);
        assertThat(StateCodec.decodeOrder(orders().get("alice|rent")).amount()).isEqualTo(Amount.parse("10"));
    }

    @Test
    void theRebuildRestoresEveryOrderAndWhenItFallsDueNext() {
        place("alice", "rent", "bob", "10", 5);
        place("alice", "ghost", "nobody", "1", 0);
        place("poor", "gym", "bob", "10", 0);
        bank.driver.advanceWallClockTime(Duration.ofHours(2));
        read();
        Map<String, byte[]> liveOrders = orders();
        Map<String, byte[]> liveSchedule = schedule();
        assertThat(liveOrders).containsOnlyKeys("alice|rent", "alice|ghost", "poor|gym");

        try (TopologyTestDriver rebuild = bank.rebuilt(state.resolve("rebuild"))) {
            assertThat(contents(rebuild.getKeyValueStore(LedgerStores.STANDING_ORDERS)))
                .containsOnlyKeys(liveOrders.keySet()).allSatisfy((key, value) -> assertThat(value).isEqualTo(liveOrders.get(key)));
            assertThat(contents(rebuild.getKeyValueStore(LedgerStores.SCHEDULE)).keySet())
                .containsExactlyElementsOf(liveSchedule.keySet());
        }
    }

    private void place(String from, String id, String to, String amount, long count) {
        bank.send(new LedgerCommand.PlaceStandingOrder(AccountId.of(from), order(id, to, amount, count), NOW));
        read();
    }

    private static StandingOrder order(String id, String to, String amount, long count) {
        return StandingOrder.of(CommandId.of(id), AccountId.of(to), Asset.ATTENTION, Amount.parse(amount), "",
            new Schedule(FIRST, Duration.ofHours(1), count, null), 3);
    }

    private List<LedgerEvent> read() {
        List<LedgerEvent> events = bank.bookedEvents();
        booked.addAll(events);
        return events;
    }

    private Map<String, byte[]> orders() {
        return contents(bank.driver.getKeyValueStore(LedgerStores.STANDING_ORDERS));
    }

    private Map<String, byte[]> schedule() {
        return contents(bank.driver.getKeyValueStore(LedgerStores.SCHEDULE));
    }

    private static Map<String, byte[]> contents(KeyValueStore<String, byte[]> store) {
        Map<String, byte[]> all = new TreeMap<>();
        try (KeyValueIterator<String, byte[]> each = store.all()) {
            each.forEachRemaining((KeyValue<String, byte[]> entry) -> all.put(entry.key, entry.value));
        }
        return all;
    }

    private static <T> T only(List<LedgerEvent> events, Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).reduce((a, b) -> {
            throw new AssertionError("more than one " + type.getSimpleName() + " in " + events);
        }).orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " in " + events));
    }
}
