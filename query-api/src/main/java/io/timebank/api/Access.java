package io.timebank.api;

import io.micronaut.http.HttpStatus;
import io.micronaut.security.authentication.Authentication;

/**
 * The authorization rules, in one place: an operator may do anything; a member only to their own
 * account; a platform only post its own activities. A refusal is 403 problem+json naming the field.
 */
final class Access {

    private Access() {
    }

    static boolean operator(Authentication caller) {
        return caller.getRoles().contains(Tokens.OPERATOR);
    }

    /** Reading or moving value of {@code account}: its member or an operator. */
    static void account(Authentication caller, String account, String field) {
        if (operator(caller) || member(caller, account)) {
            return;
        }
        throw forbidden(field, "may only be your own account");
    }

    /** Whether {@code caller} is the member {@code account} (not merely a caller of that name). */
    static boolean member(Authentication caller, String account) {
        return caller.getRoles().contains(Tokens.MEMBER) && caller.getName().equals(account);
    }

    /** Posting an activity of {@code platform}: that platform or an operator. */
    static void platform(Authentication caller, String platform) {
        if (operator(caller)) {
            return;
        }
        Object own = caller.getAttributes().get(Tokens.PLATFORM);
        if (caller.getRoles().contains(Tokens.PLATFORM) && own != null && own.equals(platform)) {
            return;
        }
        throw forbidden("platform", "may only be your own platform");
    }

    static void operatorOnly(Authentication caller) {
        if (!operator(caller)) {
            throw new ProblemException(Problem.of(HttpStatus.FORBIDDEN.getCode(), "Forbidden", "operators only"));
        }
    }

    private static ProblemException forbidden(String field, String message) {
        return new ProblemException(new Problem("about:blank", "Forbidden", HttpStatus.FORBIDDEN.getCode(),
            field + " " + message, java.util.List.of(new Problem.FieldProblem(field, message)), null, null));
    }
}
