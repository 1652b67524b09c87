package io.timebank.ledger;

import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s|m|h)");

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
     * What a deposit records of its cap: the spacing factor, credited ÷ raw, and the amount credited.
     * A replay folds these back into the member's day ({@link #recorded}); it never recomputes them.
     */
    public record Applied(Measure spacing, Measure factor, Amount credited) {

        public Applied {
            if (spacing == null || factor == null || credited == null || credited.isNegative()) {
                throw new IllegalArgumentException("spacing, factor and a non-negative credit are required");
            }
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

        public Applied applied() {
            return new Applied(spacing, factor, credited);
        }
    }

    /**
     * The member's day after a deposit whose cap decision was {@code applied}, as {@link #credit}
     * left it: what a replay of the ledger folds, so that the next decision starts from the same day.
     */
    public static Day recorded(Day day, Instant at, Amount raw, Applied applied) {
        LocalDate date = LocalDate.ofInstant(at, ZoneOffset.UTC);
        Day today = day == null || !day.date().equals(date) ? Day.start(date) : day;
        boolean full = applied.spacing().micros() == FixedPoint.ONE;
        Instant anchor = today.anchor() == null || (full && at.isAfter(today.anchor())) ? at : today.anchor();
        long counted = scaled(raw.micros(), applied.spacing().micros(), FixedPoint.ONE, RoundingMode.DOWN);
        return new Day(date, Math.addExact(today.countedMicros(), counted),
            Math.addExact(today.creditedMicros(), applied.credited().micros()), anchor);
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

    /**
     * Reads a cap as operators write it: {@code none}, or a curve and its parameters, e.g.
     * {@code "convergent, soft=100, cap=150, interval=10m"} (diminishing returns between soft and
     * cap) or {@code "hard, cap=150, interval=10m"} (in full up to the cap, then nothing). The
     * interval is optional (no spacing); durations as {@code 90s}, {@code 10m}, {@code 1h} or ISO-8601.
     * Throws {@link IllegalArgumentException} naming the part that is wrong.
     */
    public static DailyCap parse(String spec) {
        if (spec == null || spec.isBlank()) {
            throw new IllegalArgumentException("is empty: write none, or a curve such as \"convergent, soft=100, cap=150\"");
        }
        String[] parts = spec.split(",");
        String curve = parts[0].strip();
        if (curve.equals("none") && parts.length == 1) {
            return NONE;
        }
        if (!curve.equals("convergent") && !curve.equals("hard")) {
            throw new IllegalArgumentException("unknown curve \"" + curve + "\": none, convergent or hard");
        }
        Map<String, String> values = new HashMap<>();
        for (int i = 1; i < parts.length; i++) {
            String[] pair = parts[i].split("=", 2);
            String key = pair[0].strip();
            if (pair.length != 2 || !Set.of("soft", "cap", "interval").contains(key)) {
                throw new IllegalArgumentException("unknown part \"" + parts[i].strip() + "\": soft=, cap= and interval= are known");
            }
            if (values.put(key, pair[1].strip()) != null) {
                throw new IllegalArgumentException(key + " is given twice");
            }
        }
        Amount cap = amount("cap", values.get("cap"));
        Amount soft = curve.equals("hard") ? cap : amount("soft", values.get("soft"));
        if (curve.equals("hard") && values.containsKey("soft")) {
            throw new IllegalArgumentException("soft: a hard cap has no soft budget");
        }
        Duration interval = values.containsKey("interval") ? duration(values.get("interval")) : Duration.ZERO;
        if (soft.isNegative() || cap.isNegative()) {
            throw new IllegalArgumentException((soft.isNegative() ? "soft" : "cap") + " must not be negative, was "
                + (soft.isNegative() ? soft : cap));
        }
        if (cap.compareTo(soft) < 0) {
            throw new IllegalArgumentException("cap " + cap + " is below soft " + soft);
        }
        if (cap.compareTo(NONE.hardCap()) > 0) {
            throw new IllegalArgumentException("cap " + cap + " is above the largest cap " + NONE.hardCap());
        }
        return new DailyCap(soft, cap, interval);
    }

    private static Amount amount(String key, String text) {
        if (text == null) {
            throw new IllegalArgumentException(key + "= is required");
        }
        try {
            return Amount.parse(text);
        } catch (IllegalArgumentException bad) {
            throw new IllegalArgumentException(key + " " + bad.getMessage() + ": \"" + text + "\"");
        }
    }

    private static Duration duration(String text) {
        try {
            if (text.startsWith("P") || text.startsWith("p")) {
                return checkedInterval(Duration.parse(text));
            }
            Matcher matcher = DURATION.matcher(text);
            if (matcher.matches()) {
                long count = Long.parseLong(matcher.group(1));
                return checkedInterval(switch (matcher.group(2)) {
                    case "ms" -> Duration.ofMillis(count);
                    case "s" -> Duration.ofSeconds(count);
                    case "m" -> Duration.ofMinutes(count);
                    default -> Duration.ofHours(count);
                });
            }
        } catch (DateTimeParseException bad) {
            // reported below
        }
        throw new IllegalArgumentException("interval \"" + text + "\" is not a duration such as 90s, 10m, 1h or PT10M");
    }

    private static Duration checkedInterval(Duration interval) {
        if (interval.isNegative() || interval.compareTo(Duration.ofDays(1)) > 0) {
            throw new IllegalArgumentException("interval must be within [0, 1 day], was " + interval);
        }
        return interval;
    }

    /** a · b / c, exact before the one rounding. */
    private static long scaled(long a, long b, long c, RoundingMode rounding) {
        return FixedPoint.mulDiv(a, b, c, rounding);
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
