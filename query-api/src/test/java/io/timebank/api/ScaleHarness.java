package io.timebank.api;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.timebank.stream.LedgerApplication;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;

/**
 * The ledger's state at scale on one node: {@code scale.accounts} accounts (10⁷ by default), each
 * opened by one activity on the activities topic, in a JVM whose heap is capped (the Maven profile
 * runs it with -Xmx1g: broker, ledger and API together). Prints the heap in use after a full GC,
 * the disk taken by the broker's logs and by the stores, the time to restore the stores from their
 * changelogs after losing them, and the time to rebuild them from the ledger topic alone.
 * Run: {@code ./mvnw -Pscale -DskipTests package [-Dscale.accounts=1000000]}.
 */
public final class ScaleHarness {

    private ScaleHarness() {
    }

    public static void main(String[] args) throws Exception {
        int accounts = Integer.getInteger("scale.accounts", 10_000_000);
        Path data = Files.createTempDirectory("timebank-scale");
        int brokerPort;
        try (ServerSocket free = new ServerSocket(0)) {
            brokerPort = free.getLocalPort();
        }
        Map<String, Object> settings = new HashMap<>(Map.of(
            "micronaut.server.port", "-1", "timebank.data-directory", data.toString(),
            "timebank.embedded-broker-port", String.valueOf(brokerPort), "timebank.jwt-secret", TestBank.SECRET));
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        System.out.printf("scale: %,d accounts, heap maximum %,d MiB%n", accounts, memory.getHeapMemoryUsage().getMax() >> 20);

        double ingestSeconds;
        long heapUsed;
        String lastAccount = "acct-" + (accounts - 1);
        try (EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, settings)) {
            LedgerRuntime runtime = server.getApplicationContext().getBean(LedgerRuntime.class);
            runtime.awaitRunning(Duration.ofSeconds(60));
            Instant at = Instant.now().minus(Duration.ofMinutes(30));
            long started = System.nanoTime();
            try (KafkaProducer<String, byte[]> producer = producer(runtime.bootstrapServers())) {
                for (int i = 0; i < accounts; i++) {
                    String account = "acct-" + i;
                    producer.send(new ProducerRecord<>(runtime.settings().topics().activities(), account,
                        KafkaLoad.utf8(TestBank.activity("scale-" + i, "forum", account, at, 1 + i % 5, 2, 3))));
                    if (i % 1_000_000 == 999_999) {
                        System.out.printf("  %,d activities sent after %.0f s%n", i + 1, KafkaLoad.seconds(started));
                    }
                }
            }
            awaitProcessed(runtime.bootstrapServers(), "timebank", Set.of(runtime.settings().topics().activities()),
                false, started);
            ingestSeconds = KafkaLoad.seconds(started);
            Bank bank = server.getApplicationContext().getBean(Bank.class);
            requireAccount(bank, lastAccount);
            memory.gc();
            heapUsed = memory.getHeapMemoryUsage().getUsed();
        }
        long brokerBytes = size(data.resolve("kafka"));
        long storeBytes = size(data.resolve("streams"));

        // Restore: the stores are lost (a new disk, a new machine); the same broker still holds the changelogs.
        delete(data.resolve("streams"));
        double restoreSeconds;
        long started = System.nanoTime();
        try (EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, settings)) {
            LedgerRuntime runtime = server.getApplicationContext().getBean(LedgerRuntime.class);
            runtime.awaitRunning(Duration.ofHours(2));
            Bank bank = server.getApplicationContext().getBean(Bank.class);
            Awaitility.await().atMost(Duration.ofHours(2)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                .until(() -> bank.account(lastAccount, null, false).isPresent());
            restoreSeconds = KafkaLoad.seconds(started);

            // Rebuild: every store folded again from the ledger topic alone, under an application id of its own.
            Properties rebuild = LedgerApplication.streamsProperties("timebank-rebuild-scale", runtime.bootstrapServers(),
                data.resolve("rebuild"), 1);
            started = System.nanoTime();
            try (LedgerApplication rebuilt = LedgerApplication.startRebuild(runtime.settings(), rebuild)) {
                awaitProcessed(runtime.bootstrapServers(), "timebank-rebuild-scale",
                    Set.of(runtime.settings().topics().ledger()), true, started);
            }
        }
        double rebuildSeconds = KafkaLoad.seconds(started);

        System.out.println();
        System.out.printf("== timebank at scale: %,d accounts on one node (%d cores) ==%n", accounts,
            Runtime.getRuntime().availableProcessors());
        System.out.printf("| opened by one activity each, Kafka path | %.0f s (%,.0f/s) |%n", ingestSeconds,
            accounts / ingestSeconds);
        System.out.printf("| heap in use after a full GC (broker, ledger and API in one JVM) | %,d MiB of %,d MiB |%n",
            heapUsed >> 20, memory.getHeapMemoryUsage().getMax() >> 20);
        System.out.printf("| disk: broker logs (inputs, ledger, changelogs) | %,.1f GiB |%n", brokerBytes / (double) (1L << 30));
        System.out.printf("| disk: state stores (RocksDB) | %,.1f GiB (%,d bytes an account) |%n",
            storeBytes / (double) (1L << 30), storeBytes / accounts);
        System.out.printf("| restore of lost stores from their changelogs, until the last account reads | %.0f s |%n",
            restoreSeconds);
        System.out.printf("| rebuild of every store from the ledger topic alone | %.0f s |%n", rebuildSeconds);
        delete(data);
        System.exit(0);
    }

    private static void requireAccount(Bank bank, String account) {
        if (bank.account(account, null, false).isEmpty()) {
            throw new IllegalStateException(account + " is not readable after the ingest");
        }
    }

    private static KafkaProducer<String, byte[]> producer(String bootstrapServers) {
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        properties.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        return new KafkaProducer<>(properties, new StringSerializer(), new ByteArraySerializer());
    }

    /**
     * Until {@code group} has committed the end of every partition of {@code topics}, printing
     * progress each minute. On a {@code transactional} topic the last offset is a commit marker,
     * which a consumer need not pass.
     */
    private static void awaitProcessed(String bootstrapServers, String group, Set<String> topics, boolean transactional,
                                       long started) throws Exception {
        Properties properties = new Properties();
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        try (Admin admin = Admin.create(properties)) {
            long reported = System.nanoTime();
            while (true) {
                Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
                admin.describeTopics(topics).allTopicNames().get(30, TimeUnit.SECONDS).forEach((topic, description) ->
                    description.partitions().forEach(partition ->
                        ends.put(new TopicPartition(topic, partition.partition()), OffsetSpec.latest())));
                Map<TopicPartition, Long> end = new HashMap<>();
                admin.listOffsets(ends).all().get(30, TimeUnit.SECONDS).forEach((partition, info) ->
                    end.put(partition, info.offset()));
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
                long lag = 0;
                for (Map.Entry<TopicPartition, Long> partition : end.entrySet()) {
                    OffsetAndMetadata done = committed.get(partition.getKey());
                    long consumed = done == null ? 0 : done.offset();
                    lag += Math.max(0, partition.getValue() - consumed - (transactional ? 1 : 0));
                }
                if (lag == 0) {
                    return;
                }
                if (System.nanoTime() - reported > TimeUnit.MINUTES.toNanos(1)) {
                    System.out.printf("  %s: %,d records to go after %.0f s%n", group, lag, KafkaLoad.seconds(started));
                    reported = System.nanoTime();
                }
                Thread.sleep(500);
            }
        }
    }

    private static long size(Path directory) throws IOException {
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(Files::isRegularFile).mapToLong(file -> file.toFile().length()).sum();
        }
    }

    private static void delete(Path directory) throws IOException {
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }
}
