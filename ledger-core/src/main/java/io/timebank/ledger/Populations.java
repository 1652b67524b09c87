package io.timebank.ledger;

/** A platform's populations for the three dimensions, as the percentile function sees them. */
public record Populations(Population interaction, Population originality, Population engagement) {

    public static final Populations NONE = new Populations(Population.NONE, Population.NONE, Population.NONE);
}
