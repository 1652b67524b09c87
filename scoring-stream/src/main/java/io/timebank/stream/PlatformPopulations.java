package io.timebank.stream;

import io.timebank.ledger.Amount;
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
 * per platform, dimension and day ({@link MeasureDistribution}s; the scores S too, as dimension
 * "score", when the quality incentive ranks them); every population interval it writes the counts
 * that changed to {@code population-counts} and publishes them, keyed with its partition, to the
 * populations topic, which every instance reads into the global {@code populations} store. A
 * platform's population for an activity is the merge of every partition's counts over the window's
 * days up to the activity's date — the same merge whatever order the parts arrived in. Merges are
 * cached until the next publication. Only platforms that rank are counted.
 *
 * <p>Counts are written at publication, not with every activity: the store is a statistic, and a
 * crash loses at most one interval's counts of this partition (never a credit, nor a recorded rank).
 */
final class PlatformPopulations {

    private static final String[] DIMENSIONS = {"interaction", "originality", "engagement"};
    private static final String SCORE = "score";

    private final LedgerSettings settings;
    private final KeyValueStore<String, byte[]> counted;
    private final ReadOnlyKeyValueStore<String, byte[]> published;
    private final int partition;
    private final boolean writeThrough;
    private final Map<String, MeasureDistribution> local = new HashMap<>();
    private final Set<String> changed = new TreeSet<>();
    private final Map<PlatformDay, Populations> merged = new HashMap<>();
    private final Map<PlatformDay, MeasureDistribution> mergedScores = new HashMap<>();
    /** The count keys of a platform's day, one per dimension and then the score's, built once per publication interval. */
    private final Map<PlatformDay, String[]> countKeys = new HashMap<>();

    private record PlatformDay(PlatformId platform, LocalDate day) {
    }

    /**
     * @param counted   this task's counts: platform|dimension|date → distribution
     * @param published every partition's published counts: platform|dimension|date|partition → distribution;
     *                  null where nothing is scored (the rebuild, which writes every count as it folds it)
     */
    PlatformPopulations(LedgerSettings settings, KeyValueStore<String, byte[]> counted,
                        ReadOnlyKeyValueStore<String, byte[]> published, int partition) {
        this.settings = settings;
        this.counted = counted;
        this.published = published;
        this.partition = partition;
        this.writeThrough = published == null;
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
        return merged.computeIfAbsent(new PlatformDay(platform, day), key -> new Populations(
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

    /** Where {@code score} stands among the platform's scores of the window up to {@code day}, in [0, 1]. */
    Measure scoreRank(PlatformId platform, LocalDate day, Amount score) {
        MeasureDistribution scores = mergedScores.computeIfAbsent(new PlatformDay(platform, day),
            key -> merge(platform, SCORE, day));
        return Measure.rounded(scores.rankOf(score.toDouble()));
    }

    /** Counts a credited activity's measures, and its score when scores are ranked, on its day. */
    void remember(PlatformId platform, Measures measures, Amount score, LocalDate day) {
        boolean ranksMeasures = settings.ranksMeasures(platform);
        if (!ranksMeasures && !settings.ranksScores()) {
            return;
        }
        String[] keys = countKeys.computeIfAbsent(new PlatformDay(platform, day), key -> new String[] {
            countKey(platform, DIMENSIONS[0], day), countKey(platform, DIMENSIONS[1], day),
            countKey(platform, DIMENSIONS[2], day), countKey(platform, SCORE, day)});
        if (ranksMeasures) {
            count(keys[0], measures.interaction());
            count(keys[1], measures.originality());
            count(keys[2], measures.engagement());
        }
        if (settings.ranksScores()) {
            count(keys[3], new Measure(score.micros()));
        }
    }

    private static String countKey(PlatformId platform, String dimension, LocalDate day) {
        return platform.value() + "|" + dimension + "|" + day;
    }

    private void count(String key, Measure value) {
        MeasureDistribution distribution = local.computeIfAbsent(key, this::stored);
        distribution.record(value);
        if (writeThrough) {
            counted.put(key, distribution.encode());
        } else {
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
        mergedScores.clear();
        countKeys.clear();
        List<KeyValue<String, byte[]>> records = new ArrayList<>();
        for (String key : changed) {
            byte[] encoded = local.computeIfAbsent(key, this::stored).encode();
            counted.put(key, encoded);
            records.add(KeyValue.pair(key + "|" + partition, encoded));
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
