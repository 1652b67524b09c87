package io.timebank.stream;

import static io.timebank.stream.LedgerTopicReader.count;
import static org.assertj.core.api.Assertions.assertThat;

import io.timebank.broker.EmbeddedKafkaBroker;
import io.timebank.ledger.Account;
import io.timebank.ledger.AccountId;
import io.timebank.ledger.Amount;
import io.timebank.ledger.Asset;
import io.timebank.ledger.CommandId;
import io.timebank.ledger.InputLimits;
import io.timebank.ledger.LedgerCommand;
import io.timebank.ledger.LedgerEvent;
import io.timebank.ledger.Measure;
import io.timebank.ledger.RejectionReason;
import io.timebank.ledger.Score;
import io.timebank.schemas.ActivityCodec;
import io.timebank.schemas.ActivityJson;
import io.timebank.schemas.LedgerCommandCodec;
import io.timebank.schemas.LedgerEventCodec;
import io.timebank.schemas.StateCodec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The topology on a real Kafka broker, exactly_once_v2, four partitions. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LedgerOnBrokerTest {

    static final Duration WAIT = Duration.ofSeconds(90);
    static final Duration SETTLEMENT = Duration.ofMillis(500);

    Path directory;
    EmbeddedKafkaBroker broker;

    @BeforeAll
    void startBroker(@TempDir Path temporary) {
        directory = temporary;
        broker = EmbeddedKafkaBroker.start(directory.resolve("broker"), 0);
    }

    @AfterAll
    void stopBroker() {
        broker.close();
    }

    LedgerSettings settings(String prefix) {
        return LedgerSettings.defaults(prefix).withPartitions(4).withFeeSettlementInterval(SETTLEMENT);
    }

    Properties streams(String applicationId) {
        return LedgerApplication.streamsProperties(applicationId, broker.bootstrapServers(),
            directory.resolve("state-" + applicationId), 1);
    }

    @Test
    void tenThousandActivitiesAndAThousandTransfersGiveTheIndependentlyComputedBalances() {
        LedgerSettings settings = settings("bank.");
        BankScenario scenario = new BankScenario(settings, 7, "", 200);
        try (LedgerApplication ledger = LedgerApplication.start(settings, streams("bank"));
             LedgerTopicReader reader = new LedgerTopicReader(broker.bootstrapServers(), settings.topics().ledger(), 4)) {
            ledger.awaitRunning(WAIT);
            scenario.activities(10_000, Instant.now());
            send(scenario.activityRecords);
            reader.readUntil(events -> count(events, LedgerEvent.Deposited.class) == 10_000, WAIT);

            scenario.transfers(1_000, Instant.now());
            send(scenario.transferRecords());
            List<LedgerEvent> events = reader.readUntil(events1 -> settled(events1) == 1_000, WAIT);
            awaitFeesSettled(reader, scenario);

            assertEveryTransferDebitsItsCreditPlusItsFee(events, scenario);
            Instant at = Instant.now();
            Map<String, Account> accounts = ledger.accounts();
            for (int i = 0; i < scenario.members; i++) {
                String member = scenario.member(i);
                double expected = BankScenario.decayedSum(scenario.entries.get(member), at, settings.decay().meanLifetime());
                double actual = accounts.get(member).balance(Asset.ATTENTION, at, settings.decay()).toDecimal().doubleValue();
                assertThat(actual).as(member).isCloseTo(expected, org.assertj.core.api.Assertions.within(2e-6));
            }
            double fees = BankScenario.decayedSum(scenario.fees, at, settings.decay().meanLifetime());
            double feeAccount = accounts.get("bank-fees").balance(Asset.ATTENTION, at, settings.decay()).toDecimal().doubleValue();
            // Each of 4 partitions may hold back less than one micro-unit between settlements.
            assertThat(feeAccount).isCloseTo(fees, org.assertj.core.api.Assertions.within(6e-6));
            assertThat(accounts).doesNotContainKey("ghost-0");
            // Keyed by their accounts, every activity and command went straight on: nothing was repartitioned.
            assertThat(endOffsets("bank-activity-by-account-repartition")).isZero();
            assertThat(endOffsets("bank-command-by-account-repartition")).isZero();
        }
    }

    /**
     * Percentile scoring across partitions: the members with measures 1 … 20 sit on other partitions
     * than the probe's, those with 21 … 40 on the probe's. A probe of 10.5 ranked against its own
     * partition alone would rank near 0, against an empty population 0.5; against the platform's
     * whole population, merged from every partition's published counts, 10 of 40: 0.25.
     */
    @Test
    void aMeasureRanksAgainstThePlatformsMembersOnEveryPartition() {
        LedgerSettings settings = settings("fair.").withRules(Map.of(io.timebank.ledger.PlatformId.of("forum"),
            io.timebank.ledger.ScoringRule.parse("percentile", "identity", "identity")))
            .withPopulations(new PopulationWindow(7, Duration.ofSeconds(1)));
        int probePartition = settings.partitionOf("fair-probe");
        List<String> low = new ArrayList<>();
        List<String> high = new ArrayList<>();
        for (int i = 0; low.size() < 20 || high.size() < 20; i++) {
            String member = "fair-member-" + i;
            List<String> side = settings.partitionOf(member) == probePartition ? high : low;
            if (side.size() < 20) {
                side.add(member);
            }
        }
        Instant now = Instant.now();
        String topic = settings.topics().activities();
        List<ProducerRecord<byte[], byte[]>> crowd = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            crowd.add(activity(topic, "low-" + i, low.get(i), now, 1 + i));
            crowd.add(activity(topic, "high-" + i, high.get(i), now, 21 + i));
        }
        try (LedgerApplication ledger = LedgerApplication.start(settings, streams("fair"));
             LedgerTopicReader reader = new LedgerTopicReader(broker.bootstrapServers(), settings.topics().ledger(), 4)) {
            ledger.awaitRunning(WAIT);
            send(crowd);
            reader.readUntil(events -> count(events, LedgerEvent.Deposited.class) == 40, WAIT);

            // Probes on the probe's partition, one a publication interval, until every partition's counts have been
            // published and merged there (a partition publishes each second; a merge is kept until the next).
            double rank = 0.5;
            for (int probe = 0; probe < 10 && !(rank >= 0.25 && rank <= 0.30); probe++) {
                String eventId = "probe-" + probe;
                send(List.of(activity(topic, eventId, "fair-probe", now, 10.5)));
                rank = reader.readUntil(events -> deposit(events, eventId) != null, WAIT).stream()
                    .map(event -> deposit(List.of(event), eventId)).filter(java.util.Objects::nonNull).findFirst()
                    .orElseThrow().score().interactionFactor().toDecimal().doubleValue();
                sleep(1_000);
            }
            // (10 + k/2) / (40 + k) with the k ≤ 9 probes counted before it: 0.25 … 0.30. Its own partition alone
            // would give at most (k/2) / (20 + k) ≤ 0.16; an empty population 0.5.
            assertThat(rank).isBetween(0.25, 0.30);
        }
    }

    private static LedgerEvent.Deposited deposit(List<LedgerEvent> events, String activityId) {
        return events.stream().filter(event -> event instanceof LedgerEvent.Deposited d
                && d.activityId().value().equals(activityId)).map(LedgerEvent.Deposited.class::cast)
            .findFirst().orElse(null);
    }

    private static ProducerRecord<byte[], byte[]> activity(String topic, String eventId, String member, Instant at,
                                                           double interaction) {
        return new ProducerRecord<>(topic, member.getBytes(StandardCharsets.UTF_8), ActivityCodec.encodeJson(
            new ActivityJson(eventId, "forum", member, at.toString(), new ActivityJson.MeasuresJson(interaction, 1.0, 1.0),
                null, null)));
    }

    @Test
    void storesRebuiltFromTheLedgerTopicAloneEqualTheLiveStoresBitForBit() {
        LedgerSettings settings = settings("rebuild.");
        BankScenario scenario = new BankScenario(settings, 11, "r-", 50);
        try (LedgerApplication ledger = LedgerApplication.start(settings, streams("rebuild-live"));
             LedgerTopicReader reader = new LedgerTopicReader(broker.bootstrapServers(), settings.topics().ledger(), 4)) {
            ledger.awaitRunning(WAIT);
            scenario.activities(2_000, Instant.now());
            send(scenario.activityRecords);
            reader.readUntil(events -> count(events, LedgerEvent.Deposited.class) == 2_000, WAIT);
            scenario.transfers(300, Instant.now());
            send(scenario.transferRecords());
            reader.readUntil(events -> settled(events) == 300, WAIT);
            awaitFeesSettled(reader, scenario);
            Map<String, byte[]> live = encoded(ledger.accounts());

            try (LedgerApplication rebuilt = LedgerApplication.startRebuild(settings, streams("rebuild-verify"))) {
                rebuilt.awaitRunning(WAIT);
                long deadline = System.nanoTime() + WAIT.toNanos();
                Map<String, byte[]> fromLedger = Map.of();
                Map<String, String> liveOutcomes = outcomes(ledger);
                Map<String, String> rebuiltOutcomes = Map.of();
                while (System.nanoTime() < deadline
                    && !(sameBytes(live, fromLedger) && liveOutcomes.equals(rebuiltOutcomes))) {
                    sleep(200);
                    fromLedger = encoded(rebuilt.accounts());
                    rebuiltOutcomes = outcomes(rebuilt);
                }

                Map<String, byte[]> rebuiltBytes = fromLedger;
                assertThat(rebuiltBytes.keySet()).isEqualTo(live.keySet());
                live.forEach((account, bytes) -> assertThat(rebuiltBytes.get(account)).as(account).isEqualTo(bytes));
                assertThat(liveOutcomes).hasSize(300);
                Map<String, String> rebuiltOnes = rebuiltOutcomes;
                assertThat(liveOutcomes.keySet().stream()
                    .filter(id -> !liveOutcomes.get(id).equals(rebuiltOnes.get(id))).toList())
                    .as("command outcomes that differ").isEmpty();
            }

            // Every account's hash chain holds on the ledger topic and ends at the head its account keeps...
            LedgerVerification.Report intact = LedgerVerification.verify(broker.bootstrapServers(),
                settings.topics().ledger(), Map.of());
            assertThat(intact.firstBreak()).isEmpty();
            assertThat(intact.links()).isGreaterThan(2_000);
            ledger.accounts().forEach((account, state) ->
                assertThat(intact.heads().get(account)).as(account).isEqualTo(state.chainHead()));

            // ... and a copy of the topic with one event altered (a deposit's amount) is caught at that account's next event.
            String copy = settings.topics().ledger() + "-altered";
            String altered = alterOneDepositIntoCopy(settings.topics().ledger(), copy);
            LedgerVerification.Report tampered = LedgerVerification.verify(broker.bootstrapServers(), copy, Map.of());
            assertThat(tampered.firstBreak()).hasValueSatisfying(broken -> assertThat(broken.account()).isEqualTo(altered));
        }
    }

    /**
     * Copies {@code from} into a new topic {@code to}, partition by partition, doubling the credited score of
     * the first deposit that its account's later events follow; the deposit keeps the head it named.
     * Returns the account whose history was altered.
     */
    private String alterOneDepositIntoCopy(String from, String to) {
        createTopic(to, 4);
        LedgerEventCodec codec = new LedgerEventCodec();
        Properties consumer = new Properties();
        consumer.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        consumer.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<ConsumerRecord<String, byte[]>> records = new java.util.ArrayList<>();
        try (KafkaConsumer<String, byte[]> reader =
                 new KafkaConsumer<>(consumer,
                     new StringDeserializer(),
                     new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = IntStream.range(0, 4)
                .mapToObj(partition -> new TopicPartition(from, partition)).toList();
            reader.assign(partitions);
            reader.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = reader.endOffsets(partitions);
            while (partitions.stream().anyMatch(partition -> reader.position(partition) < ends.get(partition))) {
                reader.poll(Duration.ofMillis(500)).forEach(records::add);
            }
        }
        String victim = null;
        Properties producer = new Properties();
        producer.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        try (KafkaProducer<String, byte[]> writer = new KafkaProducer<>(producer,
            new StringSerializer(),
            new ByteArraySerializer())) {
            for (int i = 0; i < records.size(); i++) {
                var record = records.get(i);
                byte[] value = record.value();
                if (victim == null && codec.decode(value) instanceof LedgerEvent.Deposited deposited
                    && laterEventOf(records, i, record.key())) {
                    victim = record.key();
                    LedgerEvent.Deposited doubled = new LedgerEvent.Deposited(deposited.account(), deposited.platform(),
                        deposited.activityId(), deposited.at(), deposited.measures(), new Score(
                            deposited.score().interactionFactor(), deposited.score().originalityFactor(),
                            deposited.score().engagementFactor(), deposited.score().value().plus(deposited.score().value())),
                        deposited.capped(), deposited.ranked());
                    value = codec.encode(doubled, codec.previous(value));
                }
                writer.send(new ProducerRecord<>(to, record.partition(), record.key(), value));
            }
            writer.flush();
        }
        return victim;
    }

    private void createTopic(String name, int partitions) {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get();
        } catch (Exception failed) {
            throw new IllegalStateException("cannot create topic " + name, failed);
        }
    }

    private static boolean laterEventOf(List<ConsumerRecord<String, byte[]>> records,
                                        int index, String account) {
        LedgerEventCodec codec = new LedgerEventCodec();
        for (int i = index + 1; i < records.size(); i++) {
            if (account.equals(records.get(i).key()) && codec.previous(records.get(i).value()) != null) {
                return true;
            }
        }
        return false;
    }

    @Test
    void stoppingTheApplicationMidStreamLosesNothingAndAppliesNothingTwice() {
        LedgerSettings settings = settings("restart.");
        BankScenario scenario = new BankScenario(settings, 13, "s-", 100);
        Properties properties = streams("restart");
        scenario.activities(4_000, Instant.now());
        try (LedgerTopicReader reader = new LedgerTopicReader(broker.bootstrapServers(), settings.topics().ledger(), 4)) {
            try (LedgerApplication first = LedgerApplication.start(settings, properties)) {
                first.awaitRunning(WAIT);
                send(scenario.activityRecords);
                reader.readUntil(events -> count(events, LedgerEvent.Deposited.class) >= 500, WAIT);
            } // stopped while deposits are still flowing
            long beforeRestart = count(reader.readToEnd(WAIT), LedgerEvent.Deposited.class);
            assertThat(beforeRestart).isLessThan(4_000);

            scenario.transfers(600, Instant.now());
            try (LedgerApplication second = LedgerApplication.start(settings, properties)) {
                second.awaitRunning(WAIT);
                reader.readUntil(events -> count(events, LedgerEvent.Deposited.class) == 4_000, WAIT);
                send(scenario.transferRecords());
                reader.readUntil(events -> settled(events) >= 200, WAIT);
            } // stopped while transfers are in flight
            try (LedgerApplication third = LedgerApplication.start(settings, properties)) {
                third.awaitRunning(WAIT);
                List<LedgerEvent> events = reader.readUntil(all -> settled(all) >= 600, WAIT);
                awaitFeesSettled(reader, scenario);
                // Everything sent has been processed, and everything booked is read: a second application would show.
                Quiescence.await(broker.bootstrapServers(), "restart",
                    Set.of(settings.topics().activities(), settings.topics().commands()), WAIT);
                events = reader.readToEnd(WAIT);
                Set<String> deposited = new HashSet<>();
                events.stream().filter(LedgerEvent.Deposited.class::isInstance)
                    .forEach(event -> assertThat(deposited.add(((LedgerEvent.Deposited) event).activityId().value()))
                        .as("deposited twice").isTrue());
                assertThat(deposited).hasSize(4_000);
                assertThat(settled(events)).isEqualTo(600);
                assertEveryTransferDebitsItsCreditPlusItsFee(events, scenario);
                Instant at = Instant.now();
                Map<String, Account> accounts = third.accounts();
                for (int i = 0; i < scenario.members; i++) {
                    String member = scenario.member(i);
                    double expected = BankScenario.decayedSum(scenario.entries.get(member), at, settings.decay().meanLifetime());
                    assertThat(accounts.get(member).balance(Asset.ATTENTION, at, settings.decay()).toDecimal().doubleValue())
                        .as(member).isCloseTo(expected, org.assertj.core.api.Assertions.within(2e-6));
                }
            }
        }
    }

    /**
     * An account driven to its maximum balance (1,000 activities of the maximum score at one instant:
     * 10^12) and past it, then a transfer from it and one to it that would carry it past, and a
     * restart: the ledger refuses what does not fit with a reason, keeps RUNNING, and goes on
     * crediting every other account.
     */
    @Test
    void anAccountAtItsMaximumStopsNothingAcrossARestart() {
        LedgerSettings settings = settings("maximum.");
        InputLimits limits = settings.limits();
        long maximumScores = limits.balanceMax().micros() / limits.scoreMax().micros();
        Instant at = Instant.now().minusSeconds(60);
        List<ProducerRecord<byte[], byte[]>> deposits = new ArrayList<>();
        for (long i = 0; i <= maximumScores; i++) { // one more than fits
            deposits.add(activity("max-" + i, "whale", at, limits.measureMax()));
        }
        deposits.add(activity("max-over", "whale", at, Measure.of(2)));
        for (int i = 0; i < 5; i++) {
            deposits.add(activity("minnow-" + i, "minnow", at, limits.measureMax()));
        }
        Properties properties = streams("maximum");
        try (LedgerTopicReader reader = new LedgerTopicReader(broker.bootstrapServers(), settings.topics().ledger(), 4)) {
            try (LedgerApplication ledger = LedgerApplication.start(settings, properties)) {
                ledger.awaitRunning(WAIT);
                send(deposits);
                reader.readUntil(events -> count(events, LedgerEvent.DepositRejected.class) == 2
                    && count(events, LedgerEvent.Deposited.class) == maximumScores + 5, WAIT);
                // Decay since `at` left the whale less headroom than 10^9 (τ = 100 h: 2.8·10^6 a second).
                send(List.of(transfer("out-1", "whale", "minnow", "10"),
                    transfer("in-1", "minnow", "whale", "1000000000")));
                reader.readUntil(events -> count(events, LedgerEvent.TransferCredited.class) == 1
                    && count(events, LedgerEvent.TransferRefunded.class) == 1, WAIT);
                assertThat(ledger.streams().state()).isEqualTo(org.apache.kafka.streams.KafkaStreams.State.RUNNING);
            }
            try (LedgerApplication restarted = LedgerApplication.start(settings, properties)) {
                restarted.awaitRunning(WAIT);
                send(List.of(activity("minnow-after", "minnow", Instant.now(), Measure.of(7))));
                List<LedgerEvent> events = reader.readUntil(all -> all.stream().anyMatch(event ->
                    event instanceof LedgerEvent.Deposited deposited
                        && deposited.activityId().value().equals("minnow-after")), WAIT);

                assertThat(restarted.streams().state()).isEqualTo(org.apache.kafka.streams.KafkaStreams.State.RUNNING);
                assertThat(events).filteredOn(LedgerEvent.DepositRejected.class::isInstance)
                    .extracting(event -> ((LedgerEvent.DepositRejected) event).reason())
                    .containsExactly(RejectionReason.BALANCE_LIMIT, RejectionReason.BALANCE_LIMIT);
                LedgerEvent.TransferRefunded refunded = (LedgerEvent.TransferRefunded) events.stream()
                    .filter(LedgerEvent.TransferRefunded.class::isInstance).findFirst().orElseThrow();
                assertThat(refunded.commandId().value()).isEqualTo("in-1");
                assertThat(refunded.reason()).isEqualTo(RejectionReason.BALANCE_LIMIT);
                Instant now = Instant.now();
                Map<String, Account> accounts = restarted.accounts();
                assertThat(accounts.get("whale").exactBalance(Asset.ATTENTION, now, settings.decay()))
                    .isLessThanOrEqualTo(limits.balanceMax().toDecimal());
                // minnow: 5 deposits, the whale's 10, its own transfer out and refunded, and the deposit after the restart
                assertThat(accounts.get("minnow").attention().entryCount()).isEqualTo(9);
            }
        }
    }

    private ProducerRecord<byte[], byte[]> activity(String eventId, String account, Instant at, Measure interaction) {
        return new ProducerRecord<>("maximum.activities", account.getBytes(StandardCharsets.UTF_8),
            ActivityCodec.encodeJson(new ActivityJson(eventId, "forum", account, at.toString(),
                new ActivityJson.MeasuresJson(interaction.toDouble(), 1.0, 1.0), null, null)));
    }

    private ProducerRecord<byte[], byte[]> transfer(String id, String from, String to, String amount) {
        return new ProducerRecord<>("maximum.commands", from.getBytes(StandardCharsets.UTF_8),
            new LedgerCommandCodec().encode(new LedgerCommand.Transfer(CommandId.of(id), AccountId.of(from),
                AccountId.of(to), Asset.ATTENTION, Amount.parse(amount), "", Instant.now())));
    }

    @Test
    void aTopicWithOtherPartitionsThanConfiguredStopsTheStartWithAReason() throws Exception {
        Properties properties = new Properties();
        properties.put(org.apache.kafka.clients.admin.AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(properties)) {
            admin.createTopics(List.of(new org.apache.kafka.clients.admin.NewTopic("mismatch.commands", 2, (short) 1)))
                .all().get(30, java.util.concurrent.TimeUnit.SECONDS);
        }

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> LedgerApplication.start(settings("mismatch."),
                streams("mismatch")))
            .isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("topic mismatch.commands has 2 partitions, but timebank.partitions is 4");
    }

    /** Transfers with a final answer: credited, refunded, or refused. */
    static long settled(Collection<LedgerEvent> events) {
        return events.stream().filter(event -> event instanceof LedgerEvent.TransferCredited
            || event instanceof LedgerEvent.TransferRefunded || event instanceof LedgerEvent.CommandRejected).count();
    }

    private void awaitFeesSettled(LedgerTopicReader reader, BankScenario scenario) {
        double due = scenario.fees.stream().mapToDouble(BankScenario.Entry::amount).sum();
        reader.readUntil(events -> events.stream().filter(LedgerEvent.FeeSettled.class::isInstance)
            .mapToDouble(event -> ((LedgerEvent.FeeSettled) event).amount().toDecimal().doubleValue()).sum()
            >= due * 0.999, WAIT);
        sleep(SETTLEMENT.toMillis() * 3);
    }

    private static void assertEveryTransferDebitsItsCreditPlusItsFee(List<LedgerEvent> events, BankScenario scenario) {
        Map<String, LedgerEvent.TransferDebited> debits = new HashMap<>();
        Map<String, LedgerEvent> secondLegs = new HashMap<>();
        for (LedgerEvent event : events) {
            switch (event) {
                case LedgerEvent.TransferDebited debited ->
                    assertThat(debits.put(debited.commandId().value(), debited)).as("debited twice").isNull();
                case LedgerEvent.TransferCredited credited ->
                    assertThat(secondLegs.put(credited.commandId().value(), credited)).as("credited twice").isNull();
                case LedgerEvent.TransferRefunded refunded ->
                    assertThat(secondLegs.put(refunded.commandId().value(), refunded)).as("refunded twice").isNull();
                default -> { }
            }
        }
        assertThat((long) debits.size()).isEqualTo(scenario.transfersThatMove());
        assertThat(secondLegs.keySet()).isEqualTo(debits.keySet());
        debits.forEach((id, debited) -> {
            io.timebank.ledger.Amount credited = switch (secondLegs.get(id)) {
                case LedgerEvent.TransferCredited leg -> leg.amount();
                case LedgerEvent.TransferRefunded leg -> leg.amount();
                default -> throw new AssertionError(id);
            };
            assertThat(debited.debit()).isEqualTo(credited.plus(debited.fee()));
        });
    }

    private void send(List<ProducerRecord<byte[], byte[]>> records) {
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        properties.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        properties.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(properties, new ByteArraySerializer(),
            new ByteArraySerializer())) {
            List<java.util.concurrent.Future<?>> sent = records.stream()
                .<java.util.concurrent.Future<?>>map(producer::send).toList();
            producer.flush();
            for (java.util.concurrent.Future<?> send : sent) {
                send.get(30, java.util.concurrent.TimeUnit.SECONDS);
            }
        } catch (Exception failed) {
            throw new AssertionError("could not produce the scenario's records", failed);
        }
    }

    /** The sum of a topic's end offsets: how many records were ever written to it. */
    private long endOffsets(String topic) {
        Properties properties = new Properties();
        properties.put(org.apache.kafka.clients.admin.AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(properties)) {
            var description = admin.describeTopics(List.of(topic)).allTopicNames().get(30, java.util.concurrent.TimeUnit.SECONDS);
            Map<TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> latest = new HashMap<>();
            description.get(topic).partitions().forEach(partition -> latest.put(
                new TopicPartition(topic, partition.partition()),
                org.apache.kafka.clients.admin.OffsetSpec.latest()));
            return admin.listOffsets(latest).all().get(30, java.util.concurrent.TimeUnit.SECONDS).values().stream()
                .mapToLong(org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo::offset).sum();
        } catch (Exception failed) {
            throw new AssertionError("cannot read the end offsets of " + topic, failed);
        }
    }

    private static Map<String, String> outcomes(LedgerApplication application) {
        Map<String, String> outcomes = new TreeMap<>();
        org.apache.kafka.streams.state.ReadOnlyKeyValueStore<String, io.timebank.schemas.avro.CommandOutcomeRecord> store =
            application.streams().store(org.apache.kafka.streams.StoreQueryParameters.fromNameAndType(
                LedgerStores.COMMAND_OUTCOMES, org.apache.kafka.streams.state.QueryableStoreTypes.keyValueStore()));
        try (var all = store.all()) {
            all.forEachRemaining(entry -> outcomes.put(entry.key, entry.value.toString()));
        }
        return outcomes;
    }

    private static Map<String, byte[]> encoded(Map<String, Account> accounts) {
        Map<String, byte[]> bytes = new TreeMap<>();
        accounts.forEach((id, account) -> bytes.put(id, StateCodec.encodeAccount(account)));
        return bytes;
    }

    private static boolean sameBytes(Map<String, byte[]> a, Map<String, byte[]> b) {
        return a.keySet().equals(b.keySet()) && a.entrySet().stream()
            .allMatch(entry -> java.util.Arrays.equals(entry.getValue(), b.get(entry.getKey())));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new AssertionError(interrupted);
        }
    }
}
