package io.timebank.ledger;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * How much of a member's activity on one platform is credited in one day (UTC, the activity's
 * event time), against farming by volume and against compulsive use (see docs/ECONOMICS.md).
 *
 * <ol>
 *   <li><b>Spacing.</b> An activity closer than {@code minimumInterval} to the member's latest
 *       full activity of the day (the anchor, either side of it) counts for the fraction of the
 *       interval between them: 2 minutes after, with a 10-minute interval, it counts 0.2 of its
 *       score. It does not move the anchor, so a burst cannot push the next full activity away.</li>
 *   <li><b>Diminishing returns.</b> What counts adds up over the day, x. Up to {@code softBudget}
 *       it is credited in full; beyond it the day's credit follows
 *       {@code C(x) = soft + (cap − soft)·(1 − e^(−(x − soft)/(cap − soft)))}, which leaves the soft
 *       budget with slope 1 and approaches {@code hardCap} without reaching it. An activity is
 *       credited C(x after) − what the day has credited already, rounded down to the micro-unit,
 *       so the day's credits never sum past the cap.</li>
 * </ol>
 * Pure and deterministic ({@link StrictMath}): the stream decides once and records the raw score,
 * the factor and the credit in the deposit; a replay reads them back, it never recomputes them.
 *
 * @param softBudget      credited in full each day, per member and platform
 * @param hardCap         the most a day can credit; equal to the soft budget for a hard stop
 * @param minimumInterval spacing below which an activity counts less; zero to switch spacing off
 */
public record DailyCap(Amount softBudget, Amount hardCap, Duration minimumInterval) {

    /** No cap and no spacing: every score credited as it is. */
    public static final DailyCap NONE = new DailyCap(new Amount(Long.MAX_VALUE / 2), new Amount(Long.MAX_VALUE / 2),
        Duration.ZERO);

    public DailyCap {
        if (softBudget == null || hardCap == null || minimumInterval == null) {
            throw new IllegalArgumentException("softBudget, hardCap and minimumInterval are required");
        }
        if (softBudget.isNegative()) {
            throw new IllegalArgumentException("softBudget must not be negative, was " + softBudget);
        }
        if (hardCap.compareTo(softBudget) < 0) {
            throw new IllegalArgumentException("hardCap " + hardCap + " is below softBudget " + softBudget);
        }
        if (minimumInterval.isNegative()) {
            throw new IllegalArgumentException("minimumInterval must not be negative, was " + minimumInterval);
        }
    }

    /** One member's day on one platform so far: what counted, what was credited, the spacing anchor. */
    public record Day(LocalDate date, long countedMicros, long creditedMicros, Instant anchor) {

        public static Day start(LocalDate date) {
            return new Day(date, 0, 0, null);
        }
    }

    /**
     * The decision for one activity.
     *
     * @param spacing the spacing factor applied to the raw score (1 when spacing is off or far enough)
     * @param factor  credited ÷ raw, as recorded (1 when nothing was held back; 0 for a zero score)
     * @param after   the day as it stands once this activity is credited
     */
    public record Credit(Amount raw, Measure spacing, Measure factor, Amount credited, Day after) {
    }

    /**
     * Credits {@code raw} for an activity at {@code at}, given the member's {@code day} on this
     * platform so far (null, or another date's: a fresh day).
     */
    public Credit credit(Day day, Instant at, Amount raw) {
        if (raw.isNegative()) {
            throw new IllegalArgumentException("a score is never negative, was " + raw);
        }
        LocalDate date = LocalDate.ofInstant(at, ZoneOffset.UTC);
        Day today = day == null || !day.date().equals(date) ? Day.start(date) : day;

        long spacingMicros = FixedPoint.ONE;
        Instant anchor = today.anchor() == null || at.isAfter(today.anchor()) ? at : today.anchor();
        if (!minimumInterval.isZero() && today.anchor() != null) {
            // Either side of the anchor: an activity arriving late is spaced like one on time.
            long apart = Math.abs(Duration.between(today.anchor(), at).toMillis());
            if (apart < minimumInterval.toMillis()) {
                spacingMicros = Math.multiplyExact(apart, FixedPoint.ONE) / minimumInterval.toMillis();
                anchor = today.anchor();
            }
        }
        long counted = scaled(raw.micros(), spacingMicros, FixedPoint.ONE, RoundingMode.DOWN);
        long countedAfter = Math.addExact(today.countedMicros(), counted);
        long creditedAfter = Math.max(today.creditedMicros(), curve(countedAfter));
        long credited = creditedAfter - today.creditedMicros();
        long factor = raw.micros() == 0 ? 0 : scaled(credited, FixedPoint.ONE, raw.micros(), RoundingMode.HALF_EVEN);
        return new Credit(raw, new Measure(spacingMicros), new Measure(factor), new Amount(credited),
            new Day(date, countedAfter, creditedAfter, anchor));
    }

    /** a · b / c, exact before the one rounding. */
    private static long scaled(long a, long b, long c, RoundingMode rounding) {
        return new BigDecimal(BigInteger.valueOf(a).multiply(BigInteger.valueOf(b)))
            .divide(BigDecimal.valueOf(c), 0, rounding).longValueExact();
    }

    /** C(x) in micro-units, rounded down. */
    long curve(long countedMicros) {
        long soft = softBudget.micros();
        long cap = hardCap.micros();
        if (countedMicros <= soft) {
            return countedMicros;
        }
        if (cap == soft) {
            return cap;
        }
        double span = cap - soft;
        double above = span * -StrictMath.expm1(-(countedMicros - soft) / span);
        return Math.min(cap, soft + (long) StrictMath.floor(above));
    }
}
