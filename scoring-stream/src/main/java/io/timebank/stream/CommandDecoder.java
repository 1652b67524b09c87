package io.timebank.stream;

import io.timebank.ledger.InputLimits;
import io.timebank.ledger.LedgerCommand;
import io.timebank.schemas.LedgerCommandCodec;
import io.timebank.schemas.UndecodableRecordException;
import java.time.Instant;
import java.util.Optional;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/**
 * Decodes a ledger command and checks its time; the rest of its rules (amounts, funds, accounts)
 * are the ledger's to decide, and a refusal there is a ledger event, not bad input.
 */
final class CommandDecoder implements FixedKeyProcessor<byte[], byte[], Checked> {

    private final LedgerCommandCodec codec = new LedgerCommandCodec();
    private final InputLimits limits;
    private FixedKeyProcessorContext<byte[], Checked> context;

    CommandDecoder(InputLimits limits) {
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
            LedgerCommand command = codec.decode(record.value());
            Optional<String> timeProblem = limits.eventTimeProblem(command.at(), now);
            if (timeProblem.isPresent()) {
                reject(record, "invalid", "acceptedAt: " + timeProblem.get());
            } else {
                context.forward(record.withValue(new Checked.Good(command.account().value(), record.value())));
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
