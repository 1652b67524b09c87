package io.timebank.ledger;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Collects field errors while an input is converted field by field, so a client hears about
 * every bad field at once. A parser that throws {@link IllegalArgumentException} reports its
 * message against the field's name.
 */
final class FieldChecks {

    private final List<FieldError> errors = new ArrayList<>();

    <R, T> T parse(String field, R raw, Function<R, T> parser) {
        try {
            return parser.apply(raw);
        } catch (IllegalArgumentException | NullPointerException problem) {
            reject(field, problem instanceof NullPointerException || problem.getMessage() == null
                ? "is required" : problem.getMessage());
            return null;
        }
    }

    /**
     * A client's id for something the bank derives its own ids from ({@code <id>::<n>}, {@code <id>::cancel}…):
     * a client's command id of at most {@code lengthMax} characters, so the derived ones fit too.
     */
    CommandId clientId(String field, String text, int lengthMax) {
        CommandId id = parse(field, text, CommandId::ofClient);
        if (id != null && id.value().length() > lengthMax) {
            reject(field, "is longer than " + lengthMax + " characters: the bank's ids derived from it must fit");
            return null;
        }
        return id;
    }

    void reject(String field, String message) {
        errors.add(new FieldError(field, message));
    }

    void require(boolean rule, String field, String message) {
        if (!rule) {
            reject(field, message);
        }
    }

    boolean hasErrors() {
        return !errors.isEmpty();
    }

    <T> Validated<T> result(Supplier<T> build) {
        return errors.isEmpty() ? new Validated.Valid<>(build.get()) : new Validated.Invalid<>(errors);
    }
}
