package io.timebank.api;

import io.micronaut.runtime.Micronaut;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;

/** Starts timebank: the embedded broker (unless bootstrap servers are configured), the ledger and the HTTP API. */
@OpenAPIDefinition(info = @Info(title = "timebank", version = "v1",
    description = "An event-sourced time-bank ledger: activities in, decaying attention balances out, transfers and exchanges."),
    security = {@SecurityRequirement(name = "bearer"), @SecurityRequirement(name = "platformKey")})
public final class Application {

    private Application() {
    }

    public static void main(String[] args) {
        Micronaut.build(args).mainClass(Application.class).banner(false).start();
    }
}
