package io.timebank.ledger;

import java.time.Duration;

/**
 * Exponential decay e^(-t/τ) of attention value, with τ the mean lifetime.
 *
 * <p>The seed document calls τ a half-life; it is the mean lifetime. Configure either:
 * half-life = τ · ln 2. Time resolution is one millisecond. All exponentials go through
 * {@link StrictMath#exp} so that every JVM computes the same bits: replays must rebuild
 * balances bit for bit.
 */
public record Decay(Duration meanLifetime) {

    private static final double LN_2 = StrictMath.log(2.0);

    public Decay {
        if (meanLifetime == null || meanLifetime.isNegative() || meanLifetime.toMillis() <= 0) {
            throw new IllegalArgumentException("mean lifetime τ must be at least one millisecond, was " + meanLifetime);
        }
    }

    public static Decay ofMeanLifetime(Duration tau) {
        return new Decay(tau);
    }

    public static Decay ofHalfLife(Duration halfLife) {
        if (halfLife == null || halfLife.toMillis() <= 0) {
            throw new IllegalArgumentException("half-life must be at least one millisecond, was " + halfLife);
        }
        return new Decay(Duration.ofMillis(Math.round(halfLife.toMillis() / LN_2)));
    }

    public Duration halfLife() {
        return Duration.ofMillis(Math.round(meanLifetime.toMillis() * LN_2));
    }

    /** How many lifetimes τ fit in the given span of milliseconds (may be negative). */
    public double lifetimes(long elapsedMillis) {
        return elapsedMillis / (double) meanLifetime.toMillis();
    }

    /** e^(-elapsed/τ): the weight a unit booked {@code elapsedMillis} ago has now. */
    public double weightAfter(long elapsedMillis) {
        return StrictMath.exp(-lifetimes(elapsedMillis));
    }
}
