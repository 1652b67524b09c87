package io.timebank.stream;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * A consumer that reads a topic's committed records (never an aborted transaction's) and commits
 * nothing, for whatever reads the bank's topics back: the verification, the CLI's tail.
 */
public final class CommittedReader {

    private CommittedReader() {
    }

    /**
     * The partitions of {@code topic}; when it has none (no such topic), an IllegalArgumentException
     * "no topic &lt;topic&gt;" followed by {@code hint}.
     */
    public static List<TopicPartition> partitions(KafkaConsumer<?, ?> consumer, String topic, String hint) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
        if (infos == null || infos.isEmpty()) {
            throw new IllegalArgumentException("no topic " + topic + hint);
        }
        return infos.stream().map(info -> new TopicPartition(topic, info.partition())).toList();
    }

    /** @param client client settings to add (security), e.g. the application's {@code timebank.kafka.*} */
    public static KafkaConsumer<String, byte[]> open(String bootstrapServers, Map<String, ?> client) {
        Properties properties = new Properties();
        properties.putAll(client);
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return new KafkaConsumer<>(properties, new StringDeserializer(), new ByteArrayDeserializer());
    }
}
