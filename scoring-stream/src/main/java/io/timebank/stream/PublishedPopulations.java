package io.timebank.stream;

import io.timebank.ledger.MeasureDistribution;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the global populations store: every partition's published counts per platform, dimension
 * and day; a tombstone drops a day. A record that is not a distribution is skipped with a warning,
 * so that it can neither stop the ledger nor reach a merge.
 */
final class PublishedPopulations implements Processor<String, byte[], Void, Void> {

    private static final Logger LOG = LoggerFactory.getLogger(PublishedPopulations.class);

    private KeyValueStore<String, byte[]> populations;

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        populations = context.getStateStore(LedgerStores.POPULATIONS);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        if (record.key() == null) {
            return;
        }
        if (record.value() == null) {
            populations.delete(record.key());
            return;
        }
        try {
            MeasureDistribution.decode(record.value());
        } catch (IllegalArgumentException notCounts) {
            LOG.warn("skipped a record on the populations topic that is not a distribution: {}", notCounts.getMessage());
            return;
        }
        populations.put(record.key(), record.value());
    }
}
