package io.timebank.api;

import io.timebank.ledger.AccountId;
import io.timebank.ledger.Amount;
import io.timebank.ledger.Asset;
import io.timebank.ledger.CommandId;
import io.timebank.ledger.LedgerCommand;
import io.timebank.ledger.LedgerEvent;
import io.timebank.schemas.LedgerCommandCodec;
import io.timebank.schemas.LedgerEventCodec;
import io.timebank.stream.LedgerApplication;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.awaitility.Awaitility;

/**
 * The load harness's measurements straight on the broker: a plain producer, a pass-through Kafka
 * Streams app (the baselines), activities and transfer commands written to the ledger's input
 * topics and counted once committed on the ledger topic.
 */
final class KafkaLoad {

    private final LedgerRuntime runtime;

    KafkaLoad(LedgerRuntime runtime) {
        this.runtime = runtime;
    }

    /** How fast a plain producer (acks=all, linger 5 ms) writes {@code count} records of {@code value}'s size. */
    double producerBaseline(int count, byte[] value) throws Exception {
        createTopics("load-baseline");
        try (KafkaProducer<String, byte[]> producer = producer()) {
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
     * and Streams move {@code records} in the same run.
     */
    double passThroughBaseline(Duration commitInterval, List<byte[]> records) throws Exception {
        createTopics("load-pass-in", "load-pass-out");
        Properties streams = LedgerApplication.streamsProperties("load-pass-through", runtime.bootstrapServers(),
            Files.createTempDirectory("load-pass-through"), 1);
        streams.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, commitInterval.toMillis());
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream("load-pass-in", Consumed.with(Serdes.String(), Serdes.ByteArray()))
            .to("load-pass-out", Produced.with(Serdes.String(), Serdes.ByteArray()));
        try (KafkaStreams app = new KafkaStreams(builder.build(), streams)) {
            app.start();
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> app.state() == KafkaStreams.State.RUNNING);
            List<ProducerRecord<String, byte[]>> in = new ArrayList<>(records.size());
            for (int i = 0; i < records.size(); i++) {
                in.add(new ProducerRecord<>("load-pass-in", "member-" + (i % 500), records.get(i)));
            }
            long started = System.nanoTime();
            produce(in);
            awaitRecords("load-pass-out", records.size());
            double perSecond = records.size() / seconds(started);
            app.close(Duration.ofSeconds(10));
            return perSecond;
        }
    }

    /** {@code activities} (JSON, keyed by account) onto the activities topic; until all are credited, per second. */
    double activities(List<ProducerRecord<String, byte[]>> activities) {
        Map<TopicPartition, Long> from = ledgerEnd();
        long started = System.nanoTime();
        produce(activities);
        awaitEvents(LedgerEvent.Deposited.class::isInstance, activities.size(), from);
        return activities.size() / seconds(started);
    }

    /**
     * {@code count} transfers as Avro commands onto the commands topic, keyed by the sender as a
     * platform's back end would send them; until every one is credited, per second.
     */
    double transferCommands(int count, int members, String prefix) {
        LedgerCommandCodec codec = new LedgerCommandCodec();
        List<ProducerRecord<String, byte[]>> commands = new ArrayList<>(count);
        Instant now = Instant.now();
        for (int i = 0; i < count; i++) {
            String from = "member-" + (i % members);
            commands.add(new ProducerRecord<>(runtime.settings().topics().commands(), from, codec.encode(
                new LedgerCommand.Transfer(CommandId.of(prefix + i), AccountId.of(from),
                    AccountId.of("member-" + ((i * 7 + 1) % members)), Asset.ATTENTION, Amount.parse("0.01"), "", now))));
        }
        Predicate<LedgerEvent> credited = event -> event instanceof LedgerEvent.TransferCredited transfer
            && transfer.commandId().value().startsWith(prefix);
        Map<TopicPartition, Long> from = ledgerEnd();
        long started = System.nanoTime();
        produce(commands);
        awaitEvents(credited, count, from);
        return count / seconds(started);
    }

    /** Waits until the ledger topic holds {@code expected} committed events matching {@code which} after {@code from}. */
    void awaitEvents(Predicate<LedgerEvent> which, long expected, Map<TopicPartition, Long> from) {
        long seen = countEvents(which, expected, Duration.ofMinutes(10), from);
        if (seen < expected) {
            throw new IllegalStateException("only " + seen + " of " + expected + " events after 10 minutes");
        }
    }

    /**
     * Where the ledger topic's committed events end now: a phase counts only what follows, so that
     * counting never reads (and decodes) the phases before it.
     */
    Map<TopicPartition, Long> ledgerEnd() {
        String topic = runtime.settings().topics().ledger();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(readCommitted(), new StringDeserializer(),
            new ByteArrayDeserializer())) {
            return consumer.endOffsets(consumer.partitionsFor(topic).stream()
                .map(info -> new TopicPartition(topic, info.partition())).toList());
        }
    }

    private void produce(List<ProducerRecord<String, byte[]>> records) {
        try (KafkaProducer<String, byte[]> producer = producer()) {
            records.forEach(producer::send);
            producer.flush();
        }
    }

    private KafkaProducer<String, byte[]> producer() {
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, runtime.bootstrapServers());
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        return new KafkaProducer<>(properties, new StringSerializer(), new ByteArraySerializer());
    }

    private void createTopics(String... names) throws Exception {
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, runtime.bootstrapServers());
        try (Admin admin = Admin.create(properties)) {
            List<NewTopic> topics = new ArrayList<>();
            for (String name : names) {
                topics.add(new NewTopic(name, runtime.settings().partitions(), (short) 1));
            }
            admin.createTopics(topics).all().get();
            // A new topic's leaders take a moment (see LedgerApplication.createTopics).
            Awaitility.await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() ->
                admin.describeTopics(List.of(names)).allTopicNames().get().values().stream()
                    .allMatch(topic -> topic.partitions().stream().allMatch(partition -> partition.leader() != null)));
        }
    }

    /** Waits until {@code topic} holds {@code expected} committed records. */
    private void awaitRecords(String topic, long expected) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(readCommitted(), new StringDeserializer(),
            new ByteArrayDeserializer())) {
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

    /** Counts committed ledger events after {@code from} matching {@code which}, until {@code expected} or {@code timeout}. */
    private long countEvents(Predicate<LedgerEvent> which, long expected, Duration timeout,
                             Map<TopicPartition, Long> from) {
        try (KafkaConsumer<String, LedgerEvent> consumer = new KafkaConsumer<>(readCommitted(), new StringDeserializer(),
            new LedgerEventCodec().deserializer())) {
            consumer.assign(from.keySet());
            from.forEach(consumer::seek);
            long seen = 0;
            long deadline = System.nanoTime() + timeout.toNanos();
            while (seen < expected && System.nanoTime() < deadline) {
                for (var record : consumer.poll(Duration.ofMillis(200))) {
                    if (which.test(record.value())) {
                        seen++;
                    }
                }
            }
            return seen;
        }
    }

    private Properties readCommitted() {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, runtime.bootstrapServers());
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return properties;
    }

    static double seconds(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1e9;
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
