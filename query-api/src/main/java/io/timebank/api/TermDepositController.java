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

/** Term deposits: attention locked for a term at a slower decay, back by itself at maturity or early on request. */
@Controller("/v1")
@ExecuteOn(TaskExecutors.BLOCKING)
@ApiResponse(responseCode = "401", ref = "#/components/responses/Unauthorized")
@ApiResponse(responseCode = "403", ref = "#/components/responses/Forbidden")
@ApiResponse(responseCode = "422", ref = "#/components/responses/Invalid")
@ApiResponse(responseCode = "503", ref = "#/components/responses/Unavailable")
class TermDepositController {

    private final Teller teller;

    TermDepositController(Teller teller) {
        this.teller = teller;
    }

    @Operation(summary = "Lock attention in a term deposit",
        description = "{commandId (the deposit's id), account, amount, term (one of timebank.terms, e.g. P30D)}: the "
            + "amount leaves the balance into a sub-balance that decays at the term's longer τ; at maturity it returns "
            + "by itself. The account view shows each deposit's value now, at maturity, and if withdrawn now.")
    @ApiResponse(responseCode = "409", ref = "#/components/responses/Refused")
    @Post("/term-deposits")
    HttpResponse<Views.OutcomeView> openTermDeposit(@Body Views.TermDepositBody body, Authentication caller) {
        Access.account(caller, body.account(), "account");
        return CommandController.answer(teller.openTermDeposit(body));
    }

    @Operation(summary = "Withdraw a term deposit before its maturity",
        description = "The command <deposit>::withdraw: the deposit returns now, re-valued as if it had decayed at the "
            + "bank's τ since it was opened (the penalty: the slower decay given up). A retry answers the first outcome.")
    @ApiResponse(responseCode = "404", ref = "#/components/responses/NotFound")
    @ApiResponse(responseCode = "409", ref = "#/components/responses/Refused")
    @Post("/accounts/{account}/term-deposits/{deposit}/withdrawal")
    HttpResponse<Views.OutcomeView> withdrawTermDeposit(@PathVariable String account, @PathVariable String deposit,
                                                        Authentication caller) {
        Access.account(caller, account, "account");
        return CommandController.answer(teller.withdrawTermDeposit(account, deposit));
    }
}
