package io.timebank.ledger;

import java.util.List;

/** An input checked against the rules: either a domain value, or every field error found. */
public sealed interface Validated<T> {

    record Valid<T>(T value) implements Validated<T> {
    }

    record Invalid<T>(List<FieldError> errors) implements Validated<T> {
        public Invalid {
            errors = List.copyOf(errors);
            if (errors.isEmpty()) {
                throw new IllegalArgumentException("an invalid input names at least one field error");
            }
        }

        /** One line for logs and dead-letter headers: "field: message; field: message". */
        public String reason() {
            return String.join("; ", errors.stream().map(FieldError::toString).toList());
        }
    }

    default boolean isValid() {
        return this instanceof Valid<T>;
    }

    /** The value, or {@link IllegalStateException} naming the errors. */
    default T orElseThrow() {
        return switch (this) {
            case Valid<T> valid -> valid.value();
            case Invalid<T> invalid -> throw new IllegalStateException("invalid input: " + invalid.reason());
        };
    }
}
