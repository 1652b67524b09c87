package io.timebank.ledger;

/** The three raw measures of an activity: interaction I, originality O, engagement E. */
public record Measures(Measure interaction, Measure originality, Measure engagement) {

    public Measures {
        if (interaction == null || originality == null || engagement == null) {
            throw new IllegalArgumentException("all three measures are required");
        }
    }

    public static Measures of(long interaction, long originality, long engagement) {
        return new Measures(Measure.of(interaction), Measure.of(originality), Measure.of(engagement));
    }
}
