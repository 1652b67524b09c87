package io.timebank.api;

import io.micronaut.context.ApplicationContext;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.runtime.server.EmbeddedServer;
import io.timebank.ledger.Asset;
import io.timebank.ledger.LedgerEvent;
import io.timebank.schemas.LedgerEventCodec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.StringJoiner;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * End-to-end load on the service, printed as figures and as ratios against a baseline measured in
 * the same run on the same broker: how fast a plain producer writes records of the same size. Not a
 * test (timings never fail a build). Run: {@code ./mvnw -Pload -DskipTests package}; sizes by system
 * properties {@code load.activities}, {@code load.transfers}, {@code load.clients},
 * {@code load.commit-interval-ms} ({@code -Dload.transfers=5000} on the Maven command line reaches the forked JVM).
 */
public final class LoadHarness {

    private LoadHarness() {
    }

    public static void main(String[] args) throws Exception {
        int activities = Integer.getInteger("load.activities", 50_000);
        int transfers = Integer.getInteger("load.transfers", 2_000);
        int clients = Integer.getInteger("load.clients", 8);
        // Empty: the product's own default.
        String commitInterval = System.getProperty("load.commit-interval-ms", "").isBlank() ? ""
            : System.getProperty("load.commit-interval-ms").strip() + "ms";
        int members = 500;
        // A JFR recording of the whole run (profile settings), e.g. -Dload.profile=/tmp/load.jfr; read with `jfr print`.
        String profile = System.getProperty("load.profile", "").strip();
        jdk.jfr.Recording recording = null;
        if (!profile.isEmpty()) {
            recording = new jdk.jfr.Recording(jdk.jfr.Configuration.getConfiguration("profile"));
            recording.setDestination(Path.of(profile));
            recording.start();
        }
        Path data = Files.createTempDirectory("timebank-load");
        Map<String, Object> settings = new java.util.HashMap<>(Map.of(
            "micronaut.server.port", "-1", "timebank.data-directory", data.toString(),
            "timebank.embedded-broker-port", "0", "timebank.jwt-secret", TestBank.SECRET,
            "timebank.command-timeout", "30s"));
        if (!commitInterval.isEmpty()) {
            settings.put("timebank.commit-interval", commitInterval);
        }
        try (EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, settings);
             HttpClient http = HttpClient.create(server.getURL())) {
            LedgerRuntime runtime = server.getApplicationContext().getBean(LedgerRuntime.class);
            runtime.awaitRunning(Duration.ofSeconds(60));
            String operator = server.getApplicationContext().getBean(Tokens.class).operator("load", 3_600);
            Instant at = Instant.now().minus(Duration.ofMinutes(30));

            double baseline = producerBaseline(runtime, activities, at);

            // Activities over HTTP in batches of 500, from several clients; then until all are credited.
            List<String> batches = new ArrayList<>();
            for (int start = 0; start < activities; start += 500) {
                StringJoiner batch = new StringJoiner(",", "[", "]");
                for (int i = start; i < Math.min(activities, start + 500); i++) {
                    batch.add(TestBank.activity("load-" + i, "forum", "member-" + (i % members), at, 1 + i % 5, 2, 3));
                }
                batches.add(batch.toString());
            }
            long started = System.nanoTime();
            runAll(clients, batches, body -> http.toBlocking().exchange(HttpRequest.POST("/v1/activities", body)
                .contentType(MediaType.APPLICATION_JSON).bearerAuth(operator), String.class));
            double acceptedSeconds = seconds(started);
            awaitDeposits(runtime, activities);
            double creditedSeconds = seconds(started);

            // The Kafka path: the same number of activities as JSON straight onto the activities topic (keyed by
            // account, as a platform would), against a pass-through Kafka Streams app with the same guarantee.
            double passThrough = passThroughBaseline(runtime, server.getApplicationContext()
                .getBean(BankConfiguration.class).getCommitInterval(), activities, at);
            double kafkaIngest = kafkaIngest(runtime, activities, members, at);

            // Transfers, each waiting for its committed outcome.
            List<String> commands = new ArrayList<>();
            for (int i = 0; i < transfers; i++) {
                commands.add("{\"commandId\":\"load-t-" + i + "\",\"from\":\"member-" + (i % members) + "\",\"to\":\"member-"
                    + ((i * 7 + 1) % members) + "\",\"amount\":\"0.5\"}");
            }
            List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
            AtomicLong refused = new AtomicLong();
            started = System.nanoTime();
            runAll(clients, commands, body -> {
                long sent = System.nanoTime();
                try {
                    http.toBlocking().exchange(HttpRequest.POST("/v1/transfers", body)
                        .contentType(MediaType.APPLICATION_JSON).bearerAuth(operator), String.class);
                } catch (HttpClientResponseException answered) {
                    refused.incrementAndGet();
                }
                latencies.add(System.nanoTime() - sent);
            });
            double transferSeconds = seconds(started);
            Collections.sort(latencies);

            // The same number of transfers again, 100 to a request (POST /v1/transfers/batch).
            List<String> batchesOfTransfers = new ArrayList<>();
            for (int start = 0; start < transfers; start += 100) {
                StringJoiner batch = new StringJoiner(",", "[", "]");
                for (int i = start; i < Math.min(transfers, start + 100); i++) {
                    batch.add("{\"commandId\":\"load-b-" + i + "\",\"from\":\"member-" + (i % members)
                        + "\",\"to\":\"member-" + ((i * 7 + 1) % members) + "\",\"amount\":\"0.5\"}");
                }
                batchesOfTransfers.add(batch.toString());
            }
            started = System.nanoTime();
            runAll(clients, batchesOfTransfers, body -> http.toBlocking().exchange(HttpRequest.POST("/v1/transfers/batch",
                body).contentType(MediaType.APPLICATION_JSON).bearerAuth(operator), String.class));
            double batchSeconds = seconds(started);

            System.out.println();
            System.out.println("== timebank service load: figures from this run (" + clients + " HTTP clients, commit interval "
                + server.getApplicationContext().getBean(BankConfiguration.class).getCommitInterval().toMillis() + " ms) ==");
            System.out.printf("baseline: plain producer, %,d activity-sized records  %,12.0f records/s%n", activities, baseline);
            System.out.printf("activities accepted over HTTP (batches of 500)        %,12.0f /s  (%.2f× baseline)%n",
                activities / acceptedSeconds, activities / acceptedSeconds / baseline);
            System.out.printf("activities credited end to end (HTTP → ledger topic) %,12.0f /s  (%.2f× baseline)%n",
                activities / creditedSeconds, activities / creditedSeconds / baseline);
            System.out.printf("pass-through Kafka Streams app, JSON in → out (EOS)    %,12.0f records/s%n", passThrough);
            System.out.printf("activities on the Kafka topic → committed deposits    %,12.0f /s  (%.2f× pass-through)%n",
                kafkaIngest, kafkaIngest / passThrough);
            System.out.printf("transfers answered with their committed outcome      %,12.0f /s  (%,d refused)%n",
                transfers / transferSeconds, refused.get());
            System.out.printf("transfers in batches of 100, each answered             %,12.0f /s  (%.1f× one per request)%n",
                transfers / batchSeconds, (transfers / batchSeconds) / (transfers / transferSeconds));
            System.out.printf("transfer latency: p50 %.1f ms, p99 %.1f ms, max %.1f ms%n", percentile(latencies, 0.50),
                percentile(latencies, 0.99), percentile(latencies, 1.0));
            System.out.printf("check: member-0 holds %s attention%n", runtime.streams() == null ? "?" :
                server.getApplicationContext().getBean(Bank.class).account("member-0", null, false)
                    .map(view -> view.balances().stream().filter(b -> b.asset().equals(Asset.ATTENTION.name()))
                        .findFirst().orElseThrow().amount()).orElse("nothing"));
        }
        if (recording != null) {
            recording.stop();
            recording.close();
            System.out.println("profile written to " + profile);
        }
        System.exit(0);
    }

    private static double producerBaseline(LedgerRuntime runtime, int count, Instant at) throws Exception {
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, runtime.bootstrapServers());
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        byte[] value = TestBank.activity("baseline-0000000", "forum", "member-000", at, 1, 2, 3)
            .getBytes(StandardCharsets.UTF_8);
        Properties admin = new Properties();
        admin.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, runtime.bootstrapServers());
        try (org.apache.kafka.clients.admin.Admin topics = org.apache.kafka.clients.admin.Admin.create(admin)) {
            topics.createTopics(List.of(new org.apache.kafka.clients.admin.NewTopic("load-baseline",
                runtime.settings().partitions(), (short) 1))).all().get();
        }
        Thread.sleep(1_000); // a new topic's leaders take a moment (see LedgerApplication.createTopics)
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(properties, new StringSerializer(),
            new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>("load-baseline", "warm", value)).get();
            long started = System.nanoTime();
            for (int i = 0; i < count; i++) {
                producer.send(new ProducerRecord<>("load-baseline", "member-" + (i % 500), value));
            }
            producer.flush();
            return count / seconds(started);
        }
    }

    /**
     * A Kafka Streams app that copies records from one topic to another, exactly_once_v2 with the
     * product's commit interval and poll settings, started before the clock runs: how fast the broker
     * and Streams move {@code count} activity-sized JSON records, in the same run.
     */
    private static double passThroughBaseline(LedgerRuntime runtime, Duration commitInterval, int count, Instant at)
        throws Exception {
        String in = "load-pass-in";
        String out = "load-pass-out";
        Properties admin = new Properties();
        admin.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, runtime.bootstrapServers());
        try (org.apache.kafka.clients.admin.Admin topics = org.apache.kafka.clients.admin.Admin.create(admin)) {
            topics.createTopics(List.of(new org.apache.kafka.clients.admin.NewTopic(in, runtime.settings().partitions(),
                (short) 1), new org.apache.kafka.clients.admin.NewTopic(out, runtime.settings().partitions(), (short) 1)))
                .all().get();
        }
        Properties streams = io.timebank.stream.LedgerApplication.streamsProperties("load-pass-through",
            runtime.bootstrapServers(), Files.createTempDirectory("load-pass-through"), 1);
        streams.put(org.apache.kafka.streams.StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, commitInterval.toMillis());
        org.apache.kafka.streams.StreamsBuilder builder = new org.apache.kafka.streams.StreamsBuilder();
        builder.stream(in, org.apache.kafka.streams.kstream.Consumed.with(
                org.apache.kafka.common.serialization.Serdes.String(), org.apache.kafka.common.serialization.Serdes.ByteArray()))
            .to(out, org.apache.kafka.streams.kstream.Produced.with(org.apache.kafka.common.serialization.Serdes.String(),
                org.apache.kafka.common.serialization.Serdes.ByteArray()));
        try (org.apache.kafka.streams.KafkaStreams app = new org.apache.kafka.streams.KafkaStreams(builder.build(), streams)) {
            app.start();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (app.state() != org.apache.kafka.streams.KafkaStreams.State.RUNNING && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            List<ProducerRecord<String, byte[]>> records = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                String account = "member-" + (i % 500);
                records.add(new ProducerRecord<>(in, account, TestBank.activity("pass-" + i, "forum", account, at, 1, 2, 3)
                    .getBytes(StandardCharsets.UTF_8)));
            }
            long started = System.nanoTime();
            produce(runtime, records);
            awaitRecords(runtime, out, count);
            double perSecond = count / seconds(started);
            app.close(Duration.ofSeconds(10));
            return perSecond;
        }
    }

    /** {@code count} activities as JSON onto the activities topic, keyed by account; until all are credited. */
    private static double kafkaIngest(LedgerRuntime runtime, int count, int members, Instant at) throws Exception {
        long before = deposits(runtime);
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String account = "member-" + (i % members);
            records.add(new ProducerRecord<>(runtime.settings().topics().activities(), account,
                TestBank.activity("kafka-" + i, "forum", account, at, 1 + i % 5, 2, 3).getBytes(StandardCharsets.UTF_8)));
        }
        long started = System.nanoTime();
        produce(runtime, records);
        awaitDeposits(runtime, (int) (before + count));
        return count / seconds(started);
    }

    private static void produce(LedgerRuntime runtime, List<ProducerRecord<String, byte[]>> records) {
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, runtime.bootstrapServers());
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(properties, new StringSerializer(),
            new ByteArraySerializer())) {
            records.forEach(producer::send);
            producer.flush();
        }
    }

    /** Waits until {@code topic} holds {@code expected} committed records. */
    private static void awaitRecords(LedgerRuntime runtime, String topic, long expected) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, runtime.bootstrapServers());
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(properties, new StringDeserializer(),
            new org.apache.kafka.common.serialization.ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long seen = 0;
            long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
            while (seen < expected && System.nanoTime() < deadline) {
                seen += consumer.poll(Duration.ofMillis(200)).count();
            }
        }
    }

    /** How many deposits the ledger topic holds now. */
    private static long deposits(LedgerRuntime runtime) {
        return countDeposits(runtime, Long.MAX_VALUE, Duration.ofSeconds(5));
    }

    private static void awaitDeposits(LedgerRuntime runtime, int expected) {
        long deposits = countDeposits(runtime, expected, Duration.ofMinutes(10));
        if (deposits < expected) {
            throw new IllegalStateException("only " + deposits + " of " + expected + " deposits after 10 minutes");
        }
    }

    /** Counts deposits on the ledger topic until {@code expected} or, reading on, until {@code timeout}. */
    private static long countDeposits(LedgerRuntime runtime, long expected, Duration timeout) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, runtime.bootstrapServers());
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        String topic = runtime.settings().topics().ledger();
        try (KafkaConsumer<String, LedgerEvent> consumer = new KafkaConsumer<>(properties, new StringDeserializer(),
            new LedgerEventCodec().deserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            long deposits = 0;
            long deadline = System.nanoTime() + timeout.toNanos();
            while (deposits < expected && System.nanoTime() < deadline) {
                for (var record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.value() instanceof LedgerEvent.Deposited) {
                        deposits++;
                    }
                }
                if (expected == Long.MAX_VALUE
                    && partitions.stream().allMatch(partition -> consumer.position(partition) >= ends.get(partition))) {
                    break; // counting what is there now: read to the end as it was
                }
            }
            return deposits;
        }
    }

    private static void runAll(int clients, List<String> bodies, java.util.function.Consumer<String> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (String body : bodies) {
                running.add(pool.submit(() -> call.accept(body)));
            }
            for (Future<?> future : running) {
                future.get();
            }
        } finally {
            pool.shutdown();
        }
    }

    private static double percentile(List<Long> sortedNanos, double fraction) {
        if (sortedNanos.isEmpty()) {
            return 0;
        }
        int index = (int) Math.min(sortedNanos.size() - 1, Math.ceil(fraction * sortedNanos.size()) - 1);
        return sortedNanos.get(Math.max(0, index)) / 1e6;
    }

    private static double seconds(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1e9;
    }
}
