package io.timebank.ledger;

/** A platform's choice of f, g, h: S = f(I) · g(O) · h(E). */
public record ScoringRule(ScoringFunction interaction, ScoringFunction originality, ScoringFunction engagement) {

    public static final ScoringRule IDENTITY = new ScoringRule(
        new ScoringFunction.Identity(), new ScoringFunction.Identity(), new ScoringFunction.Identity());

    public ScoringRule {
        if (interaction == null || originality == null || engagement == null) {
            throw new IllegalArgumentException("f, g and h are all required");
        }
    }

    public static ScoringRule parse(String f, String g, String h) {
        return new ScoringRule(ScoringFunction.parse(f), ScoringFunction.parse(g), ScoringFunction.parse(h));
    }

    /**
     * Scores once. Throws {@link IllegalArgumentException} when S is not a finite number or is above
     * {@code scoreMax} — an absurd activity is bad input, not a deposit.
     */
    public Score score(Measures measures, Populations populations, Amount scoreMax) {
        double f = interaction.apply(measures.interaction().toDouble(), populations.interaction());
        double g = originality.apply(measures.originality().toDouble(), populations.originality());
        double h = engagement.apply(measures.engagement().toDouble(), populations.engagement());
        double s = f * g * h;
        if (!Double.isFinite(s) || s < 0) {
            throw new IllegalArgumentException("score is not a finite non-negative number: " + s);
        }
        if (s > scoreMax.toDouble()) {
            throw new IllegalArgumentException("score " + s + " is above the maximum " + scoreMax);
        }
        return new Score(Measure.rounded(f), Measure.rounded(g), Measure.rounded(h), new Amount(FixedPoint.round(s)));
    }
}
