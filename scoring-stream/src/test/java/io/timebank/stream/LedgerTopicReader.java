package io.timebank.stream;

import io.timebank.ledger.LedgerEvent;
import io.timebank.schemas.LedgerEventCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads the ledger topic as an auditor would: committed records only, every partition from the start. */
final class LedgerTopicReader implements AutoCloseable {

    private final KafkaConsumer<String, LedgerEvent> consumer;
    private final List<LedgerEvent> events = new ArrayList<>();

    LedgerTopicReader(String bootstrapServers, String topic, int partitions) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000);
        consumer = new KafkaConsumer<>(properties, new StringDeserializer(), new LedgerEventCodec().deserializer());
        List<TopicPartition> assigned = new ArrayList<>();
        for (int partition = 0; partition < partitions; partition++) {
            assigned.add(new TopicPartition(topic, partition));
        }
        consumer.assign(assigned);
        consumer.seekToBeginning(assigned);
    }

    /** Reads until {@code done} holds for everything read so far, or fails after {@code timeout}. */
    List<LedgerEvent> readUntil(Predicate<List<LedgerEvent>> done, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.test(events)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("ledger topic incomplete after " + timeout + ": " + events.size() + " events read");
            }
            poll();
        }
        return events;
    }

    private void poll() {
        for (ConsumerRecord<String, LedgerEvent> record : consumer.poll(Duration.ofMillis(200))) {
            if (!record.key().equals(record.value().account().value())) {
                throw new AssertionError("ledger record keyed " + record.key() + " changes " + record.value().account());
            }
            events.add(record.value());
        }
    }

    /** Reads everything committed to the topic so far: to its end as it is now. */
    List<LedgerEvent> readToEnd(Duration timeout) {
        Map<TopicPartition, Long> ends = consumer.endOffsets(consumer.assignment());
        long deadline = System.nanoTime() + timeout.toNanos();
        while (ends.entrySet().stream().anyMatch(end -> consumer.position(end.getKey()) < end.getValue())) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("could not read the ledger topic to its end within " + timeout);
            }
            poll();
        }
        return events;
    }

    static long count(List<LedgerEvent> events, Class<? extends LedgerEvent> type) {
        return events.stream().filter(type::isInstance).count();
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
