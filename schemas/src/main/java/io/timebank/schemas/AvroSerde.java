package io.timebank.schemas;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.message.BadHeaderException;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.MissingSchemaException;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A Kafka serde for a generated Avro class in Avro's single-object encoding: a two-byte marker,
 * the writer schema's 64-bit fingerprint, then Avro binary. No registry is needed: the reader
 * knows the current schema and every released version shipped under {@code avro-history/}, and
 * resolves old records to the current schema.
 */
public final class AvroSerde<T extends SpecificRecord> implements Serde<T> {

    /** The two bytes every single-object-encoded record starts with. */
    static final byte[] MARKER = {(byte) 0xC3, 0x01};
    static final int HEADER_LENGTH = 10;

    private final Class<T> type;
    private final BinaryMessageEncoder<T> encoder;
    private final BinaryMessageDecoder<T> decoder;

    public AvroSerde(Class<T> type) {
        this.type = type;
        Schema schema = SpecificData.get().getSchema(type);
        SpecificData model = SpecificData.getForClass(type);
        this.encoder = new BinaryMessageEncoder<>(model, schema);
        this.decoder = new BinaryMessageDecoder<>(model, schema);
        for (Schema older : history(type)) {
            decoder.addSchema(older);
        }
    }

    public byte[] encode(T record) {
        try {
            ByteBuffer buffer = encoder.encode(record);
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        } catch (IOException | AvroRuntimeException failure) {
            throw new IllegalArgumentException("cannot encode " + type.getSimpleName() + ": " + failure.getMessage(), failure);
        }
    }

    /** Decodes one record, or throws {@link UndecodableRecordException} saying why. */
    public T decode(byte[] bytes) {
        if (bytes == null || bytes.length < HEADER_LENGTH) {
            throw new UndecodableRecordException("not an Avro single-object record: "
                + (bytes == null ? "no bytes" : bytes.length + " bytes, shorter than the 10-byte header"));
        }
        try {
            return decoder.decode(bytes);
        } catch (BadHeaderException badHeader) {
            throw new UndecodableRecordException("not an Avro single-object record: bad header", badHeader);
        } catch (MissingSchemaException unknown) {
            throw new UndecodableRecordException("unknown Avro schema for " + type.getSimpleName() + ": "
                + unknown.getMessage(), unknown);
        } catch (IOException | AvroRuntimeException | IndexOutOfBoundsException | NegativeArraySizeException corrupt) {
            throw new UndecodableRecordException("corrupt Avro " + type.getSimpleName() + ": " + corrupt, corrupt);
        }
    }

    static boolean looksLikeSingleObject(byte[] bytes) {
        return bytes != null && bytes.length >= HEADER_LENGTH && bytes[0] == MARKER[0] && bytes[1] == MARKER[1];
    }

    /** The fingerprints of {@code type}'s current schema and of every released one. */
    static Set<Long> fingerprints(Class<?> type) {
        Set<Long> fingerprints = new HashSet<>();
        fingerprints.add(SchemaNormalization.parsingFingerprint64(SpecificData.get().getSchema(type)));
        history(type).forEach(schema -> fingerprints.add(SchemaNormalization.parsingFingerprint64(schema)));
        return Set.copyOf(fingerprints);
    }

    /** Released writer schemas of {@code type}, oldest first: avro-history/{Name}-v1.avsc, -v2.avsc … until one is missing. */
    static List<Schema> history(Class<?> type) {
        List<Schema> schemas = new ArrayList<>();
        for (int version = 1; ; version++) {
            String resource = "/avro-history/" + type.getSimpleName() + "-v" + version + ".avsc";
            try (InputStream in = AvroSerde.class.getResourceAsStream(resource)) {
                if (in == null) {
                    return schemas;
                }
                schemas.add(new Schema.Parser().parse(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
            } catch (IOException unreadable) {
                throw new UncheckedIOException("cannot read " + resource, unreadable);
            }
        }
    }

    @Override
    public Serializer<T> serializer() {
        return (topic, record) -> record == null ? null : encode(record);
    }

    @Override
    public Deserializer<T> deserializer() {
        return (topic, bytes) -> bytes == null ? null : decode(bytes);
    }
}
