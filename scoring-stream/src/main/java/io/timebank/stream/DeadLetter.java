package io.timebank.stream;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * The dead-letter topic's contract: the original bytes as the value, the original key, and headers
 * saying why and where from. Nothing bad is dropped silently; nothing bad stops the stream.
 */
public final class DeadLetter {

    public static final String REASON = "timebank.dead-letter.reason";
    public static final String STAGE = "timebank.dead-letter.stage";
    public static final String SOURCE_TOPIC = "timebank.dead-letter.topic";
    public static final String SOURCE_PARTITION = "timebank.dead-letter.partition";
    public static final String SOURCE_OFFSET = "timebank.dead-letter.offset";
    /** On records set aside because their handling threw: the exception's class. */
    public static final String EXCEPTION = "timebank.dead-letter.exception";

    /** Reasons longer than this are cut: a header is not a log. */
    static final int REASON_LENGTH_MAX = 1_000;

    private DeadLetter() {
    }

    /** The record's own headers plus the dead-letter ones. */
    static Headers headers(Headers original, String stage, String reason, RecordMetadata source) {
        return source == null ? headers(original, stage, reason, null, -1, -1)
            : headers(original, stage, reason, source.topic(), source.partition(), source.offset());
    }

    /** The record's own headers plus the dead-letter ones; {@code sourceTopic} null when the source is not known. */
    static Headers headers(Headers original, String stage, String reason, String sourceTopic, int sourcePartition,
                           long sourceOffset) {
        RecordHeaders headers = new RecordHeaders(original == null ? new RecordHeaders().toArray() : original.toArray());
        String cut = reason.length() <= REASON_LENGTH_MAX ? reason : reason.substring(0, REASON_LENGTH_MAX) + "…";
        headers.add(REASON, cut.getBytes(StandardCharsets.UTF_8));
        headers.add(STAGE, stage.getBytes(StandardCharsets.UTF_8));
        if (sourceTopic != null) {
            headers.add(SOURCE_TOPIC, sourceTopic.getBytes(StandardCharsets.UTF_8));
            headers.add(SOURCE_PARTITION, Integer.toString(sourcePartition).getBytes(StandardCharsets.UTF_8));
            headers.add(SOURCE_OFFSET, Long.toString(sourceOffset).getBytes(StandardCharsets.UTF_8));
        }
        return headers;
    }

    public static String header(Headers headers, String name) {
        var header = headers.lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
