package io.timebank.api;

import io.timebank.ledger.FieldError;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

/** Query parameters read once, a bad one answered with a problem naming it. */
final class QueryParameters {

    private QueryParameters() {
    }

    /** {@code value} as an instant, or null when absent. */
    static Instant instant(String field, String value) {
        if (value == null) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException notAnInstant) {
            throw ProblemException.invalid("bad query parameter", List.of(new FieldError(field,
                "must be an ISO-8601 instant such as 2026-01-01T10:00:00Z")));
        }
    }

    /** {@code value}, or {@code absent} when it is not given; refused outside [1, max]. */
    static int limit(String field, Integer value, int absent, int max) {
        if (value == null) {
            return absent;
        }
        if (value < 1 || value > max) {
            throw ProblemException.invalid("bad query parameter", List.of(new FieldError(field,
                "must be between 1 and " + max + ", was " + value)));
        }
        return value;
    }
}
