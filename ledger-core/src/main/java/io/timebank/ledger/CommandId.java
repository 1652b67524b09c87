package io.timebank.ledger;

/** The client-chosen id of a ledger command; a retried id is applied once. */
public record CommandId(String value) {

    public CommandId {
        Identifier.require(value);
    }

    public static CommandId of(String value) {
        return new CommandId(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
