package io.timebank.api;

import io.micronaut.runtime.Micronaut;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import java.util.List;

/** Starts timebank: the embedded broker (unless bootstrap servers are configured), the ledger and the HTTP API. */
@OpenAPIDefinition(info = @Info(title = "timebank", version = "v1",
    description = "An event-sourced time-bank ledger: activities in, decaying attention balances out, transfers and exchanges."),
    security = {@SecurityRequirement(name = "bearer"), @SecurityRequirement(name = "platformKey")})
public final class Application {

    private Application() {
    }

    /** The log format switch (logback.xml): an environment variable or a system property. */
    static final String LOG_FORMAT = "TIMEBANK_LOG_FORMAT";
    static final List<String> LOG_FORMATS = List.of("text", "json");

    public static void main(String[] args) {
        // Checked before anything logs: logback would take another value for an appender that does not exist and log nothing.
        String format = System.getProperty(LOG_FORMAT, System.getenv(LOG_FORMAT));
        if (format != null && !LOG_FORMATS.contains(format)) {
            System.err.println(LOG_FORMAT + " must be one of " + LOG_FORMATS + ", was '" + format + "': timebank did not start");
            System.exit(2);
        }
        Micronaut.build(args).mainClass(Application.class).banner(false).start();
    }
}
