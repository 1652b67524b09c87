package io.timebank.ledger;

/** What is wrong with one field of an input, named as the client sent it (e.g. "measures.interaction"). */
public record FieldError(String field, String message) {

    @Override
    public String toString() {
        return field + ": " + message;
    }
}
