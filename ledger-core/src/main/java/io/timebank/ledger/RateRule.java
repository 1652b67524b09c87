package io.timebank.ledger;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * The bank's floating exchange rate (stable per attention), backed by its stable reserve in the
 * manner of a Bancor reserve ratio (see docs/ECONOMICS.md):
 *
 * <pre>target = reserve / (weight × supply)</pre>
 *
 * where supply is the median of the latest {@code samples} readings of the bank's total attention
 * (a burst moves one reading, not the median). Each interval the published rate moves from the
 * previous one toward the target by at most {@code maxStep} of itself, and stays within
 * [{@code floor}, {@code ceiling}]. More supply against the same reserve lowers the rate; more
 * reserve raises it. Exact decimals throughout, rounded once to the rate's 12 places, toward the
 * previous rate at the step bounds so that no step exceeds them.
 *
 * @param version  recorded with every rate, so a later change of formula never reinterprets one
 * @param weight   the reserve ratio, in (0, 1]: the share of the supply's value the reserve backs
 * @param maxStep  the largest move per interval, a fraction of the previous rate in (0, 1)
 * @param samples  how many supply readings the median is taken over, at least 1
 */
public record RateRule(int version, BigDecimal weight, BigDecimal maxStep, ExchangeRate floor, ExchangeRate ceiling,
                       int samples) {

    private static final int SCALE = ExchangeRate.SCALE_MAX;

    public RateRule {
        if (weight == null || weight.signum() <= 0 || weight.compareTo(BigDecimal.ONE) > 0) {
            throw new IllegalArgumentException("weight must be in (0, 1], was " + weight);
        }
        if (maxStep == null || maxStep.signum() <= 0 || maxStep.compareTo(BigDecimal.ONE) >= 0) {
            throw new IllegalArgumentException("maxStep must be in (0, 1), was " + maxStep);
        }
        if (floor == null || ceiling == null || floor.stablePerAttention().compareTo(ceiling.stablePerAttention()) > 0) {
            throw new IllegalArgumentException("floor " + floor + " must not be above ceiling " + ceiling);
        }
        if (samples < 1) {
            throw new IllegalArgumentException("samples must be at least 1, was " + samples);
        }
    }

    /** What a published rate was computed from, recorded with it. */
    public record Decision(ExchangeRate rate, ExchangeRate target, Amount supply, Amount reserve, int version) {
    }

    /** Refuses a starting rate outside the bounds, naming it. */
    public ExchangeRate requireWithin(ExchangeRate initial) {
        if (initial.stablePerAttention().compareTo(floor.stablePerAttention()) < 0
            || initial.stablePerAttention().compareTo(ceiling.stablePerAttention()) > 0) {
            throw new IllegalArgumentException("the initial rate " + initial + " is outside [" + floor + ", " + ceiling + "]");
        }
        return initial;
    }

    /**
     * The next rate after {@code previous}, from the bank's {@code reserve} and its supply readings
     * {@code supplies} (oldest first; only the latest {@link #samples} count).
     */
    public Decision next(ExchangeRate previous, List<Amount> supplies, Amount reserve) {
        if (supplies.isEmpty()) {
            throw new IllegalArgumentException("no supply reading");
        }
        Amount supply = median(supplies.subList(Math.max(0, supplies.size() - samples), supplies.size()));
        BigDecimal low = floor.stablePerAttention();
        BigDecimal high = ceiling.stablePerAttention();
        BigDecimal target;
        if (!supply.isPositive()) {
            target = high; // nothing in circulation: the reserve backs any amount
        } else if (!reserve.isPositive()) {
            target = low;
        } else {
            target = reserve.toDecimal().divide(weight.multiply(supply.toDecimal()), SCALE, RoundingMode.HALF_EVEN);
        }
        target = target.max(low).min(high);
        BigDecimal before = previous.stablePerAttention();
        BigDecimal down = before.multiply(BigDecimal.ONE.subtract(maxStep)).setScale(SCALE, RoundingMode.CEILING);
        BigDecimal up = before.multiply(BigDecimal.ONE.add(maxStep)).setScale(SCALE, RoundingMode.FLOOR);
        BigDecimal rate = target.max(down).min(up).max(low).min(high);
        return new Decision(new ExchangeRate(rate), new ExchangeRate(target), supply, reserve, version);
    }

    /** The lower median: an exact reading, never an average of two. */
    private static Amount median(List<Amount> readings) {
        List<Amount> sorted = new ArrayList<>(readings);
        sorted.sort(null);
        return sorted.get((sorted.size() - 1) / 2);
    }
}
