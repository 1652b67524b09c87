package io.timebank.api;

import io.timebank.ledger.FieldError;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

/** Query parameters read once, a bad one answered with a problem naming it. */
final class QueryParameters {

    private QueryParameters() {
    }

    /** The instants a query may name: four-digit years, whose milliseconds every computation can hold. */
    static final Instant EARLIEST = Instant.parse("0000-01-01T00:00:00Z");
    static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999Z");

    /** {@code value} as an instant, or null when absent. */
    static Instant instant(String field, String value) {
        if (value == null) {
            return null;
        }
        Instant instant;
        try {
            instant = Instant.parse(value);
        } catch (DateTimeParseException notAnInstant) {
            throw ProblemException.invalid("bad query parameter", List.of(new FieldError(field,
                "must be an ISO-8601 instant such as 2026-01-01T10:00:00Z")));
        }
        if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
            throw ProblemException.invalid("bad query parameter", List.of(new FieldError(field,
                "must be within " + EARLIEST + " and " + LATEST + ", was " + value)));
        }
        return instant;
    }

    /** {@code value} as an ISO-8601 duration (P30D, PT12H), or {@code absent}; refused outside [0, max]. */
    static Duration duration(String field, String value, Duration absent, Duration max) {
        if (value == null) {
            return absent;
        }
        Duration duration;
        try {
            duration = Duration.parse(value);
        } catch (DateTimeParseException notADuration) {
            throw ProblemException.invalid("bad query parameter", List.of(new FieldError(field,
                "must be an ISO-8601 duration such as P30D or PT12H, was " + value)));
        }
        if (duration.isNegative() || duration.compareTo(max) > 0) {
            throw ProblemException.invalid("bad query parameter", List.of(new FieldError(field,
                "must be between PT0S and " + max + ", was " + value)));
        }
        return duration;
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
