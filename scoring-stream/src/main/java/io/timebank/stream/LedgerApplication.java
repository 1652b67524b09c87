package io.timebank.stream;

import io.timebank.schemas.StateCodec;
import io.timebank.ledger.Account;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a topology: creates the product's topics when missing, starts Kafka Streams with
 * exactly_once_v2, and stops it cleanly. The same code runs against the embedded broker and
 * against a real cluster: only the bootstrap servers and the replication factor differ.
 */
public final class LedgerApplication implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LedgerApplication.class);
    static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);
    /** How long an idle stream thread waits for records before it checks whether to commit. */
    static final Duration POLL_INTERVAL = Duration.ofMillis(10);
    /** How long Kafka Streams' producers wait to fill a batch; a commit flushes them anyway. */
    static final Duration PRODUCER_LINGER = Duration.ofMillis(5);

    private final KafkaStreams streams;

    /** Notified on every change of the streams' state, for {@link #awaitRunning}. */
    private final Object stateChanges = new Object();

    private LedgerApplication(KafkaStreams streams) {
        this.streams = streams;
    }

    /**
     * @param replicationFactor of the product's topics and Kafka Streams' internal topics (1 on the
     *                          embedded broker, 3 on a production cluster)
     */
    public static Properties streamsProperties(String applicationId, String bootstrapServers, Path stateDirectory,
                                               int replicationFactor) {
        Properties properties = new Properties();
        properties.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        properties.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(StreamsConfig.STATE_DIR_CONFIG, stateDirectory.toAbsolutePath().toString());
        properties.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        properties.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, replicationFactor);
        properties.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        // A stream thread with nothing new blocks in poll for poll.ms before it looks at the commit
        // interval again, and its producer holds records for linger.ms (Streams' default is 100 ms for
        // both): every hop of a transfer waited them out. Short ones let a commit follow the work.
        properties.put(StreamsConfig.POLL_MS_CONFIG, POLL_INTERVAL.toMillis());
        properties.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), PRODUCER_LINGER.toMillis());
        return properties;
    }

    /** Starts the live ledger after creating its topics, counting set-aside records on their own. */
    public static LedgerApplication start(LedgerSettings settings, Properties streamsProperties) {
        return start(settings, streamsProperties, new SetAsideRecords());
    }

    /**
     * Starts the live ledger after creating its topics. A record whose handling throws is set aside
     * onto the dead-letter topic and counted in {@code setAside}; the ledger goes on.
     */
    public static LedgerApplication start(LedgerSettings settings, Properties streamsProperties,
                                          SetAsideRecords setAside) {
        createTopics(settings, streamsProperties);
        LedgerRecordFailures.install(streamsProperties, settings, setAside);
        return start(LedgerTopology.build(settings), streamsProperties);
    }

    /** Starts the rebuild of the stores from the ledger topic, under the application id in the properties. */
    public static LedgerApplication startRebuild(LedgerSettings settings, Properties streamsProperties) {
        return start(RebuildTopology.build(settings), streamsProperties);
    }

    private static LedgerApplication start(Topology topology, Properties properties) {
        KafkaStreams streams = new KafkaStreams(topology, properties);
        LedgerApplication application = new LedgerApplication(streams);
        streams.setUncaughtExceptionHandler(new ThreadFailures(Instant::now)::respond);
        streams.setStateListener((next, previous) -> application.stateChanged());
        streams.start();
        return application;
    }

    /**
     * What to do when a stream thread dies. A failure of Kafka itself (a broker crashed in the
     * middle of a transaction, a producer fenced) replaces the thread: its transaction is aborted
     * and its tasks resume from the last commit, so exactly-once holds — the bank test kills the
     * broker to check it. Anything else is the ledger's own (a broken invariant, a record it cannot
     * encode) and stops the client rather than carry on wrong; so do Kafka failures that keep
     * coming, more than {@link #REPLACEMENTS_PER_MINUTE} a minute.
     */
    static final class ThreadFailures {

        static final int REPLACEMENTS_PER_MINUTE = 5;
        private final Supplier<Instant> clock;
        private final Deque<Instant> replacements = new ArrayDeque<>();

        ThreadFailures(Supplier<Instant> clock) {
            this.clock = clock;
        }

        synchronized StreamThreadExceptionResponse respond(Throwable failure) {
            boolean kafka = LedgerRecordFailures.isKafkaFailure(failure);
            Instant now = clock.get();
            while (!replacements.isEmpty() && replacements.peekFirst().isBefore(now.minusSeconds(60))) {
                replacements.removeFirst();
            }
            if (kafka && replacements.size() < REPLACEMENTS_PER_MINUTE) {
                replacements.addLast(now);
                LOG.warn("stream thread failed on a Kafka error; replacing it: its transaction is aborted and its "
                    + "tasks resume from the last commit", failure);
                return StreamThreadExceptionResponse.REPLACE_THREAD;
            }
            LOG.error("stream thread failed; the ledger stops rather than carry on wrong", failure);
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        }
    }

    /** The source and output topics must exist before Kafka Streams starts. The ledger topic is kept forever. */
    public static void createTopics(LedgerSettings settings, Properties streamsProperties) {
        short replication = Short.parseShort(streamsProperties.get(StreamsConfig.REPLICATION_FACTOR_CONFIG).toString());
        List<NewTopic> topics = new ArrayList<>();
        settings.topics().partitionsByTopic(settings.partitions()).forEach((name, partitions) -> {
            NewTopic topic = new NewTopic(name, partitions, replication);
            if (name.equals(settings.topics().ledger()) || name.equals(settings.topics().rates())) {
                topic.configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, "-1", TopicConfig.RETENTION_BYTES_CONFIG, "-1"));
            }
            if (name.equals(settings.topics().populations())) {
                topic.configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
            }
            topics.add(topic);
        });
        Properties adminProperties = new Properties();
        adminProperties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
            streamsProperties.get(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG));
        // The admin client reaches the cluster as the application does (TLS, SASL).
        streamsProperties.stringPropertyNames().stream()
            .filter(name -> name.startsWith("security.") || name.startsWith("sasl.") || name.startsWith("ssl."))
            .forEach(name -> adminProperties.put(name, streamsProperties.get(name)));
        try (Admin admin = Admin.create(adminProperties)) {
            var existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = topics.stream().filter(topic -> !existing.contains(topic.name())).toList();
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
                LOG.info("created topics {}", missing.stream().map(NewTopic::name).toList());
            }
            awaitLeaders(admin, topics.stream().map(NewTopic::name).toList());
            requirePartitions(admin, settings);
        } catch (ExecutionException failure) {
            if (!(failure.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create topics: " + failure.getCause().getMessage(), failure.getCause());
            }
        } catch (InterruptedException | TimeoutException failure) {
            throw new IllegalStateException("cannot create topics: " + failure.getMessage(), failure);
        }
    }

    /**
     * Topics that existed before this start must have the partitions the ledger is configured with:
     * each account is processed on one partition of the inputs, the transit and the ledger alike, and
     * the partition count cannot change once they hold data. Refusing to start says so plainly,
     * instead of Kafka Streams failing later on its internal topics.
     */
    private static void requirePartitions(Admin admin, LedgerSettings settings) throws InterruptedException,
        ExecutionException, TimeoutException {
        LedgerTopics names = settings.topics();
        List<String> partitioned = List.of(names.activities(), names.commands(), names.transit(), names.ledger());
        admin.describeTopics(partitioned).allTopicNames().get(30, TimeUnit.SECONDS).forEach((topic, description) -> {
            if (description.partitions().size() != settings.partitions()) {
                throw new IllegalStateException("topic " + topic + " has " + description.partitions().size()
                    + " partitions, but timebank.partitions is " + settings.partitions()
                    + ": a topic's partition count cannot change once it exists; set partitions to match it");
            }
        });
    }

    /** A new topic's partitions have no leader for a moment; producing then loses time to retries. */
    private static void awaitLeaders(Admin admin, List<String> topics) throws InterruptedException, ExecutionException,
        TimeoutException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            boolean led;
            try {
                led = admin.describeTopics(topics).allTopicNames().get(30, TimeUnit.SECONDS).values().stream()
                    .allMatch(description -> description.partitions().stream().allMatch(partition -> partition.leader() != null));
            } catch (ExecutionException notYet) {
                // Just created: the broker that answers may not know the topic yet.
                if (!(notYet.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw notYet;
                }
                led = false;
            }
            if (led) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("topics " + topics + " still have partitions without a leader");
            }
            Thread.sleep(50);
        }
    }

    public KafkaStreams streams() {
        return streams;
    }

    /** Waits until every stream thread is RUNNING, woken by each change of state. */
    public void awaitRunning(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (stateChanges) {
            while (streams.state() != KafkaStreams.State.RUNNING) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || streams.state() == KafkaStreams.State.ERROR
                    || streams.state() == KafkaStreams.State.NOT_RUNNING) {
                    throw new IllegalStateException("ledger not RUNNING after " + timeout + ": " + streams.state());
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(stateChanges, left);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted", interrupted);
                }
            }
        }
    }

    private void stateChanged() {
        synchronized (stateChanges) {
            stateChanges.notifyAll();
        }
    }

    /** Every account this instance holds, as stored. */
    public Map<String, Account> accounts() {
        Map<String, Account> accounts = new java.util.TreeMap<>();
        ReadOnlyKeyValueStore<String, byte[]> store = streams.store(
            StoreQueryParameters.fromNameAndType(LedgerStores.ACCOUNTS, QueryableStoreTypes.keyValueStore()));
        try (KeyValueIterator<String, byte[]> all = store.all()) {
            all.forEachRemaining(entry -> accounts.put(entry.key, StateCodec.decodeAccount(entry.value)));
        }
        return accounts;
    }

    /**
     * Stops cleanly and leaves the consumer group, so that a restarted instance takes over at once
     * instead of waiting out the group's session timeout.
     */
    @Override
    public void close() {
        streams.close(CloseOptions.timeout(CLOSE_TIMEOUT)
            .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
    }
}
