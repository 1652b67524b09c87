package io.timebank.stream;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.errors.ProcessorStateException;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * No single record can stop the ledger. A record whose handling throws anyway — a bug nobody has
 * found yet — is set aside: its original bytes go to the dead-letter topic with the exception and
 * the stage (the processor that threw) in headers, it is counted ({@link SetAsideRecords}, shown
 * by health and metrics), and the stream goes on with the next record. The ledger processor
 * computes everything before it writes anything, so a record that throws leaves nothing behind in
 * a store.
 *
 * <p>Failures of Kafka itself (a broker gone mid-transaction, a fenced producer) are not the
 * record's fault: they fail the stream thread as before, and {@link LedgerApplication} replaces it
 * so that exactly-once holds.
 */
public final class LedgerRecordFailures implements ProcessingExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(LedgerRecordFailures.class);

    /** The stage header of a set-aside record starts with this, then the processor's name. */
    public static final String STAGE = "set-aside";

    private String deadLetterTopic;
    private SetAsideRecords setAside;
    private LedgerObserver observer = LedgerObserver.NONE;

    /** Makes Kafka Streams set failing records aside onto {@code settings}' dead-letter topic, counted in {@code setAside}. */
    public static void install(Properties streamsProperties, LedgerSettings settings, SetAsideRecords setAside) {
        streamsProperties.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, LedgerRecordFailures.class);
        streamsProperties.put(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, settings.topics().deadLetter());
        streamsProperties.put(SetAsideRecords.CONFIG, setAside);
    }

    @Override
    public void configure(Map<String, ?> configs) {
        Object topic = configs.get(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG);
        if (topic == null) {
            throw new IllegalArgumentException(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG + " is required");
        }
        deadLetterTopic = topic.toString();
        setAside = configs.get(SetAsideRecords.CONFIG) instanceof SetAsideRecords given ? given : new SetAsideRecords();
        observer = LedgerObserver.in(configs);
    }

    /**
     * The processors where a record may be set aside: each computes everything before it writes, so a
     * failure there leaves nothing behind. Anywhere else (a sink, a step after the ledger wrote its
     * stores) the stream thread fails instead, and exactly-once rolls the record back.
     */
    static final Set<String> SAFE_TO_SET_ASIDE = Set.of("decode-activity", "decode-command", "encode-activity",
        "encode-command", "read-activity", "read-command", "read-transit", "read-supply", "ledger", "fold-outcome");

    @Override
    public Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
        if (isKafkaFailure(exception) || !SAFE_TO_SET_ASIDE.contains(context.processorNodeId())) {
            return Response.fail();
        }
        String stage = STAGE + ":" + context.processorNodeId();
        String reason = "processing failed: " + exception;
        LOG.error("set aside the record at {}-{}@{} ({}): it goes to {} and the ledger goes on", context.topic(),
            context.partition(), context.offset(), stage, deadLetterTopic, exception);
        setAside.record(stage, reason);
        observer.deadLetter(stage, reason);
        Headers headers = DeadLetter.headers(context.headers(), stage, reason, context.topic(), context.partition(),
            context.offset());
        headers.add(DeadLetter.EXCEPTION, exception.getClass().getName().getBytes(StandardCharsets.UTF_8));
        return Response.resume(List.of(new ProducerRecord<>(deadLetterTopic, null, context.sourceRawKey(),
            context.sourceRawValue(), headers)));
    }

    /**
     * Whether the root cause is Kafka's own (and not a record Kafka could not read, which is the
     * record's); a failing state store (a full disk, a broken RocksDB) is never a record's fault either.
     */
    static boolean isKafkaFailure(Throwable failure) {
        Throwable root = failure;
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof ProcessorStateException) {
                return true;
            }
            root = cause;
        }
        return root instanceof KafkaException && !(root instanceof org.apache.kafka.common.errors.SerializationException)
            && !(root instanceof StreamsException);
    }
}
