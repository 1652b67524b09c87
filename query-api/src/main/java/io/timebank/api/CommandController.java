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
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.net.URI;
import java.util.List;

/**
 * Transfers and exchanges: submitted as commands, answered with their committed outcome —
 * 200 completed, 409 or 422 refused with the reason, 202 still in flight after the wait.
 */
@Controller("/v1")
@ExecuteOn(TaskExecutors.BLOCKING)
@ApiResponse(responseCode = "401", ref = "#/components/responses/Unauthorized")
@ApiResponse(responseCode = "403", ref = "#/components/responses/Forbidden")
@ApiResponse(responseCode = "422", ref = "#/components/responses/Invalid")
@ApiResponse(responseCode = "503", ref = "#/components/responses/Unavailable")
class CommandController {

    private final Teller teller;

    CommandController(Teller teller) {
        this.teller = teller;
    }

    @Operation(summary = "Transfer value between accounts",
        description = "The sender is debited amount + fee. Or, with legs (up to 100, each {to, amount, memo}, and no "
            + "to, amount or memo of its own), several receivers at once, all legs or none: each leg's fee by the fee "
            + "rule; if a leg cannot be received (no such account, above its maximum) no leg is credited and the amounts "
            + "are refunded (REFUNDED, the fees kept); COMPLETED once every leg is credited. The amount \"available\" "
            + "sends everything the sender can send with its fee when the transfer is booked (the outcome shows how much). "
            + "A command is known by its sender and commandId: a retry "
            + "with the same request answers the first outcome and is never applied twice; the same commandId with a "
            + "different request is refused (409, COMMAND_ID_REUSED).")
    @ApiResponse(responseCode = "409", ref = "#/components/responses/Refused")
    @Post("/transfers")
    HttpResponse<Views.OutcomeView> transfer(@Body Views.TransferBody body, Authentication caller) {
        Access.account(caller, body.from(), "from");
        return answer(teller.transfer(body));
    }

    @Operation(summary = "Transfer in a batch: many transfers in one request, each answered on its own",
        description = "A JSON array of transfers (at most timebank.transfer-batch-max, 500 by default), each with its "
            + "own commandId. All are sent before any is waited for; the answer lists, in order, each one's status "
            + "(200, 202, 403, 409, 422 as if sent alone) with its outcome or its problem.")
    @Post("/transfers/batch")
    Views.BatchAnswer transferAll(@Body List<Views.TransferBody> bodies, Authentication caller) {
        return new Views.BatchAnswer(teller.transferAll(bodies, body -> Access.account(caller, body.from(), "from")));
    }

    @Operation(summary = "Post a pending transfer",
        description = "A transfer created with \"pending\": true reserves its amount and fee (they leave the balance at "
            + "once; the receiver lists the amount as incoming) until it is posted, voided, or times out (\"timeout\", "
            + "ISO-8601, default PT24H, at most P7D). Posting is the command <transfer>::post: the fee is charged and the "
            + "receiver credited the amount as of the reservation. 409 NOT_PENDING when it was voided, expired or never "
            + "created (a second posting is a retry, answered with the first).")
    @ApiResponse(responseCode = "409", ref = "#/components/responses/Refused")
    @Post("/accounts/{account}/transfers/{transfer}/posting")
    HttpResponse<Views.OutcomeView> post(@PathVariable String account, @PathVariable String transfer,
                                         Authentication caller) {
        Access.account(caller, account, "account");
        return answer(teller.postTransfer(account, transfer));
    }

    @Operation(summary = "Void a pending transfer",
        description = "The command <transfer>::void: amount and fee come back, booked at the reservation's time so "
            + "that nothing was lost, and the receiver's hold is released. The bank voids it itself at its timeout (a void "
            + "sent after that is answered with the bank's). 409 NOT_PENDING when it was posted or never created (a second "
            + "void is a retry, answered with the first).")
    @ApiResponse(responseCode = "409", ref = "#/components/responses/Refused")
    @Post("/accounts/{account}/transfers/{transfer}/voiding")
    HttpResponse<Views.OutcomeView> cancel(@PathVariable String account, @PathVariable String transfer,
                                           Authentication caller) {
        Access.account(caller, account, "account");
        return answer(teller.voidTransfer(account, transfer));
    }

    @Operation(summary = "Exchange attention into the stable asset at the bank's current rate")
    @ApiResponse(responseCode = "409", ref = "#/components/responses/Refused")
    @Post("/exchanges")
    HttpResponse<Views.OutcomeView> exchange(@Body Views.ExchangeBody body, Authentication caller) {
        Access.account(caller, body.account(), "account");
        return answer(teller.exchange(body));
    }

    @Operation(summary = "Add stable to the bank's reserve (operators only)",
        description = "The treasury's deposit into the reserve account (timebank.reserve-account), which backs the "
            + "floating rate. Answered like a transfer; its outcome is the reserve account's command.")
    @ApiResponse(responseCode = "409", ref = "#/components/responses/Refused")
    @Post("/reserve/fundings")
    HttpResponse<Views.OutcomeView> fundReserve(@Body Views.ReserveFundingBody body, Authentication caller) {
        Access.operatorOnly(caller);
        return answer(teller.fundReserve(body));
    }

    @Operation(summary = "The outcome of one of an account's commands",
        description = "Commands are addressed by their sender's account and their commandId; a member sees only "
            + "their own. (The earlier GET /v1/commands/{commandId} is gone: an id alone names no command.)")
    @ApiResponse(responseCode = "404", ref = "#/components/responses/NotFound")
    @Get("/accounts/{account}/commands/{commandId}")
    Views.OutcomeView outcome(@PathVariable String account, @PathVariable String commandId,
                              @Nullable @Header(Peers.FORWARDED) String forwarded, Authentication caller) {
        Access.account(caller, account, "account");
        return teller.outcome(account, commandId, forwarded != null)
            .orElseThrow(() -> ProblemException.of(HttpStatus.NOT_FOUND, "no command " + commandId + " of " + account));
    }

    static HttpResponse<Views.OutcomeView> answer(Teller.CommandAnswer answer) {
        Views.OutcomeView outcome = answer.outcome();
        HttpStatus status = Teller.status(answer);
        if (status == HttpStatus.ACCEPTED) {
            return HttpResponse.<Views.OutcomeView>accepted()
                .header("Location", URI.create(Teller.path(outcome.account(), outcome.commandId())).toString())
                .body(outcome);
        }
        if (status == HttpStatus.OK) {
            return HttpResponse.ok(outcome);
        }
        throw new ProblemException(Teller.refusal(outcome, status));
    }
}
