package io.timebank.api;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.timebank.stream.SetAsideRecords;
import jakarta.inject.Singleton;

/** The ledger's own figures on /prometheus, beside Kafka Streams' (which Micronaut binds by itself). */
@Singleton
class LedgerMetrics implements MeterBinder {

    private final LedgerRuntime runtime;

    LedgerMetrics(LedgerRuntime runtime) {
        this.runtime = runtime;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        FunctionCounter.builder("timebank.records.set.aside", runtime.setAside(), SetAsideRecords::count)
            .description("records whose handling threw, set aside onto the dead-letter topic while the ledger went on")
            .register(registry);
    }
}
