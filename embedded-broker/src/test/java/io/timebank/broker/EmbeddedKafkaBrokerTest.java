package io.timebank.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaBrokerTest {

    @TempDir
    Path data;

    @Test
    void aTransactionCommittedBeforeARestartIsReadAfterIt() throws Exception {
        int port;
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(data, 0)) {
            port = broker.port();
            try (Admin admin = broker.admin()) {
                admin.createTopics(List.of(new NewTopic("ledger", 4, (short) 1))).all().get();
                assertThat(admin.describeTopics(List.of("ledger")).allTopicNames().get().get("ledger")
                    .partitions()).hasSize(4);
            }
            try (KafkaProducer<String, String> producer = transactionalProducer(broker.bootstrapServers())) {
                producer.initTransactions();
                producer.beginTransaction();
                producer.send(new ProducerRecord<>("ledger", 2, "alice", "deposited 32")).get();
                producer.commitTransaction();
            }
        }

        try (EmbeddedKafkaBroker restarted = EmbeddedKafkaBroker.start(data, port)) {
            List<String> values = readAll(restarted.bootstrapServers(), new TopicPartition("ledger", 2));

            assertThat(values).containsExactly("deposited 32");
        }
    }

    private static KafkaProducer<String, String> transactionalProducer(String bootstrap) {
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        properties.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "broker-test");
        return new KafkaProducer<>(properties, new StringSerializer(), new StringSerializer());
    }

    private static List<String> readAll(String bootstrap, TopicPartition partition) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(properties, new StringDeserializer(),
            new StringDeserializer())) {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            List<String> values = new java.util.ArrayList<>();
            while (values.isEmpty() && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    values.add(record.value());
                }
            }
            return values;
        }
    }
}
