package io.timebank.api;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.authentication.Authentication;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.timebank.ledger.FieldError;
import java.util.List;

/**
 * Loans: granted by an operator from a lender to a borrower, repaid by installments the bank
 * collects by itself, or paid off early by the borrower. A loan lives with its borrower's standing
 * orders, so it is named by its borrower and its id.
 */
@Controller("/v1")
@ExecuteOn(TaskExecutors.BLOCKING)
@ApiResponse(responseCode = "401", ref = "#/components/responses/Unauthorized")
@ApiResponse(responseCode = "403", ref = "#/components/responses/Forbidden")
@ApiResponse(responseCode = "422", ref = "#/components/responses/Invalid")
@ApiResponse(responseCode = "503", ref = "#/components/responses/Unavailable")
class LoanController {

    private final Teller teller;
    private final StandingOrderQueries queries;

    LoanController(Teller teller, StandingOrderQueries queries) {
        this.teller = teller;
        this.queries = queries;
    }

    @Operation(summary = "Grant a loan (operators only)",
        description = "{commandId (the loan's id), lender, borrower, amount, rate (interest per installment, an exact "
            + "decimal: 0.01 is 1 %), count (1 to 1200 installments), interval (ISO-8601, at least one minute), first "
            + "(the first installment's due time, not in the past; the last must fall before the year 10000)}. The amount leaves the lender "
            + "at once (no fee) and is credited to the borrower; installment n, <loan>::<n>, is collected by the bank at "
            + "its due time: equal parts of the principal plus interest on what is outstanding, rounded half-even. A "
            + "borrower short of funds pays what it can; the rest is arrears, which do not decay and are due with the "
            + "next installment (after the last, at due times ever further apart: count + 2, + 4, + 8 … intervals, until "
            + "paid). COMPLETED once the borrower is credited; "
            + "REFUNDED (the principal back to the lender) when the borrower cannot take it.")
    @ApiResponse(responseCode = "409", ref = "#/components/responses/Refused")
    @Post("/loans")
    HttpResponse<Views.OutcomeView> grant(@Body Views.LoanBody body, Authentication caller) {
        Access.operatorOnly(caller);
        return CommandController.answer(teller.grantLoan(body));
    }

    @Operation(summary = "The loans an account owes, each with its plan, installments, arrears and payoff")
    @ApiResponse(responseCode = "404", ref = "#/components/responses/NotFound")
    @Get("/accounts/{account}/loans")
    Views.LoansView list(@PathVariable String account, @Nullable @Header(Peers.FORWARDED) String forwarded,
                         Authentication caller) {
        Access.account(caller, account, "account");
        return queries.loans(account, forwarded != null);
    }

    @Operation(summary = "One loan of a borrower, for the borrower, its lender or an operator",
        description = "The plan with every installment's due time, principal part and interest, which were collected, "
            + "what was paid of the principal and of the interest, the arrears, and what paying it off now would take. "
            + "404 once the loan is settled (its payments stay in both accounts' entries).")
    @ApiResponse(responseCode = "404", ref = "#/components/responses/NotFound")
    @Get("/accounts/{account}/loans/{loan}")
    Views.LoanView get(@PathVariable String account, @PathVariable String loan,
                       @Nullable @Header(Peers.FORWARDED) String forwarded, Authentication caller) {
        // Asked of the instance holding the borrower's partition, which checks the caller the same way.
        Views.LoanView found = queries.loan(account, loan, forwarded != null).orElse(null);
        boolean party = Access.operator(caller) || Access.member(caller, account)
            || (found != null && Access.member(caller, found.lender()));
        if (!party) {
            Access.account(caller, account, "account"); // neither its borrower nor its lender: 403
        }
        if (found == null) {
            throw new ProblemException(Problem.of(HttpStatus.NOT_FOUND.getCode(), "Not Found", "account " + account
                + " owes no loan " + loan + " (never taken, or settled)"));
        }
        return found;
    }

    @Operation(summary = "A loan by its id, for its borrower or its lender",
        description = "A member's token finds the loan it owes, or else the one it lent (the grant's outcome names the "
            + "borrower); an operator names either party (?borrower= or ?lender=). The same view as "
            + "/v1/accounts/{borrower}/loans/{loan}: a loan id is its lender's command id, and the loan lives with its "
            + "borrower.")
    @ApiResponse(responseCode = "404", ref = "#/components/responses/NotFound")
    @Get("/loans/{loan}")
    Views.LoanView byId(@PathVariable String loan, @Nullable @QueryValue String borrower,
                        @Nullable @QueryValue String lender, Authentication caller) {
        String owing = borrower;
        if (owing == null && lender == null && Access.member(caller, caller.getName())
            && queries.loan(caller.getName(), loan, false).isPresent()) {
            owing = caller.getName(); // the loan the caller owes
        }
        if (owing == null) {
            String granting = lender != null ? lender : Access.operator(caller) ? null : caller.getName();
            if (granting == null) {
                throw ProblemException.invalid("an operator names the loan's borrower or lender", List.of(
                    new FieldError("borrower", "is required of an operator (or lender): whose loan " + loan + " is it?")));
            }
            Access.account(caller, granting, "lender");
            owing = teller.outcome(granting, loan, false).stream().flatMap(outcome -> outcome.events().stream())
                .filter(event -> event.type().equals("LoanGranted")).map(Views.EventView::counterparty).findFirst()
                .orElseThrow(() -> new ProblemException(Problem.of(HttpStatus.NOT_FOUND.getCode(), "Not Found",
                    granting + " granted no loan " + loan)));
        }
        return get(owing, loan, null, caller);
    }

    @Operation(summary = "Pay a loan off now",
        description = "{commandId}: the principal not yet collected, the arrears and the interest of the period running "
            + "(periods not begun owe none) leave the borrower at once, credited to the lender; the loan is settled. "
            + "409 INSUFFICIENT_FUNDS when the borrower cannot spend all of it (ask again under a new commandId once it "
            + "can); 422 UNKNOWN_ORDER for a loan the account does not owe.")
    @ApiResponse(responseCode = "404", ref = "#/components/responses/NotFound")
    @ApiResponse(responseCode = "409", ref = "#/components/responses/Refused")
    @Post("/accounts/{account}/loans/{loan}/repayment")
    HttpResponse<Views.OutcomeView> repay(@PathVariable String account, @PathVariable String loan,
                                          @Body Views.RepaymentBody body, Authentication caller) {
        Access.account(caller, account, "account");
        return CommandController.answer(teller.repayLoan(account, loan, body));
    }
}
