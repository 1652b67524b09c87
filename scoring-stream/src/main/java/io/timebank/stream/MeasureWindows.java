package io.timebank.stream;

import io.timebank.ledger.MeasureWindow;
import io.timebank.ledger.Measures;
import io.timebank.ledger.PlatformId;
import io.timebank.ledger.Populations;
import io.timebank.schemas.StateCodec;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * A task's view of the platforms' recent measures, for percentile scoring: kept in the
 * measure-windows store (so it survives restarts) and decoded once per task into a cache (so a
 * percentile platform is not re-sorted on every activity). Only platforms that rank are tracked.
 */
final class MeasureWindows {

    private static final String[] DIMENSIONS = {"interaction", "originality", "engagement"};

    private final LedgerSettings settings;
    private final KeyValueStore<String, byte[]> store;
    private final Map<String, MeasureWindow> cache = new HashMap<>();

    MeasureWindows(LedgerSettings settings, KeyValueStore<String, byte[]> store) {
        this.settings = settings;
        this.store = store;
    }

    Populations populations(PlatformId platform) {
        if (!settings.ranksMeasures(platform)) {
            return Populations.NONE;
        }
        return new Populations(window(platform, DIMENSIONS[0]), window(platform, DIMENSIONS[1]),
            window(platform, DIMENSIONS[2]));
    }

    /** Adds a credited activity's measures; called in the order activities are credited. */
    void remember(PlatformId platform, Measures measures) {
        if (!settings.ranksMeasures(platform)) {
            return;
        }
        double[] values = {measures.interaction().toDouble(), measures.originality().toDouble(),
            measures.engagement().toDouble()};
        for (int i = 0; i < DIMENSIONS.length; i++) {
            MeasureWindow next = window(platform, DIMENSIONS[i]).with(values[i]);
            String key = key(platform, DIMENSIONS[i]);
            cache.put(key, next);
            store.put(key, StateCodec.encodeWindow(next));
        }
    }

    private MeasureWindow window(PlatformId platform, String dimension) {
        return cache.computeIfAbsent(key(platform, dimension), key -> {
            byte[] stored = store.get(key);
            return stored == null ? MeasureWindow.empty(settings.measureWindowCapacity()) : StateCodec.decodeWindow(stored);
        });
    }

    private static String key(PlatformId platform, String dimension) {
        return platform.value() + ":" + dimension;
    }
}
