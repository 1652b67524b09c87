package io.timebank.stream;

import io.timebank.ledger.Activity;
import io.timebank.ledger.InputLimits;
import io.timebank.ledger.CommandKey;
import io.timebank.ledger.LedgerCommand;
import io.timebank.ledger.StandingOrder;
import io.timebank.ledger.TwoPhaseTransfers;
import io.timebank.ledger.Validated;
import io.timebank.schemas.ActivityCodec;
import io.timebank.schemas.CommandJson;
import io.timebank.schemas.LedgerCommandCodec;
import io.timebank.schemas.UndecodableRecordException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.common.utils.Utils;

/**
 * Decodes and checks one raw input record against the bank's clock: a good one goes on to its
 * account's partition, a bad one to the dead-letter topic, as it arrived, with the reason.
 */
final class InputDecoder implements FixedKeyProcessor<byte[], byte[], Checked> {

    /** Turns raw bytes into a routed value, or says what is wrong. */
    @FunctionalInterface
    interface Check {
        /** @throws UndecodableRecordException for bytes that cannot be read at all */
        Checked check(byte[] value, Instant now);
    }

    private final Check check;
    private final int partitions;
    private FixedKeyProcessorContext<byte[], Checked> context;
    private LedgerObserver observer = LedgerObserver.NONE;

    /** @param partitions how many partitions the ledger's accounts are spread over */
    InputDecoder(Check check, int partitions) {
        this.check = check;
        this.partitions = partitions;
    }

    /** The partition Kafka's default partitioner gives a record keyed by {@code account}: where its account lives. */
    static int partitionOf(String account, int partitions) {
        return Utils.toPositive(Utils.murmur2(account.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    /** Activities: Avro or JSON, every field validated. */
    static Check activities(InputLimits limits) {
        ActivityCodec codec = new ActivityCodec();
        return (value, now) -> switch (Activity.validate(codec.decode(value), now, limits)) {
            case Validated.Valid<Activity> valid ->
                new Checked.Good(valid.value().account().value(), new LedgerInput.Arrived(valid.value(), value));
            case Validated.Invalid<Activity> invalid -> new Checked.Bad(invalid.reason(), value);
        };
    }

    /**
     * Commands, in Avro (the API's) or JSON ({@link CommandJson}): decoded and their time checked. Their other rules (amounts, funds, accounts) are the
     * ledger's to decide, and a refusal there is a ledger event, not bad input.
     */
    static Check commands(InputLimits limits) {
        LedgerCommandCodec codec = new LedgerCommandCodec();
        return (value, now) -> {
            if (LedgerCommandCodec.isJson(value)) {
                // A client without Avro: accepted now, as the API accepts a request, and carried on in Avro.
                return switch (CommandJson.read(value).validate(now, limits)) {
                    case Validated.Valid<? extends LedgerCommand> valid -> new Checked.Good(valid.value().account().value(),
                        new LedgerInput.Command(valid.value(), codec.encode(valid.value())));
                    case Validated.Invalid<? extends LedgerCommand> invalid -> new Checked.Bad(invalid.reason(), value);
                };
            }
            LedgerCommand command = codec.decode(value);
            CommandKey key = CommandKey.of(command)
                .orElseThrow(() -> new UndecodableRecordException("a deposit is not a command"));
            // A cancellation's, withdrawal's, posting's or void's id is the bank's form <order>::cancel,
            // <deposit>::withdraw, <transfer>::post, <transfer>::void, one each; any other command's is the client's.
            if (command instanceof LedgerCommand.PostTransfer post
                && !post.id().equals(TwoPhaseTransfers.postId(post.transfer()))
                || command instanceof LedgerCommand.VoidTransfer cancel
                && !cancel.id().equals(TwoPhaseTransfers.voidId(cancel.transfer()))) {
                return new Checked.Bad("commandId: must be <transfer>::post or <transfer>::void, was " + key.id(), value);
            }
            if (!(command instanceof LedgerCommand.CancelStandingOrder || command instanceof LedgerCommand.WithdrawTermDeposit
                || command instanceof LedgerCommand.PostTransfer || command instanceof LedgerCommand.VoidTransfer)
                && !key.id().isClients()) {
                return new Checked.Bad("commandId: must not contain '" + StandingOrder.OCCURRENCE_SEPARATOR
                    + "': the bank keeps it for the occurrences of standing orders", value);
            }
            Optional<String> timeProblem = limits.eventTimeProblem(command.at(), now);
            return timeProblem.<Checked>map(problem -> new Checked.Bad("acceptedAt: " + problem, value))
                .orElseGet(() -> new Checked.Good(command.account().value(), new LedgerInput.Command(command, value)));
        };
    }

    @Override
    public void init(FixedKeyProcessorContext<byte[], Checked> context) {
        this.context = context;
        this.observer = LedgerObserver.in(context.appConfigs());
    }

    @Override
    public void process(FixedKeyRecord<byte[], byte[]> record) {
        Checked checked;
        String stage = "invalid";
        try {
            checked = check.check(record.value(), Instant.ofEpochMilli(context.currentSystemTimeMs()));
        } catch (UndecodableRecordException undecodable) {
            checked = new Checked.Bad(undecodable.getMessage(), record.value());
            stage = "undecodable";
        }
        if (checked instanceof Checked.Good good) {
            int partition = context.recordMetadata().map(RecordMetadata::partition).orElse(-1);
            checked = good.placed(partition == partitionOf(good.account(), partitions));
        }
        FixedKeyRecord<byte[], Checked> next = record.withValue(checked);
        if (checked instanceof Checked.Bad bad) {
            observer.deadLetter(stage, bad.reason());
            next = next.withHeaders(DeadLetter.headers(record.headers(), stage, bad.reason(),
                context.recordMetadata().orElse(null)));
        }
        context.forward(next);
    }
}
