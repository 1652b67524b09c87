package io.timebank.api;

import io.timebank.ledger.LedgerEvent;
import io.timebank.schemas.LedgerEventCodec;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the ledger topic from its end, read committed, and hands every event to {@link Outcomes}:
 * an instance learns a command's outcome the moment its transaction commits, whichever instance
 * decided it, without asking anyone. One thread, one consumer assigned every partition (no group).
 */
final class LedgerTail implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LedgerTail.class);
    static final Duration POLL_TIMEOUT = Duration.ofMillis(500);

    private final KafkaConsumer<String, byte[]> consumer;
    private final Outcomes outcomes;
    private final LedgerEventCodec events = new LedgerEventCodec();
    private final Thread thread;

    LedgerTail(String bootstrapServers, Map<String, String> clientSettings, String ledgerTopic, Outcomes outcomes) {
        this.outcomes = outcomes;
        Properties properties = new Properties();
        properties.putAll(clientSettings);
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        properties.remove(ConsumerConfig.GROUP_ID_CONFIG);
        properties.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        if (clientSettings.containsKey(ConsumerConfig.CLIENT_ID_CONFIG)) {
            properties.put(ConsumerConfig.CLIENT_ID_CONFIG, clientSettings.get(ConsumerConfig.CLIENT_ID_CONFIG) + "-ledger-tail");
        }
        consumer = new KafkaConsumer<>(properties, new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(ledgerTopic, Duration.ofSeconds(30)).stream()
            .map(info -> new TopicPartition(ledgerTopic, info.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position); // fix the start now: what commits from here on is followed
        thread = Thread.ofPlatform().daemon().name("ledger-tail").start(this::follow);
    }

    private void follow() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL_TIMEOUT)) {
                    if (!LedgerEventCodec.mayConcernCommand(record.value())) {
                        continue; // a deposit, an opening, a fee settlement: no command waits on it
                    }
                    LedgerEvent event;
                    try {
                        event = events.decode(record.value());
                    } catch (RuntimeException undecodable) {
                        LOG.warn("ledger record {}-{}@{} not understood here; its command is answered from the store",
                            record.topic(), record.partition(), record.offset(), undecodable);
                        continue;
                    }
                    try {
                        outcomes.accept(event);
                    } catch (RuntimeException unfoldable) {
                        LOG.warn("ledger event {} not folded; its command is answered from the store", event, unfoldable);
                    }
                }
            }
        } catch (WakeupException closing) {
            // close() asked us to stop
        } catch (RuntimeException failed) {
            LOG.error("the ledger tail stopped; commands are answered from the outcome store", failed);
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    @Override
    public void close() {
        consumer.wakeup();
        try {
            thread.join(Duration.ofSeconds(10));
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
