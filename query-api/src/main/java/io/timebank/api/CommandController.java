package io.timebank.api;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.authentication.Authentication;
import io.swagger.v3.oas.annotations.Operation;
import java.net.URI;

/**
 * Transfers and exchanges: submitted as commands, answered with their committed outcome —
 * 200 completed, 409 or 422 refused with the reason, 202 still in flight after the wait.
 */
@Controller("/v1")
@ExecuteOn(TaskExecutors.BLOCKING)
class CommandController {

    private final Bank bank;

    CommandController(Bank bank) {
        this.bank = bank;
    }

    @Operation(summary = "Transfer value between accounts",
        description = "The sender is debited amount + fee. A retried commandId answers the first outcome and is "
            + "never applied twice.")
    @Post("/transfers")
    HttpResponse<Views.OutcomeView> transfer(@Body Views.TransferBody body, Authentication caller) {
        Access.account(caller, body.from(), "from");
        return answer(bank.transfer(body));
    }

    @Operation(summary = "Exchange attention into the stable asset at the bank's current rate")
    @Post("/exchanges")
    HttpResponse<Views.OutcomeView> exchange(@Body Views.ExchangeBody body, Authentication caller) {
        Access.account(caller, body.account(), "account");
        return answer(bank.exchange(body));
    }

    @Operation(summary = "A command's outcome by id")
    @Get("/commands/{commandId}")
    Views.OutcomeView outcome(@PathVariable String commandId, @Nullable @Header(Peers.FORWARDED) String forwarded,
                              Authentication caller) {
        Views.OutcomeView outcome = bank.outcome(commandId, forwarded != null)
            .orElseThrow(() -> ProblemException.of(HttpStatus.NOT_FOUND, "no outcome for command " + commandId));
        Access.account(caller, outcome.account(), "commandId");
        return outcome;
    }

    private static HttpResponse<Views.OutcomeView> answer(Bank.CommandAnswer answer) {
        Views.OutcomeView outcome = answer.outcome();
        if (!answer.settled()) {
            return HttpResponse.<Views.OutcomeView>accepted()
                .header("Location", URI.create("/v1/commands/" + outcome.commandId()).toString()).body(outcome);
        }
        if ("COMPLETED".equals(outcome.status())) {
            return HttpResponse.ok(outcome);
        }
        HttpStatus status = "INSUFFICIENT_FUNDS".equals(outcome.reason()) ? HttpStatus.CONFLICT
            : HttpStatus.UNPROCESSABLE_ENTITY;
        throw new ProblemException(new Problem("about:blank", "Command " + outcome.status().toLowerCase(),
            status.getCode(), outcome.detail(), null, outcome.reason(), outcome.commandId()));
    }
}
