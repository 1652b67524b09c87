package io.timebank.ledger;

/** The client-chosen id of a ledger command; a retried id is applied once. */
public record CommandId(String value) {

    public CommandId {
        Identifier.require(value);
    }

    public static CommandId of(String value) {
        return new CommandId(value);
    }

    /**
     * An id a client chose: an identifier without {@value StandingOrder#OCCURRENCE_SEPARATOR}, which the
     * bank keeps for the occurrences of standing orders ({@code <order id>::<n>}), so that no client
     * command can take an occurrence's id.
     */
    public static CommandId ofClient(String value) {
        CommandId id = new CommandId(value);
        if (value.contains(StandingOrder.OCCURRENCE_SEPARATOR)) {
            throw new IllegalArgumentException("must not contain '" + StandingOrder.OCCURRENCE_SEPARATOR
                + "': the bank keeps it for the occurrences of standing orders");
        }
        return id;
    }

    /** Whether a client could have chosen this id ({@link #ofClient}). */
    public boolean isClients() {
        return !value.contains(StandingOrder.OCCURRENCE_SEPARATOR);
    }

    @Override
    public String toString() {
        return value;
    }
}
