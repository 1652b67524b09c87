package io.timebank.ledger;

/** A platform's id for one activity event; (platform, activity id) is unique. */
public record ActivityId(String value) {

    public ActivityId {
        Identifier.require(value);
    }

    public static ActivityId of(String value) {
        return new ActivityId(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
