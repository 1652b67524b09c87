package io.timebank.ledger;

import java.util.Locale;

/**
 * One of the functions f, g, h that turn a raw measure x ≥ 0 into a factor of the score
 * S = f(I) · g(O) · h(E). Chosen per platform in configuration by a spec string:
 *
 * <pre>
 *   identity          x
 *   linear:k          k · x              (k &gt; 0)
 *   log1p             ln(1 + x)
 *   sqrt              √x
 *   saturating:k      1 − e^(−x/k)       (k &gt; 0), approaches 1
 *   capped:c          min(x, c)          (c &gt; 0)
 *   percentile        the measure's rank in [0, 1] among the platform's recent measures
 * </pre>
 *
 * All use {@link StrictMath} so every JVM scores the same; scores are recorded once in the
 * ledger anyway, and replays never re-score.
 */
public sealed interface ScoringFunction {

    /** @param population the platform's recent measures for this dimension; only {@code percentile} reads it */
    double apply(double x, Population population);

    /** The spec string this function is parsed from. */
    String spec();

    record Identity() implements ScoringFunction {
        public double apply(double x, Population population) {
            return x;
        }

        public String spec() {
            return "identity";
        }
    }

    record Linear(double k) implements ScoringFunction {
        public Linear {
            requirePositive("linear", k);
        }

        public double apply(double x, Population population) {
            return k * x;
        }

        public String spec() {
            return "linear:" + k;
        }
    }

    record Log1p() implements ScoringFunction {
        public double apply(double x, Population population) {
            return StrictMath.log1p(x);
        }

        public String spec() {
            return "log1p";
        }
    }

    record Sqrt() implements ScoringFunction {
        public double apply(double x, Population population) {
            return StrictMath.sqrt(x);
        }

        public String spec() {
            return "sqrt";
        }
    }

    record Saturating(double k) implements ScoringFunction {
        public Saturating {
            requirePositive("saturating", k);
        }

        public double apply(double x, Population population) {
            return -StrictMath.expm1(-x / k);
        }

        public String spec() {
            return "saturating:" + k;
        }
    }

    record Capped(double cap) implements ScoringFunction {
        public Capped {
            requirePositive("capped", cap);
        }

        public double apply(double x, Population population) {
            return Math.min(x, cap);
        }

        public String spec() {
            return "capped:" + cap;
        }
    }

    /** Fairness across platforms whose raw scales differ: only the measure's rank on its own platform counts. */
    record PercentileRank() implements ScoringFunction {
        public double apply(double x, Population population) {
            return population.rankOf(x);
        }

        public String spec() {
            return "percentile";
        }
    }

    static ScoringFunction parse(String spec) {
        if (spec == null || spec.isBlank()) {
            throw new IllegalArgumentException("scoring function is required");
        }
        String[] parts = spec.strip().toLowerCase(Locale.ROOT).split(":", 2);
        String name = parts[0];
        boolean hasParameter = parts.length == 2;
        ScoringFunction function = switch (name) {
            case "identity" -> new Identity();
            case "log1p" -> new Log1p();
            case "sqrt" -> new Sqrt();
            case "percentile" -> new PercentileRank();
            case "linear" -> new Linear(parameter(spec, parts));
            case "saturating" -> new Saturating(parameter(spec, parts));
            case "capped" -> new Capped(parameter(spec, parts));
            default -> throw new IllegalArgumentException("unknown scoring function '" + spec
                + "'; expected identity, linear:k, log1p, sqrt, saturating:k, capped:c or percentile");
        };
        boolean takesParameter = function instanceof Linear || function instanceof Saturating || function instanceof Capped;
        if (hasParameter != takesParameter) {
            throw new IllegalArgumentException("scoring function '" + spec + "' "
                + (takesParameter ? "needs a parameter, e.g. " + name + ":2" : "takes no parameter"));
        }
        return function;
    }

    private static double parameter(String spec, String[] parts) {
        if (parts.length < 2) {
            return 1.0; // reported as missing by parse()
        }
        try {
            return Double.parseDouble(parts[1]);
        } catch (NumberFormatException notANumber) {
            throw new IllegalArgumentException("scoring function '" + spec + "' has a parameter that is not a number");
        }
    }

    private static void requirePositive(String name, double parameter) {
        if (!Double.isFinite(parameter) || parameter <= 0) {
            throw new IllegalArgumentException(name + " needs a finite parameter > 0, was " + parameter);
        }
    }
}
