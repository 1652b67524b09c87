package io.timebank.api;

import io.timebank.ledger.RateChanged;
import io.timebank.ledger.RateRule;
import io.timebank.schemas.RateCodec;
import io.timebank.stream.FloatingRate;
import io.timebank.stream.LedgerSettings;
import io.timebank.stream.LedgerStores;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The bank's rates as every instance knows them: the global rates store, filled from the rates
 * topic. A fixed rate has no history; a floating one shows every publication with its inputs.
 */
@Singleton
class Rates {

    static final String FIXED = "fixed";
    static final String RESERVE_RATIO = "reserve-ratio: target = reserve / (weight × median supply), "
        + "moved toward by at most maxStep a publication, within [floor, ceiling]";

    private final LedgerRuntime runtime;
    private final LedgerSettings settings;

    Rates(LedgerRuntime runtime) {
        this.runtime = runtime;
        this.settings = runtime.settings();
    }

    /** The rate in force: the latest published, or the configured one before the first (or when it is fixed). */
    Views.RateView current() {
        FloatingRate floating = settings.floatingRate();
        if (floating == null) {
            return new Views.RateView(settings.exchangeRate().toString(), null, null, null, FIXED, null, null, null,
                null, null, null);
        }
        byte[] latest = store().get(LedgerStores.CURRENT_RATE);
        if (latest == null) {
            return new Views.RateView(settings.exchangeRate().toString(), null, null, null, RESERVE_RATIO,
                floating.rule().version(), null, null, null, parameters(floating), null);
        }
        return view(RateCodec.decodeRate(latest), floating);
    }

    /** The rates published from {@code from} (inclusive) to {@code to} (exclusive), oldest first, at most {@code limit}. */
    Views.RateHistory between(Instant from, Instant to, int limit) {
        FloatingRate floating = settings.floatingRate();
        if (floating == null) {
            return new Views.RateHistory(List.of(), null);
        }
        List<Views.RateView> rates = new ArrayList<>();
        Instant next = null;
        try (KeyValueIterator<String, byte[]> range = store().range(LedgerStores.rateKey(from.toEpochMilli(), 0),
            LedgerStores.rateKey(to.toEpochMilli(), 0))) {
            while (range.hasNext()) {
                KeyValue<String, byte[]> entry = range.next(); // "current" sorts after every time key: never in range
                RateChanged changed = RateCodec.decodeRate(entry.value);
                if (rates.size() == limit) {
                    next = changed.at();
                    break;
                }
                rates.add(view(changed, floating));
            }
        }
        return new Views.RateHistory(rates, next);
    }

    private static Views.RateView view(RateChanged changed, FloatingRate floating) {
        RateRule.Decision decision = changed.decision();
        return new Views.RateView(changed.rate().toString(), changed.previous().toString(), changed.at(),
            changed.sequence(), RESERVE_RATIO, decision.version(), decision.supply().toString(),
            decision.reserve().toString(), decision.target().toString(), parameters(floating), null);
    }

    private static Views.RateParameters parameters(FloatingRate floating) {
        RateRule rule = floating.rule();
        return new Views.RateParameters(rule.weight().toPlainString(), rule.maxStep().toPlainString(),
            rule.floor().toString(), rule.ceiling().toString(), rule.samples(), floating.interval().toString(),
            floating.reserve().value());
    }

    private ReadOnlyKeyValueStore<String, byte[]> store() {
        return runtime.streams().store(StoreQueryParameters.fromNameAndType(LedgerStores.RATES,
            QueryableStoreTypes.keyValueStore()));
    }
}
