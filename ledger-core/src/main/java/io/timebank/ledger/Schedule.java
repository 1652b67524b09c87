package io.timebank.ledger;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAmount;

/**
 * When the occurrences of something recurring fall due: the first at {@code first}, then one every
 * {@code interval} — an exact duration ({@code PT1H}) or a calendar period in UTC ({@code P1M}: the
 * same day of each month, the month's last day when it is shorter) — until {@code count}
 * occurrences or the last at or before {@code until}; with neither, without end. Occurrence n is
 * always computed from the first (first + n × interval), so calendar periods never drift.
 *
 * @param count the number of occurrences, or 0 for no limit by count
 * @param until the latest time an occurrence may fall due, or null for no limit by time
 */
public record Schedule(Instant first, TemporalAmount interval, long count, Instant until) {

    /** The shortest interval a schedule may have. */
    public static final Duration INTERVAL_MIN = Duration.ofMinutes(1);
    /** The latest time any occurrence may fall due. */
    public static final Instant LAST_DUE = Instant.parse("9999-12-31T23:59:59Z");
    /** The most occurrences one schedule may count. */
    public static final long COUNT_MAX = 100_000;

    public Schedule {
        if (first == null || interval == null) {
            throw new IllegalArgumentException("a schedule needs a first due time and an interval");
        }
        if (!(interval instanceof Duration) && !(interval instanceof Period)) {
            throw new IllegalArgumentException("the interval is a duration or a period, was " + interval);
        }
        if (interval instanceof Duration duration && duration.compareTo(INTERVAL_MIN) < 0) {
            throw new IllegalArgumentException("the interval must be at least " + INTERVAL_MIN + ", was " + interval);
        }
        if (interval instanceof Period period && (period.isNegative() || period.isZero())) {
            throw new IllegalArgumentException("the interval must be a positive period, was " + interval);
        }
        if (count < 0 || count > COUNT_MAX) {
            throw new IllegalArgumentException("count must be within [0, " + COUNT_MAX + "] (0: no limit), was " + count);
        }
        // Kept to the millisecond, as the ledger's times are: what is stored reads back the same.
        first = first.truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        until = until == null ? null : until.truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        if (until != null && until.isBefore(first)) {
            throw new IllegalArgumentException("until " + until + " is before the first occurrence " + first);
        }
    }

    /**
     * Reads an interval as ISO-8601: a period of days, weeks, months or years ({@code P1D}, {@code P2W},
     * {@code P1M}, {@code P1Y}) or a duration with a time part ({@code PT30M}, {@code PT1H}, {@code P1DT12H}).
     */
    public static TemporalAmount interval(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("is required: an ISO-8601 period or duration such as P1M or PT1H");
        }
        String trimmed = text.strip().toUpperCase(java.util.Locale.ROOT);
        try {
            return trimmed.contains("T") ? Duration.parse(trimmed) : Period.parse(trimmed);
        } catch (DateTimeException bad) {
            throw new IllegalArgumentException("is not an ISO-8601 period or duration such as P1M or PT1H: " + text);
        }
    }

    /** When occurrence {@code n} (1 for the first) falls due; it may lie past the schedule's end. */
    public Instant dueAt(long n) {
        if (n < 1) {
            throw new IllegalArgumentException("occurrences count from 1, was " + n);
        }
        long steps = n - 1;
        return switch (interval) {
            case Duration duration -> first.plus(duration.multipliedBy(steps));
            case Period period -> first.atOffset(ZoneOffset.UTC).plus(Period.of(
                Math.toIntExact(period.getYears() * steps), Math.toIntExact(period.getMonths() * steps),
                Math.toIntExact(period.getDays() * steps))).toInstant();
            default -> throw new IllegalStateException("checked in the constructor: " + interval);
        };
    }

    /**
     * Whether occurrence {@code n} belongs to the schedule (within its count and its end). A schedule
     * without either ends all the same before the year 10000 ({@link #LAST_DUE}).
     */
    public boolean includes(long n) {
        if (n < 1 || (count != 0 && n > count)) {
            return false;
        }
        Instant due;
        try {
            due = dueAt(n);
        } catch (ArithmeticException | DateTimeException beyondTime) {
            return false;
        }
        return !due.isAfter(until == null ? LAST_DUE : until) && !due.isAfter(LAST_DUE);
    }
}
