package io.timebank.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.timebank.ledger.ActivityInput;
import io.timebank.schemas.avro.ActivityEvent;
import io.timebank.schemas.avro.RawMeasures;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.junit.jupiter.api.Test;

class ActivityCodecTest {

    static final Instant AT = Instant.parse("2026-01-01T01:00:00Z");
    final ActivityCodec codec = new ActivityCodec();

    @Test
    void aRecordWrittenWithVersionOneIsReadByTheCurrentSchema() throws Exception {
        Schema v1 = AvroSerde.history(ActivityEvent.class).getFirst();
        GenericRecord measures = new GenericData.Record(v1.getField("measures").schema());
        measures.put("interaction", 4.0);
        measures.put("originality", 2.0);
        measures.put("engagement", 4.0);
        GenericRecord old = new GenericData.Record(v1);
        old.put("eventId", "e-1");
        old.put("platform", "forum");
        old.put("account", "alice");
        old.put("occurredAt", AT.toEpochMilli());
        old.put("measures", measures);
        ByteBuffer written = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), v1).encode(old);
        byte[] bytes = new byte[written.remaining()];
        written.get(bytes);

        assertThat(SchemaFingerprint.of(v1)).isNotEqualTo(SchemaFingerprint.of(ActivityEvent.getClassSchema()));
        ActivityInput input = codec.decode(bytes);

        assertThat(input).isEqualTo(new ActivityInput("e-1", "forum", "alice", AT, 4.0, 2.0, 4.0, null, Map.of()));
    }

    @Test
    void aCurrentAvroRecordRoundTrips() {
        ActivityEvent event = new ActivityEvent("e-2", "forum", "bob", AT, new RawMeasures(1.5, 2.0, 0.25), "post",
            Map.of("thread", "42"));

        ActivityInput input = codec.decode(codec.encode(event));

        assertThat(input).isEqualTo(new ActivityInput("e-2", "forum", "bob", AT, 1.5, 2.0, 0.25, "post",
            Map.of("thread", "42")));
    }

    @Test
    void jsonActivitiesAreReadLikeAvroOnes() {
        String json = """
            {"eventId": "e-3", "platform": "forum", "account": "carol", "occurredAt": "2026-01-01T01:00:00Z",
             "measures": {"interaction": 4, "originality": 2, "engagement": 4}}
            """;

        ActivityInput input = codec.decode(json.getBytes(StandardCharsets.UTF_8));

        assertThat(input).isEqualTo(new ActivityInput("e-3", "forum", "carol", AT, 4.0, 2.0, 4.0, null, null));
    }

    @Test
    void theKafkaSerdeWritesJsonAndReadsItBack() {
        ActivityInput input = new ActivityInput("e-8", "forum", "frank", AT, 3.0, 0.5, 7.25, "reply", Map.of("k", "v"));

        byte[] bytes = codec.serializer().serialize("activities", input);

        assertThat((char) bytes[0]).isEqualTo('{');
        assertThat(codec.deserializer().deserialize("activities", bytes)).isEqualTo(input);
    }

    @Test
    void jsonMissingFieldsArriveAsMissingForValidationToName() {
        ActivityInput input = codec.decode("{\"eventId\": \"e-4\"}".getBytes(StandardCharsets.UTF_8));

        assertThat(input.platform()).isNull();
        assertThat(input.interaction()).isNull();
    }

    @Test
    void anUnknownJsonFieldIsNamed() {
        byte[] bytes = "{\"eventId\": \"e-5\", \"interction\": 3}".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> codec.decode(bytes))
            .isInstanceOf(UndecodableRecordException.class)
            .hasMessageStartingWith("interction: ");
    }

    @Test
    void aMeasureOfTheWrongTypeIsNamedByItsPath() {
        byte[] bytes = "{\"measures\": {\"interaction\": [1]}}".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> codec.decode(bytes))
            .isInstanceOf(UndecodableRecordException.class)
            .hasMessageStartingWith("measures.interaction: ");
    }

    @Test
    void aTimestampThatIsNotAnInstantIsNamed() {
        byte[] bytes = "{\"occurredAt\": \"yesterday\"}".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> codec.decode(bytes))
            .isInstanceOf(UndecodableRecordException.class)
            .hasMessageStartingWith("occurredAt: must be an ISO-8601 instant");
    }

    @Test
    void malformedJsonIsUndecodable() {
        assertThatThrownBy(() -> codec.decode("{\"eventId\": ".getBytes(StandardCharsets.UTF_8)))
            .isInstanceOf(UndecodableRecordException.class)
            .hasMessageStartingWith("malformed JSON");
    }

    @Test
    void garbageBytesAreUndecodable() {
        assertThatThrownBy(() -> codec.decode(new byte[] {0x00, 0x01, 0x02}))
            .isInstanceOf(UndecodableRecordException.class)
            .hasMessageContaining("neither Avro single-object encoding nor a JSON object");
    }

    @Test
    void anUnknownSchemaFingerprintIsUndecodable() {
        byte[] bytes = codec.encode(new ActivityEvent("e-6", "forum", "dave", AT, new RawMeasures(1.0, 1.0, 1.0),
            null, Map.of()));
        bytes[5] ^= 0x5A; // corrupt the fingerprint

        assertThatThrownBy(() -> codec.decode(bytes))
            .isInstanceOf(UndecodableRecordException.class)
            .hasMessageStartingWith("unknown Avro schema for ActivityEvent");
    }

    @Test
    void aTruncatedAvroBodyIsUndecodable() {
        byte[] bytes = codec.encode(new ActivityEvent("e-7", "forum", "erin", AT, new RawMeasures(1.0, 1.0, 1.0),
            null, Map.of()));
        byte[] truncated = java.util.Arrays.copyOf(bytes, 14);

        assertThatThrownBy(() -> codec.decode(truncated))
            .isInstanceOf(UndecodableRecordException.class)
            .hasMessageStartingWith("corrupt Avro ActivityEvent");
    }

    @Test
    void anOversizedRecordIsRejectedBeforeParsing() {
        byte[] bytes = new byte[ActivityCodec.RECORD_SIZE_MAX + 1];
        bytes[0] = '{';

        assertThatThrownBy(() -> codec.decode(bytes))
            .isInstanceOf(UndecodableRecordException.class)
            .hasMessageContaining("above the maximum");
    }
}
