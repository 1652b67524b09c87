package io.timebank.stream;

import io.timebank.ledger.Measure;
import io.timebank.ledger.MeasureDistribution;
import io.timebank.ledger.Measures;
import io.timebank.ledger.PlatformId;
import io.timebank.ledger.Populations;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * A task's part in percentile scoring across partitions. The task counts the measures it credits,
 * per platform, dimension and day, in {@code population-counts} ({@link MeasureDistribution}s); every
 * population interval it publishes the counts that changed, keyed with its partition, to the
 * populations topic, which every instance reads into the global {@code populations} store. A
 * platform's population for an activity is the merge of every partition's counts over the window's
 * days up to the activity's date — the same merge whatever order the parts arrived in. Merges are
 * cached until the next publication. Only platforms that rank are counted.
 */
final class PlatformPopulations {

    private static final String[] DIMENSIONS = {"interaction", "originality", "engagement"};

    private final LedgerSettings settings;
    private final KeyValueStore<String, byte[]> counted;
    private final ReadOnlyKeyValueStore<String, byte[]> published;
    private final int partition;
    private final Map<String, MeasureDistribution> local = new HashMap<>();
    private final Set<String> changed = new TreeSet<>();
    private final Map<String, Populations> merged = new HashMap<>();

    /**
     * @param counted   this task's counts: platform|dimension|date → distribution
     * @param published every partition's published counts: platform|dimension|date|partition → distribution;
     *                  null where nothing is scored (the rebuild)
     */
    PlatformPopulations(LedgerSettings settings, KeyValueStore<String, byte[]> counted,
                        ReadOnlyKeyValueStore<String, byte[]> published, int partition) {
        this.settings = settings;
        this.counted = counted;
        this.published = published;
        this.partition = partition;
        // Counts committed after the last publication are published again at the next one.
        try (KeyValueIterator<String, byte[]> all = counted.all()) {
            all.forEachRemaining(entry -> changed.add(entry.key));
        }
    }

    /** The platform's populations for an activity of {@code day}, as last published by every partition. */
    Populations populations(PlatformId platform, LocalDate day) {
        if (!settings.ranksMeasures(platform)) {
            return Populations.NONE;
        }
        return merged.computeIfAbsent(platform.value() + "|" + day, key -> new Populations(
            merge(platform, DIMENSIONS[0], day), merge(platform, DIMENSIONS[1], day), merge(platform, DIMENSIONS[2], day)));
    }

    private MeasureDistribution merge(PlatformId platform, String dimension, LocalDate day) {
        MeasureDistribution all = MeasureDistribution.empty();
        String prefix = platform.value() + "|" + dimension + "|";
        LocalDate first = day.minusDays(settings.populations().days() - 1L);
        try (KeyValueIterator<String, byte[]> parts = published.range(prefix + first, prefix + day + "|~")) {
            parts.forEachRemaining(part -> all.merge(MeasureDistribution.decode(part.value)));
        }
        return all;
    }

    /** Counts a credited activity's measures on its day. */
    void remember(PlatformId platform, Measures measures, LocalDate day) {
        if (!settings.ranksMeasures(platform)) {
            return;
        }
        Measure[] values = {measures.interaction(), measures.originality(), measures.engagement()};
        for (int i = 0; i < DIMENSIONS.length; i++) {
            String key = platform.value() + "|" + DIMENSIONS[i] + "|" + day;
            MeasureDistribution distribution = local.computeIfAbsent(key, this::stored);
            distribution.record(values[i]);
            counted.put(key, distribution.encode());
            changed.add(key);
        }
    }

    private MeasureDistribution stored(String key) {
        byte[] bytes = counted.get(key);
        return bytes == null ? MeasureDistribution.empty() : MeasureDistribution.decode(bytes);
    }

    /**
     * What to publish now: the counts that changed since the last publication, and, for days no
     * activity can reach any more (older than the window and the oldest activity accepted), a
     * tombstone; those days are dropped here too.
     */
    List<KeyValue<String, byte[]>> publish(LocalDate today) {
        merged.clear();
        List<KeyValue<String, byte[]>> records = new ArrayList<>();
        for (String key : changed) {
            records.add(KeyValue.pair(key + "|" + partition, local.computeIfAbsent(key, this::stored).encode()));
        }
        changed.clear();
        LocalDate oldest = today.minusDays(settings.populations().days()
            + settings.limits().eventAgeMax().plus(settings.limits().clockSkewMax()).toDays() + 1);
        List<String> expired = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> all = counted.all()) {
            all.forEachRemaining(entry -> {
                if (LocalDate.parse(entry.key.substring(entry.key.lastIndexOf('|') + 1)).isBefore(oldest)) {
                    expired.add(entry.key);
                }
            });
        }
        for (String key : expired) {
            counted.delete(key);
            local.remove(key);
            records.add(KeyValue.pair(key + "|" + partition, null));
        }
        return records;
    }
}
