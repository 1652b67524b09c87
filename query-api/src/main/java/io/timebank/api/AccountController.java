package io.timebank.api;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.authentication.Authentication;
import io.swagger.v3.oas.annotations.Operation;
import java.time.Instant;
import java.util.List;

/** Reads may be forwarded to the instance that holds the account, a blocking call: off the event loop. */
@Controller("/v1/accounts")
@ExecuteOn(TaskExecutors.BLOCKING)
class AccountController {

    private final Bank bank;

    AccountController(Bank bank) {
        this.bank = bank;
    }

    @Operation(summary = "An account's balances per asset",
        description = "At now, or at an instant 'at' (ISO-8601) not before the account's last entry. Amounts are "
            + "exact decimal strings, rounded down to the micro-unit: what is shown can be spent.")
    @Get("/{account}")
    Views.AccountView account(@PathVariable String account, @Nullable @QueryValue String at,
                              @Nullable @Header(Peers.FORWARDED) String forwarded, Authentication caller) {
        Access.account(caller, account, "account");
        return bank.account(account, QueryParameters.instant("at", at), forwarded != null)
            .orElseThrow(() -> ProblemException.of(HttpStatus.NOT_FOUND, "no account " + account));
    }

    @Operation(summary = "An account's entries in booking order, a page at a time",
        description = "Amounts are signed as they changed this account. Pass 'after' = the previous page's nextAfter.")
    @Get("/{account}/entries")
    Views.EntriesPage entries(@PathVariable String account, @Nullable @QueryValue Long after,
                              @Nullable @QueryValue Integer limit, @Nullable @Header(Peers.FORWARDED) String forwarded,
                              Authentication caller) {
        Access.account(caller, account, "account");
        return bank.entries(account, after == null ? -1 : after, limit == null ? 100 : limit, forwarded != null)
            .orElseThrow(() -> ProblemException.of(HttpStatus.NOT_FOUND, "no account " + account));
    }

    @Operation(summary = "How an account's attention balance comes about",
        description = "Each entry with its score parts (deposits), its decay weight e^(−(at − t)/τ) and its value at "
            + "'at' (default now); the newest entries are listed, older ones summed in 'earlier'.")
    @Get("/{account}/explain")
    Views.ExplainView explain(@PathVariable String account, @Nullable @QueryValue String at,
                              @Nullable @Header(Peers.FORWARDED) String forwarded, Authentication caller) {
        Access.account(caller, account, "account");
        return bank.explain(account, QueryParameters.instant("at", at), forwarded != null)
            .orElseThrow(() -> ProblemException.of(HttpStatus.NOT_FOUND, "no account " + account));
    }
}
