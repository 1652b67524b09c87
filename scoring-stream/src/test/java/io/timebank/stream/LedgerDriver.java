package io.timebank.stream;

import io.timebank.ledger.Account;
import io.timebank.ledger.AccountId;
import io.timebank.ledger.Amount;
import io.timebank.ledger.Asset;
import io.timebank.ledger.CommandId;
import io.timebank.ledger.CommandKey;
import io.timebank.ledger.LedgerCommand;
import io.timebank.ledger.LedgerEvent;
import io.timebank.schemas.ActivityCodec;
import io.timebank.schemas.ActivityJson;
import io.timebank.schemas.LedgerCommandCodec;
import io.timebank.schemas.LedgerEventCodec;
import io.timebank.schemas.StateCodec;
import io.timebank.schemas.avro.CommandOutcomeRecord;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

/** The topology under TopologyTestDriver, with the bank's clock at {@link #NOW} and helpers in the domain's words. */
final class LedgerDriver implements AutoCloseable {

    static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

    final LedgerSettings settings;
    final TopologyTestDriver driver;
    final TestInputTopic<byte[], byte[]> activities;
    final TestInputTopic<byte[], byte[]> commands;
    final TestOutputTopic<String, byte[]> ledger;
    /** Every record read from the ledger topic so far, as written. */
    private final List<byte[]> written = new java.util.ArrayList<>();
    private final LedgerEventCodec events = new LedgerEventCodec();
    final TestOutputTopic<byte[], byte[]> deadLetters;
    final SetAsideRecords setAside = new SetAsideRecords();
    private final LedgerCommandCodec commandCodec = new LedgerCommandCodec();

    LedgerDriver(LedgerSettings settings, Path stateDirectory) {
        this.settings = settings;
        Properties properties = new Properties();
        properties.put(StreamsConfig.APPLICATION_ID_CONFIG, "timebank-test");
        properties.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        properties.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        properties.put(StreamsConfig.STATE_DIR_CONFIG, stateDirectory.toString());
        LedgerRecordFailures.install(properties, settings, setAside);
        driver = new TopologyTestDriver(LedgerTopology.build(settings), properties, NOW);
        LedgerTopics topics = settings.topics();
        activities = driver.createInputTopic(topics.activities(), new ByteArraySerializer(), new ByteArraySerializer());
        commands = driver.createInputTopic(topics.commands(), new ByteArraySerializer(), new ByteArraySerializer());
        ledger = driver.createOutputTopic(topics.ledger(), new StringDeserializer(),
            new org.apache.kafka.common.serialization.ByteArrayDeserializer());
        deadLetters = driver.createOutputTopic(topics.deadLetter(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    static byte[] activityJson(String eventId, String platform, String account, Instant at, double i, double o, double e) {
        return ActivityCodec.encodeJson(new ActivityJson(eventId, platform, account, at.toString(),
            new ActivityJson.MeasuresJson(i, o, e), null, null));
    }

    void sendActivity(String eventId, String account, Instant at, double i, double o, double e) {
        activities.pipeInput(account.getBytes(StandardCharsets.UTF_8), activityJson(eventId, "forum", account, at, i, o, e));
    }

    void sendRaw(byte[] value) {
        activities.pipeInput((byte[]) null, value);
    }

    void transfer(String commandId, String from, String to, String amount) {
        send(new LedgerCommand.Transfer(CommandId.of(commandId), AccountId.of(from), AccountId.of(to), Asset.ATTENTION,
            Amount.parse(amount), "", NOW));
    }

    void send(LedgerCommand command) {
        commands.pipeInput(command.account().value().getBytes(StandardCharsets.UTF_8), commandCodec.encode(command));
    }

    Account account(String id) {
        byte[] stored = driver.<String, byte[]>getKeyValueStore(LedgerStores.ACCOUNTS).get(id);
        return stored == null ? null : StateCodec.decodeAccount(stored);
    }

    Amount balance(String id, Instant at) {
        return account(id).balance(Asset.ATTENTION, at, settings.decay());
    }

    /** The outcome of {@code sender}'s command {@code commandId}. */
    CommandOutcomeRecord outcome(String sender, String commandId) {
        return driver.<String, CommandOutcomeRecord>getKeyValueStore(LedgerStores.COMMAND_OUTCOMES)
            .get(new CommandKey(AccountId.of(sender), CommandId.of(commandId)).value());
    }

    /** The events written to the ledger topic since the last call. */
    List<LedgerEvent> bookedEvents() {
        List<byte[]> read = ledger.readValuesToList();
        written.addAll(read);
        return read.stream().map(events::decode).toList();
    }

    /** Every record read from the ledger topic so far, as written (with its place in its account's hash chain). */
    List<byte[]> bookedRecords() {
        return List.copyOf(written);
    }

    /** The rebuild topology under its own driver (state in {@code stateDirectory}), after folding every record read so far. */
    TopologyTestDriver rebuilt(Path stateDirectory) {
        return rebuilt(stateDirectory, written);
    }

    List<TestRecord<byte[], byte[]>> deadLetterRecords() {
        return deadLetters.readRecordsToList();
    }

    /** The rebuild topology under its own driver (state in {@code stateDirectory}), after folding {@code records}. */
    static TopologyTestDriver rebuilt(Path stateDirectory, List<byte[]> records) {
        Properties properties = new Properties();
        properties.put(StreamsConfig.APPLICATION_ID_CONFIG, "timebank-rebuild-test");
        properties.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        properties.put(StreamsConfig.STATE_DIR_CONFIG, stateDirectory.toString());
        LedgerSettings settings = LedgerSettings.defaults("test.");
        TopologyTestDriver rebuild = new TopologyTestDriver(RebuildTopology.build(settings), properties, NOW);
        TestInputTopic<String, byte[]> ledger = rebuild.createInputTopic(settings.topics().ledger(),
            new StringSerializer(), new org.apache.kafka.common.serialization.ByteArraySerializer());
        LedgerEventCodec codec = new LedgerEventCodec();
        records.forEach(record -> ledger.pipeInput(codec.decode(record).account().value(), record));
        return rebuild;
    }

    /** The keys {@code store} holds, in order. */
    static List<String> keys(org.apache.kafka.streams.state.KeyValueStore<String, byte[]> store) {
        List<String> keys = new java.util.ArrayList<>();
        try (org.apache.kafka.streams.state.KeyValueIterator<String, byte[]> each = store.all()) {
            each.forEachRemaining(entry -> keys.add(entry.key));
        }
        return keys;
    }

    void settleFees() {
        driver.advanceWallClockTime(settings.feeSettlementInterval().plus(Duration.ofMillis(1)));
    }

    @Override
    public void close() {
        driver.close();
    }
}
