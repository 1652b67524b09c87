package io.timebank.stream;

import io.timebank.ledger.Activity;
import io.timebank.ledger.InputLimits;
import io.timebank.ledger.Validated;
import io.timebank.schemas.ActivityCodec;
import io.timebank.schemas.UndecodableRecordException;
import java.time.Instant;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/**
 * Decodes an activity (Avro or JSON) and validates it against the bank's clock: a good one goes on
 * to its account's partition, a bad one to the dead-letter topic with the field that is wrong.
 */
final class ActivityDecoder implements FixedKeyProcessor<byte[], byte[], Checked> {

    private final ActivityCodec codec = new ActivityCodec();
    private final InputLimits limits;
    private FixedKeyProcessorContext<byte[], Checked> context;

    ActivityDecoder(InputLimits limits) {
        this.limits = limits;
    }

    @Override
    public void init(FixedKeyProcessorContext<byte[], Checked> context) {
        this.context = context;
    }

    @Override
    public void process(FixedKeyRecord<byte[], byte[]> record) {
        Instant now = Instant.ofEpochMilli(context.currentSystemTimeMs());
        try {
            switch (Activity.validate(codec.decode(record.value()), now, limits)) {
                case Validated.Valid<Activity> valid -> context.forward(record.withValue(
                    new Checked.Good(valid.value().account().value(), codec.encodeValidated(valid.value()))));
                case Validated.Invalid<Activity> invalid -> reject(record, "invalid", invalid.reason());
            }
        } catch (UndecodableRecordException undecodable) {
            reject(record, "undecodable", undecodable.getMessage());
        }
    }

    private void reject(FixedKeyRecord<byte[], byte[]> record, String stage, String reason) {
        context.forward(record.withValue((Checked) new Checked.Bad(reason, record.value()))
            .withHeaders(DeadLetter.headers(record.headers(), stage, reason, context.recordMetadata().orElse(null))));
    }
}
