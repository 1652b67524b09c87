package io.timebank.api;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.timebank.stream.SetAsideRecords;
import jakarta.inject.Provider;
import jakarta.inject.Singleton;

/**
 * The ledger's health figures on /prometheus: records set aside, the rate in force ({@link LedgerCounters}
 * counts what the ledger books; {@link LedgerRuntime} binds Kafka Streams' own). The runtime is reached
 * through a provider: it starts with the registry, which binds this first.
 */
@Singleton
class LedgerMetrics implements MeterBinder {

    private final Provider<LedgerRuntime> runtime;
    private final Provider<Rates> rates;

    LedgerMetrics(Provider<LedgerRuntime> runtime, Provider<Rates> rates) {
        this.runtime = runtime;
        this.rates = rates;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        FunctionCounter.builder("timebank.records.set.aside", runtime, LedgerMetrics::setAside)
            .description("records whose handling threw, set aside onto the dead-letter topic while the ledger went on")
            .register(registry);
        Gauge.builder("timebank.rate", rates, LedgerMetrics::rate)
            .description("the exchange rate in force: STABLE per ATTENTION").register(registry);
    }

    private static double setAside(Provider<LedgerRuntime> runtime) {
        SetAsideRecords setAside = runtime.get().setAside();
        return setAside.count();
    }

    /** The rate in force, or NaN while the stores cannot be read (the ledger is starting or rebalancing). */
    private static double rate(Provider<Rates> rates) {
        try {
            return Double.parseDouble(rates.get().current().rate());
        } catch (RuntimeException notReadable) {
            return Double.NaN;
        }
    }
}
