package io.timebank.ledger;

/** What an account holds. Attention decays with the bank's τ; the stable asset does not. */
public enum Asset {
    /** Attention value earned by activity; decays as e^(-t/τ). */
    ATTENTION,
    /** The non-decaying asset that attention is exchanged into. */
    STABLE;

    public static Asset parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("is required");
        }
        for (Asset asset : values()) {
            if (asset.name().equalsIgnoreCase(text.strip())) {
                return asset;
            }
        }
        throw new IllegalArgumentException("must be one of ATTENTION, STABLE, not '" + text + "'");
    }
}
