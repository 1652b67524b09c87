package io.timebank.stream;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/**
 * Waits until a Kafka Streams application has processed everything on its source topics, judged by
 * its consumer group's committed offsets against the topics' ends — a condition, not a pause.
 * Topics the application itself writes (internal and transit topics, the ledger) are transactional:
 * their last record is followed by a commit marker the group may not have stepped over yet, so one
 * offset of lag there still means every record was processed; the input topics must be read to the end.
 */
final class Quiescence {

    private Quiescence() {
    }

    static void await(String bootstrapServers, String applicationId, Set<String> inputTopics, Duration timeout) {
        Properties properties = new Properties();
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        try (Admin admin = Admin.create(properties)) {
            long deadline = System.nanoTime() + timeout.toNanos();
            String lagging = "";
            while (System.nanoTime() < deadline) {
                lagging = lagging(admin, applicationId, inputTopics);
                if (lagging.isEmpty()) {
                    return;
                }
                Thread.sleep(100);
            }
            throw new AssertionError(applicationId + " has not processed everything after " + timeout + ": " + lagging);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new AssertionError(interrupted);
        } catch (Exception failed) {
            throw new AssertionError("cannot read " + applicationId + "'s offsets", failed);
        }
    }

    /** The partitions the group has not processed to their end, or "" when there are none. */
    private static String lagging(Admin admin, String applicationId, Set<String> inputTopics) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(applicationId)
            .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
        Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
        committed.keySet().forEach(partition -> ends.put(partition, OffsetSpec.latest()));
        admin.describeTopics(inputTopics).allTopicNames().get(30, TimeUnit.SECONDS).forEach((topic, description) ->
            description.partitions().forEach(partition ->
                ends.put(new TopicPartition(topic, partition.partition()), OffsetSpec.latest())));
        var endOffsets = admin.listOffsets(ends, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all()
            .get(30, TimeUnit.SECONDS);
        return endOffsets.entrySet().stream().filter(entry -> {
            OffsetAndMetadata offset = committed.get(entry.getKey());
            long lag = entry.getValue().offset() - (offset == null ? 0 : offset.offset());
            return lag > (inputTopics.contains(entry.getKey().topic()) ? 0 : 1);
        }).map(entry -> entry.getKey() + " at " + committed.get(entry.getKey()) + " of " + entry.getValue().offset())
            .collect(Collectors.joining(", "));
    }
}
