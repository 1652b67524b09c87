package io.timebank.broker;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Apache Kafka broker (KRaft, combined broker and controller) running in this
 * JVM: the product's default when no bootstrap servers are configured, and the broker of the
 * end-to-end tests. Its data directory survives restarts (formatting is skipped when it is already
 * formatted). Settings allow exactly_once_v2 on one node. Listens on 127.0.0.1 only.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private final Path dataDirectory;
    private final int port;
    private final KafkaRaftServer server;
    private boolean stopped;

    private EmbeddedKafkaBroker(Path dataDirectory, int port, KafkaRaftServer server) {
        this.dataDirectory = dataDirectory;
        this.port = port;
        this.server = server;
    }

    /**
     * Formats {@code dataDirectory} if it is new, starts the broker and waits until it serves requests.
     *
     * @param port the client port on 127.0.0.1; 0 picks a free one
     */
    public static EmbeddedKafkaBroker start(Path dataDirectory, int port) {
        return start(dataDirectory, port, Map.of());
    }

    /** As {@link #start(Path, int)}, with broker settings that override the defaults. */
    public static EmbeddedKafkaBroker start(Path dataDirectory, int port, Map<String, String> overrides) {
        long started = System.nanoTime();
        int clientPort = port == 0 ? freePort() : port;
        int controllerPort = freePort();
        Path logs = dataDirectory.toAbsolutePath().resolve("kafka-logs");
        try {
            Files.createDirectories(logs);
        } catch (IOException unwritable) {
            throw new UncheckedIOException("cannot create the broker's data directory " + logs, unwritable);
        }
        Properties properties = new Properties();
        properties.put("process.roles", "broker,controller");
        properties.put("node.id", "1");
        properties.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        properties.put("listeners", "PLAINTEXT://127.0.0.1:" + clientPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
        properties.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + clientPort);
        properties.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        properties.put("controller.listener.names", "CONTROLLER");
        properties.put("inter.broker.listener.name", "PLAINTEXT");
        properties.put("log.dirs", logs.toString());
        // One node: every internal topic has one replica, and exactly_once_v2 needs the transaction log.
        properties.put("offsets.topic.replication.factor", "1");
        properties.put("offsets.topic.num.partitions", "4");
        properties.put("transaction.state.log.replication.factor", "1");
        properties.put("transaction.state.log.min.isr", "1");
        properties.put("transaction.state.log.num.partitions", "4");
        properties.put("share.coordinator.state.topic.replication.factor", "1");
        properties.put("share.coordinator.state.topic.min.isr", "1");
        properties.put("group.initial.rebalance.delay.ms", "0");
        properties.put("auto.create.topics.enable", "false");
        properties.put("num.partitions", "4");
        // One node, its own controller: after a SIGKILL the controller fences the dead incarnation only
        // when its session expires (9 s by default) before the restarted one may serve. A shorter session
        // brings a killed laptop run back sooner; 8 heartbeats long, so a busy machine's pauses do not
        // fence the live broker.
        properties.put("broker.session.timeout.ms", "4000");
        properties.put("broker.heartbeat.interval.ms", "500");
        properties.putAll(overrides);
        KafkaConfig config = new KafkaConfig(properties, false);
        format(config, logs);
        KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
        server.startup();
        EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(dataDirectory, clientPort, server);
        try {
            broker.awaitReady();
        } catch (RuntimeException notReady) {
            broker.close();
            throw notReady;
        }
        LOG.info("Kafka broker ready at {} in {} ms (data in {})", broker.bootstrapServers(),
            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), logs);
        return broker;
    }

    private static void format(KafkaConfig config, Path logs) {
        if (Files.exists(logs.resolve("meta.properties"))) {
            return; // formatted by an earlier start: keep its cluster id and data
        }
        try {
            new Formatter()
                .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                .setNodeId(config.nodeId())
                .setClusterId(Uuid.randomUuid().toString())
                .setControllerListenerName("CONTROLLER")
                .setMetadataLogDirectory(logs.toString())
                .addDirectory(logs.toString())
                .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                .run();
        } catch (Exception failure) {
            throw new IllegalStateException("cannot format the broker's storage in " + logs + ": " + failure.getMessage(),
                failure);
        }
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    public Admin admin() {
        Properties properties = new Properties();
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        return Admin.create(properties);
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        try (Admin admin = admin()) {
            while (true) {
                try {
                    if (!admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) {
                        return;
                    }
                } catch (ExecutionException | TimeoutException notYet) {
                    // the broker is still starting
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Kafka broker at " + bootstrapServers() + " not ready after "
                        + READY_TIMEOUT);
                }
                Thread.sleep(100);
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the broker", interrupted);
        }
    }

    /** Stops the broker; its data stays in the data directory for the next start. */
    @Override
    public synchronized void close() {
        if (stopped) {
            return;
        }
        stopped = true;
        server.shutdown();
        server.awaitShutdown();
        LOG.info("Kafka broker at {} stopped", bootstrapServers());
    }

    /**
     * Runs the broker as a process of its own until it is stopped (SIGTERM stops it cleanly):
     * {@code java -cp … io.timebank.broker.EmbeddedKafkaBroker <data directory> <port>}. The bank
     * test starts, kills and restarts the broker this way.
     */
    public static void main(String[] args) throws InterruptedException {
        if (args.length != 2) {
            System.err.println("usage: EmbeddedKafkaBroker <data directory> <port>");
            System.exit(2);
        }
        EmbeddedKafkaBroker broker = start(Path.of(args[0]), Integer.parseInt(args[1]));
        Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "broker-shutdown"));
        System.out.println("broker ready at " + broker.bootstrapServers());
        System.out.flush();
        Thread.currentThread().join(); // until the process is stopped
    }

    /** A port on 127.0.0.1 that nothing listens on now. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress("127.0.0.1", 0));
            return socket.getLocalPort();
        } catch (IOException noPort) {
            throw new UncheckedIOException("no free port on 127.0.0.1", noPort);
        }
    }
}
