package io.timebank.api;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.authentication.Authentication;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

/**
 * Many-to-one transfers: a collector collects from several payers at once, all legs or none, each
 * payer's leg only under the mandate that payer gave the collector (a direct debit).
 */
@Controller("/v1")
@ExecuteOn(TaskExecutors.BLOCKING)
@ApiResponse(responseCode = "401", ref = "#/components/responses/Unauthorized")
@ApiResponse(responseCode = "403", ref = "#/components/responses/Forbidden")
@ApiResponse(responseCode = "422", ref = "#/components/responses/Invalid")
@ApiResponse(responseCode = "503", ref = "#/components/responses/Unavailable")
class DirectDebitController {

    private final Teller teller;

    DirectDebitController(Teller teller) {
        this.teller = teller;
    }

    @Operation(summary = "Give a collector a mandate to collect from an account",
        description = "{commandId, payer, collector, max}: the collector may collect up to max from the payer in one "
            + "collection, until the payer withdraws it; a new mandate to the same collector replaces the old. The "
            + "payer's member token or an operator's. Shown in the payer's account view.")
    @ApiResponse(responseCode = "409", ref = "#/components/responses/Refused")
    @Post("/mandates")
    HttpResponse<Views.OutcomeView> grant(@Body Views.MandateBody body, Authentication caller) {
        Access.account(caller, body.payer(), "payer");
        return CommandController.answer(teller.grantMandate(body));
    }

    @Operation(summary = "Withdraw a mandate",
        description = "{commandId}: no collection debits the payer for this collector after it (one already answered "
            + "stays as it was). 409 UNKNOWN_MANDATE when there is none.")
    @ApiResponse(responseCode = "404", ref = "#/components/responses/NotFound")
    @ApiResponse(responseCode = "409", ref = "#/components/responses/Refused")
    @Post("/accounts/{account}/mandates/{collector}/revocation")
    HttpResponse<Views.OutcomeView> revoke(@PathVariable String account, @PathVariable String collector,
                                           @Body Views.CommandBody body, Authentication caller) {
        Access.account(caller, account, "account");
        return CommandController.answer(teller.revokeMandate(account, collector, body));
    }

    @Operation(summary = "Collect from several payers at once: every leg or none",
        description = "{commandId, to (the collector), asset?, legs: up to 100 {from, amount, memo?}, one per payer}. "
            + "Each leg is held for the collector (counted against its maximum balance) and asked of its payer's "
            + "partition, which debits it (amount and the payer's fee) only under the payer's mandate to the collector "
            + "covering it and with the funds; with the last answer the collector is credited the whole, COMPLETED. If "
            + "any leg is refused, nothing is credited and every leg debited goes back to its payer (the fee kept): "
            + "REFUNDED with the first refusal's reason (UNKNOWN_MANDATE, INSUFFICIENT_FUNDS, UNKNOWN_ACCOUNT). The "
            + "collector's member token or an operator's.")
    @ApiResponse(responseCode = "409", ref = "#/components/responses/Refused")
    @Post("/collections")
    HttpResponse<Views.OutcomeView> collect(@Body Views.CollectionBody body, Authentication caller) {
        Access.account(caller, body.to(), "to");
        return CommandController.answer(teller.collect(body));
    }
}
