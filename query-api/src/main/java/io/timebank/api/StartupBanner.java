package io.timebank.api;

import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Says where to find the API once it listens. */
@Singleton
class StartupBanner {

    private static final Logger LOG = LoggerFactory.getLogger(StartupBanner.class);

    private final LedgerRuntime runtime;
    private final Tokens tokens;

    StartupBanner(LedgerRuntime runtime, Tokens tokens) {
        this.runtime = runtime;
        this.tokens = tokens;
    }

    @EventListener
    void onStartup(ServerStartupEvent event) {
        tokens.writeDevelopmentOperatorToken();
        String base = event.getSource().getURL().toString();
        LOG.info("timebank is up — wallet {}/, API {}/v1 (Swagger UI {}/swagger-ui/), health {}/health; Kafka at {}",
            base, base, base, base, runtime.bootstrapServers());
    }
}
