package io.timebank.schemas;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.timebank.ledger.AccountId;
import io.timebank.ledger.Activity;
import io.timebank.ledger.ActivityId;
import io.timebank.ledger.Measure;
import io.timebank.ledger.Measures;
import io.timebank.ledger.PlatformId;
import io.timebank.ledger.ActivityInput;
import io.timebank.schemas.avro.ActivityEvent;
import io.timebank.schemas.avro.RawMeasures;
import java.io.IOException;
import java.util.HashMap;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import java.util.stream.Collectors;

/**
 * Reads the activities topic, where a record is either Avro (single-object encoding) or JSON:
 * the first bytes tell which. Both become the same {@link ActivityInput} for validation.
 */
public final class ActivityCodec implements Serde<ActivityInput> {

    /** The largest activity record read, in bytes: anything bigger is bad input, not an activity. */
    public static final int RECORD_SIZE_MAX = 64 * 1024;

    public static final ObjectMapper JSON = JsonMapper.builder()
        .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .build();

    static {
        JSON.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
            .maxNestingDepth(16).maxStringLength(RECORD_SIZE_MAX).maxNumberLength(64).build());
    }

    private final AvroSerde<ActivityEvent> avro = new AvroSerde<>(ActivityEvent.class);

    /** @throws UndecodableRecordException with the reason, for bytes that are neither */
    public ActivityInput decode(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            throw new UndecodableRecordException("empty record: expected an Avro or JSON activity");
        }
        if (bytes.length > RECORD_SIZE_MAX) {
            throw new UndecodableRecordException("record of " + bytes.length + " bytes is above the maximum of "
                + RECORD_SIZE_MAX);
        }
        if (AvroSerde.looksLikeSingleObject(bytes)) {
            return fromAvro(avro.decode(bytes));
        }
        if (firstNonBlank(bytes) == '{') {
            return fromJson(bytes);
        }
        throw new UndecodableRecordException("neither Avro single-object encoding nor a JSON object");
    }

    public byte[] encode(ActivityEvent event) {
        return avro.encode(event);
    }

    /** The JSON form a non-Avro platform produces. */
    public static byte[] encodeJson(ActivityJson activity) {
        try {
            return JSON.writeValueAsBytes(activity);
        } catch (JsonProcessingException impossible) {
            throw new IllegalArgumentException("cannot write activity as JSON", impossible);
        }
    }

    /** Writes activities as JSON (what a platform without Avro sends); reads both Avro and JSON. */
    @Override
    public Serializer<ActivityInput> serializer() {
        return (topic, input) -> input == null ? null : encodeJson(new ActivityJson(input.eventId(), input.platform(),
            input.account(), input.occurredAt() == null ? null : input.occurredAt().toString(),
            new ActivityJson.MeasuresJson(input.interaction(), input.originality(), input.engagement()),
            input.kind(), input.metadata()));
    }

    @Override
    public Deserializer<ActivityInput> deserializer() {
        return (topic, bytes) -> bytes == null ? null : decode(bytes);
    }

    public static ActivityInput fromAvro(ActivityEvent event) {
        RawMeasures m = event.getMeasures();
        return new ActivityInput(event.getEventId(), event.getPlatform(), event.getAccount(), event.getOccurredAt(),
            m.getInteraction(), m.getOriginality(), m.getEngagement(), event.getKind(),
            event.getMetadata() == null ? null : new HashMap<>(event.getMetadata()));
    }

    /**
     * An activity this bank validated and wrote itself (the topology's internal topics): mapped back
     * without a second validation, which would judge its time against a later clock.
     */
    public static Activity toActivity(ActivityEvent event) {
        RawMeasures m = event.getMeasures();
        return new Activity(ActivityId.of(event.getEventId()), PlatformId.of(event.getPlatform()),
            AccountId.of(event.getAccount()), event.getOccurredAt(),
            new Measures(Measure.rounded(m.getInteraction()), Measure.rounded(m.getOriginality()),
                Measure.rounded(m.getEngagement())),
            event.getKind(), event.getMetadata() == null ? null : new HashMap<>(event.getMetadata()));
    }

    public byte[] encodeValidated(Activity activity) {
        return avro.encode(toAvro(activity));
    }

    public Activity decodeValidated(byte[] bytes) {
        return toActivity(avro.decode(bytes));
    }

    public static ActivityEvent toAvro(Activity activity) {
        return ActivityEvent.newBuilder()
            .setEventId(activity.id().value())
            .setPlatform(activity.platform().value())
            .setAccount(activity.account().value())
            .setOccurredAt(activity.occurredAt())
            .setMeasures(new RawMeasures(activity.measures().interaction().toDouble(),
                activity.measures().originality().toDouble(), activity.measures().engagement().toDouble()))
            .setKind(activity.kind())
            .setMetadata(new HashMap<>(activity.metadata()))
            .build();
    }

    static ActivityInput fromJson(byte[] bytes) {
        try {
            return JSON.readValue(bytes, ActivityJson.class).toInput();
        } catch (JsonMappingException mapping) {
            throw new UndecodableRecordException(path(mapping) + ": " + firstLine(mapping.getOriginalMessage()), mapping);
        } catch (JsonProcessingException malformed) {
            throw new UndecodableRecordException("malformed JSON: " + firstLine(malformed.getOriginalMessage()), malformed);
        } catch (IOException unreadable) {
            throw new UndecodableRecordException("unreadable JSON: " + unreadable.getMessage(), unreadable);
        }
    }

    /** The JSON path of a mapping error, e.g. "measures.interaction", as a client names fields. */
    public static String path(JsonMappingException mapping) {
        String path = mapping.getPath().stream()
            .map(reference -> reference.getFieldName() != null ? reference.getFieldName() : "[" + reference.getIndex() + "]")
            .collect(Collectors.joining("."));
        return path.isEmpty() ? "body" : path.replace(".[", "[");
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "invalid";
        }
        int newline = message.indexOf('\n');
        return ActivityJson.abbreviate(newline < 0 ? message : message.substring(0, newline));
    }

    static int firstNonBlank(byte[] bytes) {
        for (byte b : bytes) {
            if (!Character.isWhitespace(b)) {
                return b;
            }
        }
        return -1;
    }
}
