package io.timebank.ledger;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * An incentive for sustained quality (docs/ECONOMICS.md). A member's <em>quality</em> is a moving
 * average of the ranks of their recent scores among their platform's ({@code scoreRank}, in [0, 1]):
 * the first deposit sets it, each next one moves it by (rank − quality) / {@code window}, rounded
 * half-even to six places. Once a member has {@code minimumDeposits} deposits, their transfer fee is
 * multiplied by a factor from {@code highest} (quality 0) down to {@code lowest} (quality 1):
 * factor = highest − (highest − lowest) · quality, rounded half-even to six places; 1 before that.
 * The deposit records the quality after it, the debit the factor it charged: a replay reads both.
 */
public record QualityRule(int window, int minimumDeposits, Measure lowest, Measure highest) {

    public QualityRule {
        if (window < 1 || window > 10_000) {
            throw new IllegalArgumentException("window must be within [1, 10000] deposits, was " + window);
        }
        if (minimumDeposits < 1 || minimumDeposits > 10_000) {
            throw new IllegalArgumentException("minimum must be within [1, 10000] deposits, was " + minimumDeposits);
        }
        if (lowest == null || highest == null || lowest.micros() < 0 || lowest.compareTo(highest) > 0
            || highest.compareTo(Measure.of(2)) > 0) {
            throw new IllegalArgumentException("lowest " + lowest + " and highest " + highest
                + " must satisfy 0 <= lowest <= highest <= 2");
        }
    }

    /** A member's quality so far: the moving average of their score ranks, and how many deposits made it. */
    public record Quality(Measure mean, int deposits) {

        public static final Quality NONE = new Quality(Measure.ZERO, 0);

        public Quality {
            if (mean == null || mean.micros() < 0 || mean.compareTo(Measure.of(1)) > 0 || deposits < 0) {
                throw new IllegalArgumentException("quality must be in [0, 1] over a count of deposits, was " + mean);
            }
        }
    }

    /** The quality after a deposit whose score ranked {@code rank} among the platform's. */
    public Measure next(Quality quality, Measure rank) {
        long clamped = Math.clamp(rank.micros(), 0, FixedPoint.ONE);
        if (quality.deposits() == 0) {
            return new Measure(clamped);
        }
        long moved = BigDecimal.valueOf(clamped - quality.mean().micros())
            .divide(BigDecimal.valueOf(window), 0, RoundingMode.HALF_EVEN).longValueExact();
        return new Measure(Math.clamp(quality.mean().micros() + moved, 0, FixedPoint.ONE));
    }

    /** The multiplier on a transfer fee of a member of {@code quality}. */
    public Measure feeFactor(Quality quality) {
        if (quality.deposits() < minimumDeposits) {
            return Measure.of(1);
        }
        BigDecimal span = highest.toDecimal().subtract(lowest.toDecimal());
        BigDecimal factor = highest.toDecimal().subtract(span.multiply(quality.mean().toDecimal()));
        return new Measure(factor.movePointRight(FixedPoint.SCALE).setScale(0, RoundingMode.HALF_EVEN).longValueExact());
    }

    /**
     * Reads the rule as operators write it: {@code off} (null: no incentive), or
     * {@code "window=20, minimum=5, lowest=0.8, highest=1.2"} (any part left out takes that value).
     */
    public static QualityRule parse(String spec) {
        if (spec == null || spec.isBlank()) {
            throw new IllegalArgumentException("is empty: write off, or e.g. \"window=20, minimum=5, lowest=0.8, highest=1.2\"");
        }
        if (spec.strip().equals("off")) {
            return null;
        }
        Map<String, String> values = new HashMap<>();
        for (String part : spec.split(",")) {
            String[] pair = part.split("=", 2);
            String key = pair[0].strip();
            if (pair.length != 2 || !Set.of("window", "minimum", "lowest", "highest").contains(key)) {
                throw new IllegalArgumentException("unknown part \"" + part.strip()
                    + "\": window=, minimum=, lowest= and highest= are known");
            }
            values.put(key, pair[1].strip());
        }
        try {
            return new QualityRule(Integer.parseInt(values.getOrDefault("window", "20")),
                Integer.parseInt(values.getOrDefault("minimum", "5")), Measure.parse(values.getOrDefault("lowest", "0.8")),
                Measure.parse(values.getOrDefault("highest", "1.2")));
        } catch (NumberFormatException notANumber) {
            throw new IllegalArgumentException("window and minimum are whole numbers: " + notANumber.getMessage());
        }
    }
}
