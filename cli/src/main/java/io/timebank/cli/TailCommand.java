package io.timebank.cli;

import io.timebank.ledger.Ledger;
import io.timebank.ledger.LedgerEvent;
import io.timebank.schemas.LedgerEventCodec;
import io.timebank.schemas.UndecodableRecordException;
import io.timebank.stream.CommittedReader;
import io.timebank.stream.DeadLetter;
import io.timebank.stream.LedgerSettings;
import java.io.PrintWriter;
import java.lang.reflect.RecordComponent;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "tail", mixinStandardHelpOptions = true,
    description = "Print the ledger topic's events as readable lines (or the dead-letter topic's records with their "
        + "reasons), partition by partition: all of them or the last N, of every account or one; with --follow, "
        + "then each new one as it is committed, until interrupted.")
final class TailCommand implements Callable<Integer> {

    /** How long one poll waits for records. */
    private static final Duration POLL = Duration.ofMillis(500);

    /** The longest value of a dead letter printed as text. */
    private static final int DEAD_LETTER_TEXT_MAX = 300;

    /** Which balance an event moves, by how much: the ledger's own rule (its fee settings play no part in it). */
    private static final Ledger LEDGER = LedgerSettings.defaults("timebank.").ledger();

    @Option(names = "--bootstrap-servers", required = true, defaultValue = "${env:TIMEBANK_BOOTSTRAP_SERVERS}",
        description = "The Kafka cluster (default: TIMEBANK_BOOTSTRAP_SERVERS; the laptop run's broker is 127.0.0.1:9092).")
    String bootstrapServers;

    @Option(names = "--topic-prefix", defaultValue = "timebank.", description = "The bank's topic prefix (default: ${DEFAULT-VALUE}).")
    String topicPrefix;

    @Option(names = "--dead-letters", description = "Read the dead-letter topic instead: each record's stage, reason, "
        + "where it came from and its bytes.")
    boolean deadLetters;

    @Option(names = "--account", description = "Only this account's events (read from its partition).")
    String account;

    @Option(names = "--last", description = "Only the last N of the records there now (default: all).")
    Integer last;

    @Option(names = "--follow", description = "Keep printing new records as they are committed, until interrupted.")
    boolean follow;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final LedgerEventCodec events = new LedgerEventCodec();

    @Override
    public Integer call() {
        if (last != null && last < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--last must be at least 1, was " + last);
        }
        LedgerSettings settings = LedgerSettings.defaults(topicPrefix);
        String topic = deadLetters ? settings.topics().deadLetter() : settings.topics().ledger();
        PrintWriter out = spec.commandLine().getOut();
        try (KafkaConsumer<String, byte[]> consumer = CommittedReader.open(bootstrapServers, Map.of())) {
            List<TopicPartition> partitions = new ArrayList<>();
            List<TopicPartition> all = CommittedReader.partitions(consumer, topic, " at " + bootstrapServers);
            // An account's records are all on one partition, the one Kafka's default partitioner gives its key.
            int accounts = account == null ? -1
                : Utils.toPositive(Utils.murmur2(account.getBytes(StandardCharsets.UTF_8))) % all.size();
            all.stream().filter(partition -> account == null || partition.partition() == accounts).forEach(partitions::add);
            consumer.assign(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            consumer.seekToBeginning(partitions);
            // The records there now, the last N of them kept when asked; then, following, each new one.
            ArrayDeque<String> lines = new ArrayDeque<>();
            while (partitions.stream().anyMatch(partition -> consumer.position(partition) < ends.get(partition))) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                    if (record.offset() < ends.get(new TopicPartition(record.topic(), record.partition()))
                        && (account == null || account.equals(record.key()))) {
                        String line = printable(deadLetters ? deadLetter(record) : event(record));
                        if (last == null) {
                            out.println(line); // all of them: printed as read, nothing held
                        } else {
                            lines.addLast(line);
                            if (lines.size() > last) {
                                lines.removeFirst();
                            }
                        }
                    }
                }
            }
            lines.forEach(out::println);
            out.flush();
            while (follow) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                    if (record.offset() >= ends.get(new TopicPartition(record.topic(), record.partition()))
                        && (account == null || account.equals(record.key()))) {
                        out.println(printable(deadLetters ? deadLetter(record) : event(record)));
                    }
                }
                out.flush();
            }
        }
        return 0;
    }

    /** {@code line} with control characters (a terminal's escapes, from a client's text) shown as \\uXXXX. */
    static String printable(String line) {
        StringBuilder shown = new StringBuilder(line.length());
        line.chars().forEach(character -> {
            if (character < 0x20 || character == 0x7f) {
                shown.append(String.format("\\u%04x", character));
            } else {
                shown.append((char) character);
            }
        });
        return shown.toString();
    }

    /** A ledger event: where, when, whose, what, the balances it moves, and its particulars. */
    private String event(ConsumerRecord<String, byte[]> record) {
        String where = record.partition() + "@" + record.offset();
        LedgerEvent event;
        try {
            event = events.decode(record.value());
        } catch (UndecodableRecordException unreadable) {
            return where + "  " + record.key() + "  (not a ledger event: " + unreadable.getMessage() + ")";
        }
        String moves = postings(event);
        return String.join("  ", where, event.at().toString(), record.key(), event.getClass().getSimpleName(),
            moves.isEmpty() ? "-" : moves, particulars(event));
    }

    private static String postings(LedgerEvent event) {
        return LEDGER.postings(event).stream().map(posting -> posting.asset() + " " + posting.amount())
            .collect(Collectors.joining(", "));
    }

    /** The event's fields other than its account and time, as name=value. */
    private static String particulars(LedgerEvent event) {
        List<String> fields = new ArrayList<>();
        for (RecordComponent component : event.getClass().getRecordComponents()) {
            String name = component.getName();
            if (name.equals("account") || name.equals("at")) {
                continue;
            }
            Object value;
            try {
                value = component.getAccessor().invoke(event);
            } catch (ReflectiveOperationException unreadable) {
                continue;
            }
            if (value != null && !(value instanceof String text && text.isEmpty())) {
                fields.add(name + "=" + readable(value));
            }
        }
        return String.join(" ", fields);
    }

    /** Ids and amounts print as their values (CommandId[value=t-1] as t-1). */
    private static String readable(Object value) {
        if (value instanceof Record record && record.getClass().getRecordComponents().length == 1) {
            try {
                return String.valueOf(record.getClass().getRecordComponents()[0].getAccessor().invoke(record));
            } catch (ReflectiveOperationException unreadable) {
                return value.toString();
            }
        }
        return value.toString();
    }

    private static String deadLetter(ConsumerRecord<String, byte[]> record) {
        String stage = DeadLetter.header(record.headers(), DeadLetter.STAGE);
        String reason = DeadLetter.header(record.headers(), DeadLetter.REASON);
        String source = DeadLetter.header(record.headers(), DeadLetter.SOURCE_TOPIC) + "-"
            + DeadLetter.header(record.headers(), DeadLetter.SOURCE_PARTITION) + "@"
            + DeadLetter.header(record.headers(), DeadLetter.SOURCE_OFFSET);
        return String.join("  ", record.partition() + "@" + record.offset(), "stage=" + stage, "from=" + source,
            "reason=" + reason, "value=" + text(record.value()));
    }

    /** The bytes as text when they are UTF-8 (a JSON activity), else their length (Avro). */
    private static String text(byte[] value) {
        if (value == null) {
            return "(none)";
        }
        try {
            String text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(value)).toString();
            boolean printable = text.chars().allMatch(character -> character >= 0x20 || character == '\t');
            if (printable) {
                return text.length() <= DEAD_LETTER_TEXT_MAX ? text : text.substring(0, DEAD_LETTER_TEXT_MAX) + "…";
            }
        } catch (CharacterCodingException notText) {
            // binary: Avro
        }
        return "(" + value.length + " bytes, binary)";
    }
}
