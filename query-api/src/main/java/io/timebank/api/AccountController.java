package io.timebank.api;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.authentication.Authentication;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.timebank.ledger.Asset;
import io.timebank.ledger.BalanceCurve;
import io.timebank.ledger.FieldError;
import io.timebank.ledger.Metadata;
import io.timebank.ledger.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/** Reads may be forwarded to the instance that holds the account, a blocking call: off the event loop. */
@Controller("/v1/accounts")
@ExecuteOn(TaskExecutors.BLOCKING)
@ApiResponse(responseCode = "401", ref = "#/components/responses/Unauthorized")
@ApiResponse(responseCode = "403", ref = "#/components/responses/Forbidden")
@ApiResponse(responseCode = "422", ref = "#/components/responses/Invalid")
@ApiResponse(responseCode = "503", ref = "#/components/responses/Unavailable")
class AccountController {

    private static final String CSV = "text/csv";

    private final Bank bank;
    private final Teller teller;
    private final Statements statements;

    /** A curve's default period and projection ahead, and its default number of evenly spaced points. */
    private static final Duration CURVE_PERIOD = Duration.ofDays(30);
    private static final int CURVE_SAMPLES = 200;
    private final Clock clock = Clock.systemUTC();

    private final BalanceCurves curves;

    private final FeeQuotes fees;

    AccountController(Bank bank, Teller teller, Statements statements, BalanceCurves curves, FeeQuotes fees) {
        this.bank = bank;
        this.teller = teller;
        this.statements = statements;
        this.curves = curves;
        this.fees = fees;
    }

    @Operation(summary = "An account's attention balance over time and its decay ahead, for a chart",
        description = "The balance at 'samples' evenly spaced instants (default " + CURVE_SAMPLES + ", 2 to "
            + BalanceCurve.SAMPLES_MAX + ") over [from, to + ahead] and on both sides of every entry that changed it "
            + "in [from, to] (to defaults to now, from to 30 days before it); after 'to' the points are 'projected': "
            + "the balance decaying with nothing more booked, for 'ahead' (ISO-8601, default P30D, at most P366D). "
            + "Each value is the one the account view shows at that instant. 'deposits' lists the period's deposits.")
    @ApiResponse(responseCode = "404", ref = "#/components/responses/NotFound")
    @Get("/{account}/curve")
    Views.CurveView curve(@PathVariable String account, @Nullable @QueryValue String from,
                          @Nullable @QueryValue String to, @Nullable @QueryValue String ahead,
                          @Nullable @QueryValue Integer samples, @Nullable @Header(Peers.FORWARDED) String forwarded,
                          Authentication caller) {
        Access.account(caller, account, "account");
        Instant end = to == null ? clock.instant().truncatedTo(ChronoUnit.MILLIS) : QueryParameters.instant("to", to);
        Instant start = from == null ? end.minus(CURVE_PERIOD) : QueryParameters.instant("from", from);
        Duration projected = QueryParameters.duration("ahead", ahead, CURVE_PERIOD, BalanceCurve.AHEAD_MAX);
        if (samples != null && samples < BalanceCurve.SAMPLES_MIN) {
            throw ProblemException.invalid("bad query parameter", List.of(new FieldError("samples",
                "must be between " + BalanceCurve.SAMPLES_MIN + " and " + BalanceCurve.SAMPLES_MAX + ", was " + samples)));
        }
        int points = QueryParameters.limit("samples", samples, CURVE_SAMPLES, BalanceCurve.SAMPLES_MAX);
        return curves.curve(account, start, end, projected, points, forwarded != null)
            .orElseThrow(() -> ProblemException.of(HttpStatus.NOT_FOUND, "no account " + account));
    }

    @Operation(summary = "What sending an amount would cost the account now: the fee, the debit, what it can send",
        description = "The fee the ledger would charge for a transfer of 'amount' (its quality factor applied when the "
            + "incentive is on), the debit amount + fee, and 'available', the most one transfer can send now. A quote, "
            + "not a promise: the transfer is decided when it is booked.")
    @ApiResponse(responseCode = "404", ref = "#/components/responses/NotFound")
    @Get("/{account}/fee")
    Views.FeeQuote fee(@PathVariable String account, @Nullable @QueryValue String amount,
                       @Nullable @QueryValue String asset, @Nullable @Header(Peers.FORWARDED) String forwarded,
                       Authentication caller) {
        Access.account(caller, account, "account");
        Asset quoted;
        try {
            quoted = asset == null ? Asset.ATTENTION : Asset.valueOf(asset);
        } catch (IllegalArgumentException unknown) {
            throw ProblemException.invalid("bad query parameter", List.of(new FieldError("asset",
                "must be ATTENTION or STABLE, was " + asset)));
        }
        return fees.quote(account, quoted, amount, forwarded != null)
            .orElseThrow(() -> ProblemException.of(HttpStatus.NOT_FOUND, "no account " + account));
    }

    @Operation(summary = "An account's statement for a period, per asset, as JSON or CSV",
        description = "The period (from, to] (ISO-8601; to defaults to now, at most " + Statement.DAYS_MAX + " days "
            + "after from): per asset the balance at from, every entry booked in the period (signed amount, fee, "
            + "counterparty, reference, memo), totals in and out, the decay over the period and the balance at to, "
            + "with opening + totalIn − totalOut − decay = closing exactly (the decay absorbs the rounding down of the "
            + "two balances). CSV with format=csv or Accept: text/csv: rows opening, entry…, decay (negative), closing, "
            + "whose amounts add up to the closing balance. metadata.<key>=<value> lists only the entries whose "
            + "transfer carries that field (compared as its type: 1.5 matches a decimal 1.50), with their totals.")
    @ApiResponse(responseCode = "404", ref = "#/components/responses/NotFound")
    @ApiResponse(responseCode = "200", description = "the statement, as JSON or as CSV", content = {
        @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Views.StatementView.class)),
        @Content(mediaType = CSV, examples = @ExampleObject(name = "csv", value = ApiExamples.STATEMENT_CSV))})
    @Get(value = "/{account}/statement", produces = {MediaType.APPLICATION_JSON, CSV})
    HttpResponse<?> statement(@PathVariable String account, @Nullable @QueryValue String from,
                              @Nullable @QueryValue String to, @Nullable @QueryValue String format,
                              @Nullable @Header(HttpHeaders.ACCEPT) String accept,
                              @Nullable @Header(Peers.FORWARDED) String forwarded, HttpRequest<?> request,
                              Authentication caller) {
        Access.account(caller, account, "account");
        Statements.Filter filter = null;
        for (String name : request.getParameters().names()) {
            if (!name.startsWith("metadata.")) {
                continue;
            }
            String key = name.substring("metadata.".length());
            if (filter != null || !Metadata.KEY.matcher(key).matches()) {
                throw ProblemException.invalid("bad query parameter", List.of(new FieldError(name, filter != null
                    ? "one metadata filter at a time" : "must name a metadata key: a lower-case letter, then up to 31 "
                    + "lower-case letters, digits, '_' or '-'")));
            }
            filter = new Statements.Filter(key, request.getParameters().get(name));
        }
        if (from == null) {
            throw ProblemException.invalid("bad query parameter", List.of(new FieldError("from", "is required")));
        }
        if (format != null && !format.equals("json") && !format.equals("csv")) {
            throw ProblemException.invalid("bad query parameter", List.of(new FieldError("format",
                "must be json or csv, was " + format)));
        }
        Instant start = QueryParameters.instant("from", from);
        Instant end = to == null ? clock.instant().truncatedTo(ChronoUnit.MILLIS) : QueryParameters.instant("to", to);
        Views.StatementView statement = statements.statement(account, start, end, filter, forwarded != null)
            .orElseThrow(() -> ProblemException.of(HttpStatus.NOT_FOUND, "no account " + account));
        // Without format, the first type the client lists decides (no q-values weighed: JSON unless CSV comes first).
        boolean csv = "csv".equals(format) || (format == null && accept != null
            && accept.split(",")[0].strip().startsWith(CSV));
        if (!csv) {
            return HttpResponse.ok(statement).contentType(MediaType.APPLICATION_JSON_TYPE);
        }
        return HttpResponse.ok(Statements.csv(statement)).contentType(CSV + "; charset=utf-8")
            .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"statement-" + account + "-"
                + start.toString().replace(':', '-') + "-" + end.toString().replace(':', '-') + ".csv\"");
    }

    @Operation(summary = "Open an account with a credit line (operators only)",
        description = "Opens {account} for {platform} with {creditLimit} (default 0, at most the largest balance): how "
            + "far below zero its balances may go. Answered like a transfer: 200 with the AccountOpened outcome; 409 "
            + "ACCOUNT_EXISTS when the account is open already (a member's account opens by its first deposit too).")
    @ApiResponse(responseCode = "409", ref = "#/components/responses/Refused")
    @Post
    HttpResponse<Views.OutcomeView> open(@Body Views.OpenAccountBody body, Authentication caller) {
        Access.operatorOnly(caller);
        return CommandController.answer(teller.openAccount(body));
    }

    @Operation(summary = "Change an account's credit limit (operators only)",
        description = "Body {commandId, creditLimit}: the new limit, from 0 to the largest balance, recorded as a "
            + "CreditLimitChanged event. A limit below what the account owes is set all the same: nothing more can "
            + "leave the account until its balance is back above it. 422 UNKNOWN_ACCOUNT for an account never opened.")
    @ApiResponse(responseCode = "404", ref = "#/components/responses/NotFound")
    @ApiResponse(responseCode = "409", ref = "#/components/responses/Refused")
    @Put("/{account}/limits")
    HttpResponse<Views.OutcomeView> limits(@PathVariable String account, @Body Views.LimitsBody body,
                                           Authentication caller) {
        Access.operatorOnly(caller);
        return CommandController.answer(teller.changeCreditLimit(account, body));
    }

    @Operation(summary = "An account's balances per asset",
        description = "At now, or at an instant 'at' (ISO-8601) not before the account's last entry. Amounts are "
            + "exact decimal strings, rounded down to the micro-unit: what is shown can be spent. 'available' is the "
            + "largest amount one transfer can send with its fee (send it with amount \"available\").")
    @ApiResponse(responseCode = "404", ref = "#/components/responses/NotFound")
    @Get("/{account}")
    Views.AccountView account(@PathVariable String account, @Nullable @QueryValue String at,
                              @Nullable @Header(Peers.FORWARDED) String forwarded, Authentication caller) {
        Access.account(caller, account, "account");
        return bank.account(account, QueryParameters.instant("at", at), forwarded != null)
            .orElseThrow(() -> ProblemException.of(HttpStatus.NOT_FOUND, "no account " + account));
    }

    @Operation(summary = "An account's entries in booking order, a page at a time",
        description = "Amounts are signed as they changed this account. Pass 'after' = the previous page's nextAfter. "
            + "With order=newest the pages run from the newest entry back: pass 'before' = the previous page's "
            + "nextBefore.")
    @ApiResponse(responseCode = "404", ref = "#/components/responses/NotFound")
    @Get("/{account}/entries")
    Views.EntriesPage entries(@PathVariable String account, @Nullable @QueryValue Long after,
                              @Nullable @QueryValue Long before, @Nullable @QueryValue String order,
                              @Nullable @QueryValue Integer limit, @Nullable @Header(Peers.FORWARDED) String forwarded,
                              Authentication caller) {
        Access.account(caller, account, "account");
        int size = limit == null ? 100 : limit;
        boolean newest = "newest".equals(order);
        if (order != null && !newest && !"oldest".equals(order)) {
            throw ProblemException.invalid("bad query parameter", List.of(new FieldError("order",
                "must be oldest or newest, was " + order)));
        }
        if (newest ? after != null : before != null) {
            throw ProblemException.invalid("bad query parameter", List.of(new FieldError(newest ? "after" : "before",
                newest ? "pages newest first go back with 'before'" : "goes with order=newest")));
        }
        Optional<Views.EntriesPage> page = newest
            ? bank.entriesNewestFirst(account, before == null ? Long.MAX_VALUE : before, size, forwarded != null)
            : bank.entries(account, after == null ? -1 : after, size, forwarded != null);
        return page.orElseThrow(() -> ProblemException.of(HttpStatus.NOT_FOUND, "no account " + account));
    }

    @Operation(summary = "How an account's attention balance comes about",
        description = "Each entry with its score parts (deposits), its decay weight e^(−(at − t)/τ) and its value at "
            + "'at' (default now); the newest entries are listed, older ones summed in 'earlier'.")
    @ApiResponse(responseCode = "404", ref = "#/components/responses/NotFound")
    @Get("/{account}/explain")
    Views.ExplainView explain(@PathVariable String account, @Nullable @QueryValue String at,
                              @Nullable @Header(Peers.FORWARDED) String forwarded, Authentication caller) {
        Access.account(caller, account, "account");
        return bank.explain(account, QueryParameters.instant("at", at), forwarded != null)
            .orElseThrow(() -> ProblemException.of(HttpStatus.NOT_FOUND, "no account " + account));
    }
}
