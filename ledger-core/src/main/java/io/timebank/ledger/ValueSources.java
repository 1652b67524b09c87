package io.timebank.ledger;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where an attention balance came from: its deposits grouped by platform, with what each platform's
 * deposits are worth now and how they scored on average (the parts of S = f(I) · g(O) · h(E)), so a
 * member sees which activity counted and why.
 *
 * @param sources one per platform, the most valuable first (by name on a tie)
 */
public record ValueSources(List<Source> sources) {

    public ValueSources {
        sources = List.copyOf(sources);
    }

    /**
     * One platform's deposits: how many, what they credited, what they are worth now (each credited
     * amount times its decay weight, summed, rounded half-even to the micro-unit) and their mean
     * f(I), g(O), h(E) and S (rounded half-even to six places).
     */
    public record Source(PlatformId platform, int deposits, BigDecimal credited, BigDecimal value,
                         BigDecimal interactionFactor, BigDecimal originalityFactor, BigDecimal engagementFactor,
                         BigDecimal score) {
    }

    /** A deposit and its decay weight at the instant the balance is read. */
    public record Weighted(LedgerEvent.Deposited deposit, BigDecimal weight) {
    }

    public static ValueSources of(List<Weighted> deposits) {
        Map<PlatformId, List<Weighted>> byPlatform = new TreeMap<>(java.util.Comparator.comparing(PlatformId::value));
        for (Weighted weighted : deposits) {
            byPlatform.computeIfAbsent(weighted.deposit().platform(), platform -> new ArrayList<>()).add(weighted);
        }
        List<Source> sources = new ArrayList<>();
        byPlatform.forEach((platform, own) -> {
            BigDecimal credited = BigDecimal.ZERO;
            BigDecimal value = BigDecimal.ZERO;
            BigDecimal interaction = BigDecimal.ZERO;
            BigDecimal originality = BigDecimal.ZERO;
            BigDecimal engagement = BigDecimal.ZERO;
            BigDecimal score = BigDecimal.ZERO;
            for (Weighted weighted : own) {
                LedgerEvent.Deposited deposit = weighted.deposit();
                credited = credited.add(deposit.credited().toDecimal());
                value = value.add(deposit.credited().toDecimal().multiply(weighted.weight()));
                interaction = interaction.add(deposit.score().interactionFactor().toDecimal());
                originality = originality.add(deposit.score().originalityFactor().toDecimal());
                engagement = engagement.add(deposit.score().engagementFactor().toDecimal());
                score = score.add(deposit.score().value().toDecimal());
            }
            BigDecimal count = BigDecimal.valueOf(own.size());
            sources.add(new Source(platform, own.size(), credited, value.setScale(Amount.SCALE, RoundingMode.HALF_EVEN),
                mean(interaction, count), mean(originality, count), mean(engagement, count), mean(score, count)));
        });
        sources.sort(java.util.Comparator.comparing(Source::value).reversed());
        return new ValueSources(sources);
    }

    private static BigDecimal mean(BigDecimal sum, BigDecimal count) {
        return sum.divide(count, Amount.SCALE, RoundingMode.HALF_EVEN);
    }
}
