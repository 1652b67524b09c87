package io.timebank.api;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.authentication.Authentication;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.timebank.ledger.FieldError;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** The bank's exchange rate (stable per attention): the one in force, and its history. Any caller may read them. */
@Controller("/v1/rates")
@ExecuteOn(TaskExecutors.BLOCKING)
@ApiResponse(responseCode = "401", ref = "#/components/responses/Unauthorized")
@ApiResponse(responseCode = "403", ref = "#/components/responses/Forbidden")
@ApiResponse(responseCode = "422", ref = "#/components/responses/Invalid")
@ApiResponse(responseCode = "503", ref = "#/components/responses/Unavailable")
class RateController {

    static final int PAGE_MAX = 1_000;

    private final Rates rates;
    private final Bank bank;

    RateController(Rates rates, Bank bank) {
        this.rates = rates;
        this.bank = bank;
    }

    @Operation(summary = "The rate in force, with what it was computed from",
        description = "A floating rate (timebank.rate-formula: reserve-ratio) shows its inputs (median supply, reserve, "
            + "target), the formula and its parameters; a fixed rate shows formula 'fixed'. For a member, 'yours' is "
            + "their own quality and the factor their transfer fees are multiplied by (when timebank.quality-fee is on).")
    @Get("/current")
    Views.RateView current(Authentication caller) {
        Views.RateView current = rates.current();
        if (Access.operator(caller)) {
            return current;
        }
        return bank.account(caller.getName(), null, false).map(Views.AccountView::quality)
            .map(current::withYours).orElse(current);
    }

    @Operation(summary = "The rates published in a period, oldest first",
        description = "from (inclusive, default 24 hours before to) and to (exclusive, default now) as ISO-8601 "
            + "instants; at most 'limit' (default and maximum 1,000) a page: pass the answer's nextFrom as 'from' "
            + "for the next page.")
    @Get
    Views.RateHistory history(@Nullable @QueryValue String from, @Nullable @QueryValue String to,
                              @Nullable @QueryValue Integer limit) {
        Instant end = QueryParameters.instant("to", to);
        end = end == null ? Instant.now() : end;
        Instant start = QueryParameters.instant("from", from);
        start = start == null ? end.minus(Duration.ofDays(1)) : start;
        if (start.isAfter(end)) {
            throw ProblemException.invalid("bad query parameter", List.of(new FieldError("to",
                "must not be before from (" + start + "), was " + end)));
        }
        return rates.between(start, end, QueryParameters.limit("limit", limit, PAGE_MAX, PAGE_MAX));
    }
}
