package io.timebank.stream;

import io.timebank.ledger.RateChanged;
import io.timebank.schemas.RateCodec;
import io.timebank.schemas.UndecodableRecordException;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the global rates store: every published rate under its sequence, and the latest under
 * {@link LedgerStores#CURRENT_RATE}. A record that is not a rate (the topic is the bank's own, but
 * anyone with write access could add one) is skipped with a warning: it cannot stop the ledger.
 */
final class PublishedRates implements Processor<String, byte[], Void, Void> {

    private static final Logger LOG = LoggerFactory.getLogger(PublishedRates.class);

    private KeyValueStore<String, byte[]> rates;

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        rates = context.getStateStore(LedgerStores.RATES);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        RateChanged changed;
        try {
            changed = record.value() == null ? null : RateCodec.decodeRate(record.value());
        } catch (UndecodableRecordException | IllegalArgumentException notARate) {
            LOG.warn("skipped a record on the rates topic that is not a rate: {}", notARate.getMessage());
            return;
        }
        if (changed == null) {
            return;
        }
        rates.put(LedgerStores.rateKey(changed.at().toEpochMilli(), changed.sequence()), record.value());
        byte[] current = rates.get(LedgerStores.CURRENT_RATE);
        if (current == null || RateCodec.decodeRate(current).sequence() <= changed.sequence()) {
            rates.put(LedgerStores.CURRENT_RATE, record.value());
        }
    }
}
