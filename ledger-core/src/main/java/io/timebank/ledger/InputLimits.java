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
 * @param balanceMax     the largest balance a deposit, a transfer's credit or an exchange may leave in an
 *                       account, per asset; only a refund (which gives back what was taken) may carry a
 *                       balance past it, by at most what is in flight to that account
 * @param memoLengthMax  the longest transfer memo, in characters
 * @param metadataEntriesMax  how many metadata entries an activity may carry
 * @param metadataLengthMax   the longest metadata key or value, in characters
 */
public record InputLimits(Duration clockSkewMax, Duration eventAgeMax, Measure measureMax, Amount scoreMax,
                          Amount amountMax, Amount balanceMax, int memoLengthMax, int metadataEntriesMax,
                          int metadataLengthMax) {

    /**
     * The highest {@link #balanceMax} allowed: one eighth of what a long holds in micro-units
     * (1,152,921,504,606.846975 units). Every sum the ledger forms from checked values — a balance
     * plus a credit limit, an amount plus its fee, a balance plus a refund — then stays far inside
     * a long, so no arithmetic on them can overflow.
     */
    public static final Amount BALANCE_MAX_CEILING = new Amount(Long.MAX_VALUE / 8);

    public static final InputLimits DEFAULT = new InputLimits(
        Duration.ofMinutes(5), Duration.ofDays(7), Measure.of(1_000_000_000L), Amount.ofUnits(1_000_000_000L),
        Amount.ofUnits(1_000_000_000_000L), Amount.ofUnits(1_000_000_000_000L), 256, 32, 256);

    public InputLimits {
        if (clockSkewMax.isNegative() || eventAgeMax.isNegative() || eventAgeMax.isZero()) {
            throw new IllegalArgumentException("clockSkewMax must be >= 0 and eventAgeMax > 0");
        }
        if (measureMax.micros() <= 0 || !scoreMax.isPositive() || !amountMax.isPositive()) {
            throw new IllegalArgumentException("measureMax, scoreMax and amountMax must be positive");
        }
        if (balanceMax.compareTo(BALANCE_MAX_CEILING) > 0) {
            throw new IllegalArgumentException("balanceMax must be at most " + BALANCE_MAX_CEILING + ", was " + balanceMax);
        }
        if (amountMax.compareTo(balanceMax) > 0 || scoreMax.compareTo(balanceMax) > 0) {
            throw new IllegalArgumentException("amountMax and scoreMax must not exceed balanceMax " + balanceMax);
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
