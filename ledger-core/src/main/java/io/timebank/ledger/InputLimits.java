package io.timebank.ledger;

import java.time.Duration;
import java.time.Instant;

/**
 * Bounds on what the bank accepts as input. Anything outside is bad input with a named field.
 *
 * @param clockSkewMax   how far in the future an event time may be (producers' clocks drift)
 * @param eventAgeMax    how far in the past an activity may be and still be credited
 * @param measureMax     the largest raw measure accepted
 * @param scoreMax       the largest score S one activity may credit
 * @param amountMax      the largest amount one transfer or exchange may move
 * @param memoLengthMax  the longest transfer memo, in characters
 * @param metadataEntriesMax  how many metadata entries an activity may carry
 * @param metadataLengthMax   the longest metadata key or value, in characters
 */
public record InputLimits(Duration clockSkewMax, Duration eventAgeMax, Measure measureMax, Amount scoreMax,
                          Amount amountMax, int memoLengthMax, int metadataEntriesMax, int metadataLengthMax) {

    public static final InputLimits DEFAULT = new InputLimits(
        Duration.ofMinutes(5), Duration.ofDays(7), Measure.of(1_000_000_000L), Amount.ofUnits(1_000_000_000L),
        Amount.ofUnits(1_000_000_000_000L), 256, 32, 256);

    public InputLimits {
        if (clockSkewMax.isNegative() || eventAgeMax.isNegative() || eventAgeMax.isZero()) {
            throw new IllegalArgumentException("clockSkewMax must be >= 0 and eventAgeMax > 0");
        }
        if (measureMax.micros() <= 0 || !scoreMax.isPositive() || !amountMax.isPositive()) {
            throw new IllegalArgumentException("measureMax, scoreMax and amountMax must be positive");
        }
    }

    /** Checks an event time against [now − eventAgeMax, now + clockSkewMax]. */
    void checkEventTime(FieldChecks checks, String field, Instant at, Instant now) {
        eventTimeProblem(at, now).ifPresent(problem -> checks.reject(field, problem));
    }

    /** What is wrong with event time {@code at} judged at {@code now}, if anything. */
    public java.util.Optional<String> eventTimeProblem(Instant at, Instant now) {
        if (at == null) {
            return java.util.Optional.of("is required");
        } else if (at.isAfter(now.plus(clockSkewMax))) {
            return java.util.Optional.of("is in the future: " + at + " is more than " + clockSkewMax + " after " + now);
        } else if (at.isBefore(now.minus(eventAgeMax))) {
            return java.util.Optional.of("is too old: " + at + " is more than " + eventAgeMax + " before " + now);
        }
        return java.util.Optional.empty();
    }
}
