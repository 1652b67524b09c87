package io.timebank.stream;

import static io.timebank.stream.LedgerDriver.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import io.timebank.ledger.Amount;
import io.timebank.ledger.DailyCap;
import io.timebank.ledger.DailyCaps;
import io.timebank.ledger.LedgerEvent;
import io.timebank.ledger.Measure;
import io.timebank.ledger.PlatformId;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The forum's daily cap applied by the streaming ledger, recorded in its deposits, and rebuilt from them. */
class DailyCapTopologyTest {

    static final DailyCap FORUM_CAP = DailyCap.parse("convergent, soft=100, cap=150, interval=10m");
    static final LedgerSettings CAPPED = LedgerSettings.defaults("test.")
        .withCaps(new DailyCaps(DailyCap.NONE, Map.of(PlatformId.of("forum"), FORUM_CAP)));

    @TempDir
    Path state;

    @Test
    void aFarmingMemberHitsTheCapAndEachDepositSaysWhatWasHeldBack() {
        Instant morning = NOW.truncatedTo(java.time.temporal.ChronoUnit.DAYS).plus(Duration.ofHours(1));
        List<LedgerEvent> booked;
        try (LedgerDriver bank = new LedgerDriver(CAPPED, state.resolve("live"))) {
            for (int i = 0; i < 60; i++) {
                // S = 4 · 2 · 4 = 32 a minute apart: five times the soft budget within the hour.
                bank.sendActivity("farm-" + i, "mallory", morning.plus(Duration.ofMinutes(i)), 4, 2, 4);
            }
            bank.sendActivity("calm-1", "carol", morning, 4, 2, 4);
            booked = bank.bookedEvents();
            Instant end = morning.plus(Duration.ofMinutes(59));

            List<LedgerEvent.Deposited> mallory = deposits(booked, "mallory");
            assertThat(mallory).hasSize(60);
            assertThat(mallory).allSatisfy(deposit -> assertThat(deposit.score().value()).isEqualTo(Amount.parse("32")));
            assertThat(mallory.get(1).capped().spacing()).isEqualTo(Measure.parse("0.1"));
            long credited = mallory.stream().mapToLong(deposit -> deposit.credited().micros()).sum();
            assertThat(credited).isLessThanOrEqualTo(FORUM_CAP.hardCap().micros());
            assertThat(bank.balance("mallory", end)).isLessThan(Amount.parse("150"));
            assertThat(deposits(booked, "carol").getFirst().credited()).as("another member's day is their own")
                .isEqualTo(Amount.parse("32"));
            assertThat(bank.deadLetterRecords()).isEmpty();

            // The rebuild folds the recorded decisions: the same account, days included, bit for bit.
            byte[] live = bank.driver.<String, byte[]>getKeyValueStore(LedgerStores.ACCOUNTS).get("mallory");
            assertThat(rebuilt(bank, "mallory")).isEqualTo(live);
        }
    }

    private byte[] rebuilt(LedgerDriver bank, String account) {
        // Rebuilt without the caps configured: nothing is recomputed, what the events say is what counts.
        try (TopologyTestDriver rebuild = bank.rebuilt(state.resolve("rebuild"))) {
            return rebuild.<String, byte[]>getKeyValueStore(LedgerStores.ACCOUNTS).get(account);
        }
    }

    private static List<LedgerEvent.Deposited> deposits(List<LedgerEvent> events, String account) {
        return events.stream().filter(LedgerEvent.Deposited.class::isInstance).map(LedgerEvent.Deposited.class::cast)
            .filter(deposit -> deposit.account().value().equals(account)).toList();
    }
}
