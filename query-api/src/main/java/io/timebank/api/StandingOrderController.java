package io.timebank.api;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.authentication.Authentication;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

/** Standing orders and payout plans: recurring transfers the bank runs by itself at their due times. */
@Controller("/v1")
@ExecuteOn(TaskExecutors.BLOCKING)
@ApiResponse(responseCode = "401", ref = "#/components/responses/Unauthorized")
@ApiResponse(responseCode = "403", ref = "#/components/responses/Forbidden")
@ApiResponse(responseCode = "422", ref = "#/components/responses/Invalid")
@ApiResponse(responseCode = "503", ref = "#/components/responses/Unavailable")
class StandingOrderController {

    private final Teller teller;
    private final StandingOrderQueries queries;

    StandingOrderController(Teller teller, StandingOrderQueries queries) {
        this.teller = teller;
        this.queries = queries;
    }

    @Operation(summary = "Place a standing order: a transfer repeated on a schedule",
        description = "{commandId (the order's id, at most 100 characters), from, to, amount, asset?, memo? "
            + "(or, instead of to, amount and memo, legs: up to 100 {to, amount, memo}, each occurrence all legs or none), "
            + "first (ISO-8601 instant, not in the past), interval (ISO-8601: PT1H, P1D, P1M…; at least one minute), count?, "
            + "until?}. Each occurrence n is an ordinary transfer with command id <order>::<n>, accepted at its due time "
            + "(fees, limits and outcome as any transfer's); calendar periods are counted in UTC from the first, so "
            + "P1M from the 31st falls on each month's last day. An occurrence refused (insufficient funds…) or refunded "
            + "(no such receiver…) is a failure; after timebank.standing-order-failures-max in a row the order "
            + "cancels itself. Answered like a transfer: 200 once placed.")
    @ApiResponse(responseCode = "409", ref = "#/components/responses/Refused")
    @Post("/standing-orders")
    HttpResponse<Views.OutcomeView> place(@Body Views.StandingOrderBody body, Authentication caller) {
        Access.account(caller, body.from(), "from");
        return CommandController.answer(teller.placeStandingOrder(body));
    }

    @Operation(summary = "Place a payout plan on one of the bank's funds (operators only)",
        description = "{commandId, fund (one of timebank.payout-funds), legs (fixed amounts) or shares [{to, weight}] "
            + "with portion (in (0, 1]: the part of the fund's balance each occurrence divides by weight, rounded down, "
            + "the parts summing to the whole), memo?, first, interval, count?, until?}. A standing order of the fund: "
            + "each occurrence one multi-leg transfer, all members paid or none, fees as for any transfer. Members "
            + "contribute to a fund by ordinary transfers; only its plans pay out of it.")
    @ApiResponse(responseCode = "409", ref = "#/components/responses/Refused")
    @Post("/payouts")
    HttpResponse<Views.OutcomeView> placePayout(@Body Views.PayoutBody body, Authentication caller) {
        Access.operatorOnly(caller);
        return CommandController.answer(teller.placePayout(body));
    }

    @Operation(summary = "The payouts coming to a member: each plan of every fund that pays them, and when")
    @ApiResponse(responseCode = "404", ref = "#/components/responses/NotFound")
    @Get("/accounts/{account}/payouts")
    Views.UpcomingPayoutsView payouts(@PathVariable String account, Authentication caller) {
        Access.account(caller, account, "account");
        return queries.payoutsTo(account);
    }

    @Operation(summary = "An account's standing orders, with each one's next occurrence and failures so far")
    @ApiResponse(responseCode = "404", ref = "#/components/responses/NotFound")
    @Get("/accounts/{account}/standing-orders")
    Views.StandingOrdersView list(@PathVariable String account, @Nullable @Header(Peers.FORWARDED) String forwarded,
                                  Authentication caller) {
        Access.account(caller, account, "account");
        return queries.of(account, forwarded != null);
    }

    @Operation(summary = "Cancel a standing order: no occurrence runs after it",
        description = "The command <order>::cancel of the account: a retry answers the first outcome. 422 UNKNOWN_ORDER "
            + "for an order the account does not have (never placed, finished or cancelled).")
    @ApiResponse(responseCode = "404", ref = "#/components/responses/NotFound")
    @ApiResponse(responseCode = "409", ref = "#/components/responses/Refused")
    @Delete("/accounts/{account}/standing-orders/{order}")
    HttpResponse<Views.OutcomeView> cancel(@PathVariable String account, @PathVariable String order,
                                           Authentication caller) {
        Access.account(caller, account, "account");
        return CommandController.answer(teller.cancelStandingOrder(account, order));
    }
}
