package io.timebank.ledger;

import java.time.Instant;

/**
 * A sum of many decaying amounts, as a statistic: the bank's attention supply on one partition, an
 * input of the floating rate. Landmark form in a double — F = Σ a_j · e^((t_j − L)/τ), read as
 * F · e^(−(t − L)/τ) — so adding an amount is two multiplications, not the exact decimals of a
 * {@link DecayingBalance}. Deterministic ({@link StrictMath}, the same operations in the same
 * order give the same bits); relative error about 1e-15, far below a micro-unit for any supply a
 * bank holds. Never used for what a member can spend.
 *
 * @param landmarkMillis L
 * @param forwardMicros  F in micro-units
 * @param lastMillis     the latest amount's time (reads are not earlier)
 */
public record DecayingSum(long landmarkMillis, double forwardMicros, long lastMillis) {

    public static final DecayingSum EMPTY = new DecayingSum(0, 0.0, Long.MIN_VALUE);

    /** The sum with {@code amount} (signed) added at {@code at}; amounts may arrive late. */
    public DecayingSum plus(Amount amount, Instant at, Decay decay) {
        long t = at.toEpochMilli();
        long landmark = lastMillis == Long.MIN_VALUE ? t : landmarkMillis;
        double forward = forwardMicros;
        if (decay.lifetimes(t - landmark) > 32) {
            forward = forward * StrictMath.exp(-decay.lifetimes(t - landmark));
            landmark = t;
        }
        forward += amount.micros() * StrictMath.exp(decay.lifetimes(t - landmark));
        return new DecayingSum(landmark, forward, Math.max(lastMillis, t));
    }

    /** The sum at {@code now} (not before its latest amount), rounded down to the micro-unit, never below zero. */
    public Amount amountAt(Instant now, Decay decay) {
        if (lastMillis == Long.MIN_VALUE) {
            return Amount.ZERO;
        }
        long t = Math.max(now.toEpochMilli(), lastMillis);
        double micros = forwardMicros * StrictMath.exp(-decay.lifetimes(t - landmarkMillis));
        return new Amount(Math.max(0, (long) StrictMath.floor(micros)));
    }

    /** The latest amount's time, or null before the first. */
    public Instant lastAt() {
        return lastMillis == Long.MIN_VALUE ? null : Instant.ofEpochMilli(lastMillis);
    }
}
