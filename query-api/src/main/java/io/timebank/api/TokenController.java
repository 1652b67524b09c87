package io.timebank.api;

import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.media.Schema;
import io.timebank.stream.LedgerSettings;

/** Operators mint members' tokens (a platform's login flow would call this on a member's behalf). */
@Controller("/v1/tokens")
@ApiResponse(responseCode = "401", ref = "#/components/responses/Unauthorized")
@ApiResponse(responseCode = "403", ref = "#/components/responses/Forbidden")
@ApiResponse(responseCode = "422", ref = "#/components/responses/Invalid")
@ApiResponse(responseCode = "503", ref = "#/components/responses/Unavailable")
class TokenController {

    private final Tokens tokens;

    private final LedgerSettings settings;

    TokenController(Tokens tokens, LedgerRuntime runtime) {
        this.tokens = tokens;
        this.settings = runtime.settings();
    }

    @Serdeable
    @Schema(example = ApiExamples.TOKEN_REQUEST)
    record TokenRequest(String account) {
    }

    @Serdeable
    @Schema(example = ApiExamples.TOKEN_ANSWER)
    record TokenAnswer(String account, String token) {
    }

    /**
     * @param subject  the account of a member token, the platform of a platform token, the name of an operator's
     * @param roles    what the token may do (operator, member, platform)
     */
    @Serdeable
    @Schema(example = ApiExamples.CALLER)
    record Caller(String subject, java.util.List<String> roles) {
    }

    @Operation(summary = "Who the bearer token speaks for: its subject and roles (any valid token)")
    @Get("/current")
    Caller current(Authentication caller) {
        return new Caller(caller.getName(), caller.getRoles().stream().sorted().toList());
    }

    @Operation(summary = "Mint a member token for an account (operators only)")
    @Post
    TokenAnswer mint(@Body TokenRequest request, Authentication caller) {
        Access.operatorOnly(caller);
        if (request.account() == null || request.account().isBlank()) {
            throw ProblemException.invalid("no account", java.util.List.of(
                new io.timebank.ledger.FieldError("account", "is required")));
        }
        if (settings.systemAccounts().stream().anyMatch(owned -> owned.value().equals(request.account()))) {
            throw ProblemException.invalid("no member token for the bank's own accounts", java.util.List.of(
                new io.timebank.ledger.FieldError("account", "is the bank's own account " + request.account())));
        }
        return new TokenAnswer(request.account(), tokens.member(request.account()));
    }
}
