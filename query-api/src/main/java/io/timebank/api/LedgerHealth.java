package io.timebank.api;

import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import io.timebank.stream.SetAsideRecords;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.streams.KafkaStreams;
import org.reactivestreams.Publisher;

/**
 * Up when the ledger's stream threads are RUNNING (which needs the broker); down otherwise. Records
 * the ledger had to set aside (their handling threw) leave it up — every other record keeps flowing —
 * but show as {@code "records": "DEGRADED"} with their count and the latest reason.
 */
@Singleton
class LedgerHealth implements HealthIndicator {

    private final LedgerRuntime runtime;

    LedgerHealth(LedgerRuntime runtime) {
        this.runtime = runtime;
    }

    @Override
    public Publisher<HealthResult> getResult() {
        KafkaStreams.State state = runtime.state();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("streams", state.name());
        details.put("bootstrapServers", runtime.bootstrapServers());
        SetAsideRecords setAside = runtime.setAside();
        details.put("records", setAside.count() == 0 ? "OK" : "DEGRADED");
        details.put("setAside", setAside.count());
        SetAsideRecords.Latest latest = setAside.latest();
        if (latest != null) {
            details.put("lastSetAside", Map.of("at", latest.at().toString(), "stage", latest.stage(), "reason",
                latest.reason()));
        }
        HealthStatus status = state == KafkaStreams.State.RUNNING ? HealthStatus.UP
            : state == KafkaStreams.State.REBALANCING || state == KafkaStreams.State.CREATED ? HealthStatus.UNKNOWN
            : HealthStatus.DOWN;
        return Publishers.just(HealthResult.builder("ledger", status).details(details).build());
    }
}
