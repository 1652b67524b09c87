package io.timebank.stream;

import io.timebank.ledger.Account;
import io.timebank.ledger.Ledger;
import io.timebank.ledger.LedgerEvent;
import io.timebank.schemas.AvroSerde;
import io.timebank.schemas.LedgerEventCodec;
import io.timebank.schemas.StateCodec;
import io.timebank.schemas.avro.CommandOutcomeRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Rebuilds the derived state from the ledger topic alone: every account (bit for bit: each
 * account's events are folded in the order they were booked) and every command outcome. Run it
 * under its own application id to verify the live stores, or to recover them.
 *
 * <p>Not rebuilt: de-duplication ids and fee accruals in flight (at most one settlement interval
 * of fees per partition), which are operational state rather than balances.
 */
public final class RebuildTopology {

    private RebuildTopology() {
    }

    public static Topology build(LedgerSettings settings) {
        StreamsBuilder builder = new StreamsBuilder();
        LedgerEventCodec events = new LedgerEventCodec();
        builder.addStateStore(LedgerStores.keyValue(LedgerStores.ACCOUNTS));

        KStream<String, LedgerEvent> ledger = builder.stream(settings.topics().ledger(),
            Consumed.with(Serdes.String(), events).withName("ledger-source"));
        ledger.process(() -> new AccountFold(settings.ledger()), Named.as("fold-account"), LedgerStores.ACCOUNTS);
        ledger
            .filter((account, event) -> CommandOutcomes.commandId(event) != null, Named.as("command-events"))
            .selectKey((account, event) -> CommandOutcomes.commandId(event), Named.as("key-by-command"))
            .groupByKey(Grouped.with("outcomes-by-command", Serdes.String(), events))
            .aggregate(CommandOutcomes::none, CommandOutcomes::fold, Named.as("fold-outcome"),
                Materialized.<String, CommandOutcomeRecord, KeyValueStore<Bytes, byte[]>>as(LedgerStores.COMMAND_OUTCOMES)
                    .withKeySerde(Serdes.String()).withValueSerde(new AvroSerde<>(CommandOutcomeRecord.class)));
        return builder.build();
    }

    /** Folds each event into its account with the same rule the live ledger used. */
    static final class AccountFold implements Processor<String, LedgerEvent, Void, Void> {

        private final Ledger ledger;
        private KeyValueStore<String, byte[]> accounts;

        AccountFold(Ledger ledger) {
            this.ledger = ledger;
        }

        @Override
        public void init(ProcessorContext<Void, Void> context) {
            accounts = context.getStateStore(LedgerStores.ACCOUNTS);
        }

        @Override
        public void process(Record<String, LedgerEvent> record) {
            byte[] stored = accounts.get(record.key());
            Account next = ledger.apply(stored == null ? null : StateCodec.decodeAccount(stored), record.value());
            if (next != null) {
                accounts.put(record.key(), StateCodec.encodeAccount(next));
            }
        }
    }
}
