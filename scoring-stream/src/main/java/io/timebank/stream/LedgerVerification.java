package io.timebank.stream;

import io.timebank.ledger.HashChain;
import io.timebank.schemas.LedgerEventCodec;
import io.timebank.schemas.UndecodableRecordException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Recomputes every account's hash chain ({@link HashChain}) from a ledger topic, committed records
 * only, from its beginning to its end as it stood when the verification began, and reports the first
 * event whose link does not hold: an event altered, dropped or reordered before it breaks it.
 */
public final class LedgerVerification {

    private static final LedgerEventCodec EVENTS = new LedgerEventCodec();

    private LedgerVerification() {
    }

    /**
     * What a verification found.
     *
     * @param records    the events read
     * @param links      the chained events among them, each checked
     * @param firstBreak where a chain first breaks; empty when every chain holds
     * @param heads      each account's head once everything was read, to compare with its account's
     */
    public record Report(long records, long links, Optional<HashChain.Break> firstBreak, Map<String, String> heads) {
    }

    /**
     * Verifies {@code topic} on the cluster at {@code bootstrapServers}; {@code client} adds client
     * settings (security) to the consumer's.
     */
    public static Report verify(String bootstrapServers, String topic, Map<String, Object> client) {
        try (KafkaConsumer<String, byte[]> consumer = CommittedReader.open(bootstrapServers, client)) {
            List<TopicPartition> partitions = CommittedReader.partitions(consumer, topic,
                " at " + bootstrapServers + ": nothing to verify");
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            HashChain.Verifier verifier = new HashChain.Verifier();
            long records = 0;
            // An account lives on one partition, so its events are in order within it whatever the order across partitions.
            while (partitions.stream().anyMatch(partition -> consumer.position(partition) < ends.get(partition))) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.offset() >= ends.get(new TopicPartition(record.topic(), record.partition()))) {
                        continue;
                    }
                    records++;
                    String where = record.topic() + "-" + record.partition() + "@" + record.offset();
                    Optional<HashChain.Break> broken;
                    try {
                        broken = verifier.accept(new HashChain.Link(record.key(), EVENTS.previous(record.value()),
                            record.value(), where));
                    } catch (UndecodableRecordException unreadable) {
                        broken = Optional.of(new HashChain.Break(where, record.key(), "a ledger event",
                            "bytes that are none (" + unreadable.getMessage() + ")"));
                    }
                    if (broken.isPresent()) {
                        return new Report(records, verifier.links(), broken, verifier.heads());
                    }
                }
            }
            return new Report(records, verifier.links(), Optional.empty(), verifier.heads());
        }
    }
}
