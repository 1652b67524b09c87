package io.timebank.api;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micronaut.context.annotation.Context;
import io.micronaut.http.HttpStatus;
import io.timebank.broker.EmbeddedKafkaBroker;
import io.timebank.stream.LedgerApplication;
import io.timebank.stream.LedgerObserver;
import io.timebank.stream.LedgerSettings;
import io.timebank.stream.SetAsideRecords;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running ledger behind the API: the embedded broker (when no bootstrap servers are
 * configured), the Kafka Streams topology, and the producer that hands activities and commands to
 * it. Started with the application context, stopped in reverse order.
 */
@Context
public class LedgerRuntime implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LedgerRuntime.class);
    /** How long a request waits for the broker to take what it sends. */
    static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);

    private final LedgerSettings settings;
    private final EmbeddedKafkaBroker broker;
    private final String bootstrapServers;
    private final LedgerApplication ledger;
    private final KafkaProducer<String, byte[]> producer;
    private final SetAsideRecords setAside = new SetAsideRecords();
    private final Outcomes outcomes = new Outcomes();
    private final LedgerTail tail;
    private final KafkaStreamsMetrics streamsMetrics;

    private final boolean advertisesItself;

    /**
     * @param httpHost this instance's HTTP address, advertised to the others (Kafka Streams'
     *                 application.server) so that any instance can forward a key to its owner; a
     *                 random port (-1) advertises nothing and serves only its own keys
     */
    public LedgerRuntime(BankConfiguration configuration,
                         @io.micronaut.context.annotation.Value("${micronaut.server.host:127.0.0.1}") String httpHost,
                         @io.micronaut.context.annotation.Value("${micronaut.server.port:8080}") int httpPort,
                         @io.micronaut.core.annotation.Nullable LedgerObserver observer,
                         @io.micronaut.core.annotation.Nullable MeterRegistry registry) {
        this.settings = configuration.ledgerSettings();
        if (configuration.embeddedBroker()) {
            broker = EmbeddedKafkaBroker.start(configuration.getDataDirectory().resolve("kafka"),
                configuration.getEmbeddedBrokerPort());
            bootstrapServers = broker.bootstrapServers();
            LOG.info("embedded Kafka broker at {}", bootstrapServers);
        } else {
            broker = null;
            bootstrapServers = configuration.getBootstrapServers();
        }
        Properties streams = LedgerApplication.streamsProperties(configuration.getApplicationId(), bootstrapServers,
            configuration.getDataDirectory().resolve("streams"), configuration.getReplicationFactor());
        // Static membership by default: a restarted instance takes its partitions back at once.
        streams.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, configuration.getApplicationId() + "-"
            + new DataDirectory(configuration.getDataDirectory()).instanceId());
        streams.putAll(configuration.getKafka()); // TLS/SASL and other client settings, for every client
        streams.put(org.apache.kafka.streams.StreamsConfig.COMMIT_INTERVAL_MS_CONFIG,
            configuration.getCommitInterval().toMillis());
        streams.put(org.apache.kafka.streams.StreamsConfig.PROCESSING_GUARANTEE_CONFIG,
            configuration.getProcessingGuarantee());
        if (!configuration.getProcessingGuarantee().equals(org.apache.kafka.streams.StreamsConfig.EXACTLY_ONCE_V2)) {
            LOG.warn("processing guarantee {}: value may be lost or doubled on a crash (for the bank test only)",
                configuration.getProcessingGuarantee());
        }
        advertisesItself = httpPort > 0;
        if (advertisesItself) {
            streams.put(org.apache.kafka.streams.StreamsConfig.APPLICATION_SERVER_CONFIG,
                configuration.advertisedHost(httpHost) + ":" + httpPort);
        }
        if (observer != null) {
            streams.put(LedgerObserver.CONFIG, observer); // the bank's figures, counted as the ledger books
        }
        ledger = LedgerApplication.start(settings, streams, setAside);
        // Kafka Streams' own figures (kafka_stream_*: process rates, commit latency, lag, state stores).
        streamsMetrics = registry == null ? null : new KafkaStreamsMetrics(ledger.streams());
        if (streamsMetrics != null) {
            streamsMetrics.bindTo(registry);
        }
        Properties properties = new Properties();
        properties.putAll(configuration.getKafka());
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.LINGER_MS_CONFIG, 1);
        properties.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        properties.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
        producer = new KafkaProducer<>(properties, new StringSerializer(), new ByteArraySerializer());
        tail = new LedgerTail(bootstrapServers, configuration.getKafka(), settings.topics().ledger(), outcomes);
    }

    /** Outcomes of commands as the committed ledger reports them, with whoever waits for them. */
    Outcomes outcomes() {
        return outcomes;
    }

    public LedgerSettings settings() {
        return settings;
    }

    /** Records whose handling threw and that were set aside onto the dead-letter topic. */
    public SetAsideRecords setAside() {
        return setAside;
    }

    /** Kafka Streams, for store reads and key lookups; a 503 problem while the ledger is not running. */
    /**
     * The partition of store {@code name} that holds {@code key}: one RocksDB read per look-up (a store
     * over all local partitions would ask each of them in turn until one has the key).
     */
    public org.apache.kafka.streams.state.ReadOnlyKeyValueStore<String, byte[]> partitionStore(String name, String key) {
        return streams().store(org.apache.kafka.streams.StoreQueryParameters.fromNameAndType(name,
            org.apache.kafka.streams.state.QueryableStoreTypes.<String, byte[]>keyValueStore())
            .withPartition(settings().partitionOf(key)));
    }

    public KafkaStreams streams() {
        KafkaStreams streams = ledger.streams();
        KafkaStreams.State state = streams.state();
        if (!state.isRunningOrRebalancing()) {
            throw ProblemException.of(HttpStatus.SERVICE_UNAVAILABLE,
                "the ledger is not running (" + state + "); see the application's log");
        }
        return streams;
    }

    public KafkaStreams.State state() {
        return ledger.streams().state();
    }

    public boolean advertisesItself() {
        return advertisesItself;
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** Waits until the broker has taken each record sent (acks=all); 503 when it does not. */
    public void awaitSent(List<Future<?>> sent) {
        try {
            for (Future<?> send : sent) {
                send.get(SEND_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            }
        } catch (ExecutionException | TimeoutException failed) {
            throw ProblemException.of(HttpStatus.SERVICE_UNAVAILABLE, "the ledger's broker did not take the request: "
                + failed.getMessage());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw ProblemException.of(HttpStatus.SERVICE_UNAVAILABLE, "interrupted");
        }
    }

    /** Produces one record keyed by account; the future completes once the broker has it (acks=all). */
    public Future<RecordMetadata> send(String topic, String account, byte[] value) {
        return producer.send(new ProducerRecord<>(topic, account, value));
    }

    public void awaitRunning(Duration timeout) {
        ledger.awaitRunning(timeout);
    }

    @PreDestroy
    @Override
    public void close() {
        if (streamsMetrics != null) {
            streamsMetrics.close();
        }
        tail.close();
        producer.close(Duration.ofSeconds(10));
        ledger.close();
        if (broker != null) {
            broker.close();
        }
    }
}
