package io.timebank.stream;

import static io.timebank.stream.LedgerDriver.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.timebank.ledger.LedgerEvent;
import io.timebank.ledger.Measure;
import io.timebank.ledger.MeasureDistribution;
import io.timebank.ledger.PlatformId;
import io.timebank.ledger.ScoringRule;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fairness across platforms: two platforms whose raw measures differ in scale by a factor of 10 but
 * share a shape credit their members the same distribution of scores, within 0.02 at every decile.
 */
class FairnessTopologyTest {

    static final PlatformId SMALL = PlatformId.of("small");
    static final PlatformId LARGE = PlatformId.of("large");
    static final ScoringRule PERCENTILE = ScoringRule.parse("percentile", "identity", "identity");

    @TempDir
    Path state;

    @Test
    void platformsOfDifferentScalesButTheSameShapeCreditAlike() {
        LedgerSettings settings = LedgerSettings.defaults("test.").withRules(Map.of(SMALL, PERCENTILE, LARGE, PERCENTILE));
        try (LedgerDriver bank = new LedgerDriver(settings, state)) {
            Random small = new Random(20261126);
            Random large = new Random(20261126);
            send(bank, SMALL, "warm", small, 1, 400);
            send(bank, LARGE, "warm", large, 10, 400);
            bank.driver.advanceWallClockTime(settings.populations().interval()); // every partition publishes its counts
            bank.bookedEvents();

            send(bank, SMALL, "scored", small, 1, 400);
            send(bank, LARGE, "scored", large, 10, 400);
            List<LedgerEvent.Deposited> deposits = bank.bookedEvents().stream()
                .filter(LedgerEvent.Deposited.class::isInstance).map(LedgerEvent.Deposited.class::cast).toList();

            double[] smallScores = scores(deposits, SMALL);
            double[] largeScores = scores(deposits, LARGE);
            assertThat(smallScores).hasSize(400);
            for (int decile = 1; decile < 10; decile++) {
                assertThat(largeScores[decile * 40]).as("decile %d", decile).isCloseTo(smallScores[decile * 40], within(0.02));
            }
            assertThat(smallScores[0]).isLessThan(0.05);
            assertThat(smallScores[399]).isGreaterThan(0.95);
        }
    }

    @Test
    void aMeasureRanksAgainstThePlatformsWholePopulationOnEveryPartition() {
        LedgerSettings settings = LedgerSettings.defaults("test.").withRules(Map.of(SMALL, PERCENTILE));
        try (LedgerDriver bank = new LedgerDriver(settings, state)) {
            for (int i = 0; i < 2; i++) {
                bank.activities.pipeInput(("small-local-" + i).getBytes(StandardCharsets.UTF_8), LedgerDriver.activityJson(
                    "local-" + i, "small", "small-local-" + i, NOW, 10 + i, 1, 1));
            }
            // Partition 3 of another instance published what it counted today: 100, 200 and 300.
            MeasureDistribution elsewhere = MeasureDistribution.empty();
            for (int value : new int[] {100, 200, 300}) {
                elsewhere.record(Measure.of(value));
            }
            TestInputTopic<String, byte[]> populations = bank.driver.createInputTopic(settings.topics().populations(),
                new StringSerializer(), new ByteArraySerializer());
            populations.pipeInput("small|interaction|" + LocalDate.ofInstant(NOW, ZoneOffset.UTC) + "|3", elsewhere.encode());
            bank.driver.advanceWallClockTime(settings.populations().interval()); // and this partition published its own
            bank.bookedEvents();

            bank.activities.pipeInput("small-x".getBytes(StandardCharsets.UTF_8), LedgerDriver.activityJson(
                "x", "small", "small-x", NOW, 150, 1, 1));

            LedgerEvent.Deposited ranked = (LedgerEvent.Deposited) bank.bookedEvents().getLast();
            // 150 is above the two counted here (10, 11) and one of the three counted elsewhere: 3 of 5.
            assertThat(ranked.score().interactionFactor()).isEqualTo(Measure.parse("0.6"));
        }
    }

    /** {@code count} activities of one shape (log-normal interaction), {@code scale} times as large. */
    private static void send(LedgerDriver bank, PlatformId platform, String batch, Random random, int scale, int count) {
        for (int i = 0; i < count; i++) {
            double interaction = Math.round(Math.exp(random.nextGaussian()) * 1000) / 100.0 * scale;
            String account = platform.value() + "-member-" + i;
            bank.activities.pipeInput(account.getBytes(StandardCharsets.UTF_8), LedgerDriver.activityJson(
                batch + "-" + i, platform.value(), account, NOW, interaction, 1, 1));
        }
    }

    /** The scores (the interaction's rank) credited to the platform's scored batch, in ascending order. */
    private static double[] scores(List<LedgerEvent.Deposited> deposits, PlatformId platform) {
        return deposits.stream().filter(deposit -> deposit.platform().equals(platform))
            .filter(deposit -> deposit.activityId().value().startsWith("scored"))
            .mapToDouble(deposit -> deposit.score().value().toDecimal().doubleValue()).sorted().toArray();
    }
}
