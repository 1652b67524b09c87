package io.timebank.ledger;

/** A platform that emits activities and owns accounts. */
public record PlatformId(String value) {

    public PlatformId {
        Identifier.require(value);
    }

    public static PlatformId of(String value) {
        return new PlatformId(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
