package io.timebank.ledger;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Instant;

/**
 * The value of an account in a decaying asset: Σ a_j · e^(-(t - t_j)/τ) over its entries,
 * with constant work per entry and per read, whatever the history length.
 *
 * <p>Kept in landmark (forward) form: {@code forwardSum} = Σ a_j · w(t_j) in micro-units, where
 * w(t) = e^((t - L)/τ) is the growth since a landmark time L. An entry adds one term; a read at
 * {@code now} divides by w(now) once. Unlike the backward form (value ← value·e^(-Δ/τ) + a), no
 * rounding error compounds per update: each entry's weight is computed once, and the sum is held
 * to 34 significant digits (IEEE decimal128). Reads divide by the very weight an entry at the same
 * instant multiplies by, so booking −x at t and reading at t gives exactly the value before minus
 * x: a balance that is spent to its last unit reads zero, not −0.000001. When an entry arrives
 * more than {@link #RENORMALIZE_AFTER_LIFETIMES} τ after L, the landmark moves to it so that
 * weights stay below e^32.
 *
 * <p><b>Debt does not decay.</b> Decay applies to what a member holds, not to what they owe. The
 * balance is a held part (the landmark sum, never below zero) and an owed part ({@code owedMicros},
 * which does not decay); at most one of them is non-zero. A debit larger than what is held empties
 * the held part and owes the rest; a credit first reduces what is owed and only the remainder is
 * held and decays. A credit booked late (before t_ref) while something is owed repays at face value
 * when the debt already stood at its time (a refund booked at its debit's time restores exactly),
 * or at what it was worth when the debt began, e^(-(since - t)/τ) of it, when it is older still;
 * what is left of it after repaying is held from then on and decays to t_ref.
 *
 * <p>Rounding bound (see docs/ARCHITECTURE.md): a read differs from the exact real sum by at
 * most one micro-unit (the rounding down) plus 1e-14 of the decayed gross volume
 * Σ |a_j| · e^(-(t - t_j)/τ), independent of how many entries were applied.
 *
 * @param landmarkMillis  L, epoch milliseconds
 * @param forwardSum      Σ a_j · e^((t_j - L)/τ), micro-units at 34 significant digits
 * @param lastEntryMillis t_ref: the latest entry time, epoch milliseconds
 * @param entryCount      entries applied
 * @param owedMicros      what is owed, micro-units at 34 significant digits, never negative; when it is
 *                        above zero, nothing is held ({@code forwardSum} is zero)
 * @param owedSinceMillis when what is owed began to be owed (the debit that emptied the held part)
 */
public record DecayingBalance(long landmarkMillis, BigDecimal forwardSum, long lastEntryMillis, long entryCount,
                              BigDecimal owedMicros, long owedSinceMillis) {

    static final MathContext PRECISION = MathContext.DECIMAL128;
    static final double RENORMALIZE_AFTER_LIFETIMES = 32.0;
    static final int SNAP_SCALE = 18;
    /** Beyond this many lifetimes e^x overflows a double; what decayed that long is worth nothing. */
    static final double EXP_LIFETIMES_MAX = 709;

    public static final DecayingBalance EMPTY = new DecayingBalance(0, BigDecimal.ZERO, Long.MIN_VALUE, 0, BigDecimal.ZERO,
        0);

    public DecayingBalance {
        if (forwardSum == null) {
            throw new IllegalArgumentException("forwardSum is required");
        }
        if (entryCount < 0) {
            throw new IllegalArgumentException("entryCount must not be negative");
        }
        if (owedMicros == null || owedMicros.signum() < 0) {
            throw new IllegalArgumentException("owedMicros must not be negative, was " + owedMicros);
        }
        if (owedMicros.signum() > 0 && forwardSum.signum() != 0) {
            throw new IllegalArgumentException("a balance that owes holds nothing");
        }
    }

    /** A balance that owes nothing. */
    public DecayingBalance(long landmarkMillis, BigDecimal forwardSum, long lastEntryMillis, long entryCount) {
        this(landmarkMillis, forwardSum, lastEntryMillis, entryCount, BigDecimal.ZERO, 0);
    }

    /**
     * Books {@code amount} (positive: credit, negative: debit) at event time {@code at}; late entries
     * are fine. What is held decays; what is owed does not.
     */
    public DecayingBalance plus(Amount amount, Instant at, Decay decay) {
        long t = at.toEpochMilli();
        BigDecimal micros = BigDecimal.valueOf(amount.micros());
        if (entryCount == 0 && amount.isNegative()) {
            return owing(micros.negate(), t, t);
        }
        if (entryCount > 0) {
            long bookedAt = Math.max(t, lastEntryMillis);
            if (owedMicros.signum() > 0) {
                if (amount.isNegative()) {
                    return owing(owedMicros.subtract(worth(micros, t, bookedAt, decay), PRECISION), bookedAt, owedSinceMillis);
                }
                long repaysFrom = Math.max(t, owedSinceMillis);
                BigDecimal owed = owedMicros.subtract(worth(micros, t, repaysFrom, decay), PRECISION);
                return owed.signum() >= 0 ? owing(owed, bookedAt, owedSinceMillis)
                    : holding(worth(owed.negate(), repaysFrom, bookedAt, decay), bookedAt);
            }
            if (amount.isNegative()) {
                BigDecimal held = microsAt(Instant.ofEpochMilli(bookedAt), decay);
                BigDecimal debit = worth(micros, t, bookedAt, decay);
                if (held.add(debit, PRECISION).signum() < 0) {
                    return owing(debit.negate().subtract(held, PRECISION), bookedAt, bookedAt);
                }
            }
        }
        return landmarkPlus(amount, t, decay);
    }

    /** What {@code micros} booked at {@code from} is worth at {@code to} (not before it): e^(-(to - from)/τ) of it. */
    private static BigDecimal worth(BigDecimal micros, long from, long to, Decay decay) {
        if (to <= from) {
            return micros;
        }
        if (decay.lifetimes(to - from) > EXP_LIFETIMES_MAX) {
            return BigDecimal.ZERO; // e^-709 of any amount is nothing
        }
        return micros.divide(growth(from, to, decay), PRECISION);
    }

    /** Nothing held, {@code owed} owed since {@code since} (or nothing at all when it is zero), one entry more. */
    private DecayingBalance owing(BigDecimal owed, long bookedAt, long since) {
        boolean owes = owed.signum() > 0;
        return new DecayingBalance(bookedAt, BigDecimal.ZERO, Math.max(lastEntryMillis, bookedAt), entryCount + 1,
            owes ? owed : BigDecimal.ZERO, owes ? since : 0);
    }

    /** Nothing owed, {@code held} held from {@code bookedAt} on (a fresh landmark there), one entry more. */
    private DecayingBalance holding(BigDecimal held, long bookedAt) {
        return new DecayingBalance(bookedAt, held, Math.max(lastEntryMillis, bookedAt), entryCount + 1, BigDecimal.ZERO,
            0);
    }

    private DecayingBalance landmarkPlus(Amount amount, long t, Decay decay) {
        long landmark = entryCount == 0 ? t : landmarkMillis;
        BigDecimal sum = forwardSum;
        if (decay.lifetimes(t - landmark) > RENORMALIZE_AFTER_LIFETIMES) {
            sum = sum.divide(growth(landmark, t, decay), PRECISION);
            landmark = t;
        }
        // The weight is exact as a BigDecimal once computed, and its product with a long is exact too.
        BigDecimal term = BigDecimal.valueOf(amount.micros()).multiply(growth(landmark, t, decay));
        return new DecayingBalance(landmark, sum.add(term, PRECISION), Math.max(lastEntryMillis, t), entryCount + 1,
            BigDecimal.ZERO, 0);
    }

    /** The value at {@code now} in micro-units at full internal precision. {@code now} must not precede the last entry. */
    public BigDecimal microsAt(Instant now, Decay decay) {
        long t = now.toEpochMilli();
        if (entryCount > 0 && t < lastEntryMillis) {
            throw new IllegalArgumentException("cannot read a balance at " + now + ", before its last entry at "
                + Instant.ofEpochMilli(lastEntryMillis));
        }
        if (owedMicros.signum() > 0) {
            return owedMicros.negate();
        }
        if (entryCount == 0 || forwardSum.signum() == 0) {
            return BigDecimal.ZERO;
        }
        double growth = growthFactor(landmarkMillis, t, decay);
        if (Double.isInfinite(growth)) {
            return BigDecimal.ZERO; // more than 709 τ since the landmark: e^-709 of any amount is far below a unit
        }
        return forwardSum.divide(new BigDecimal(growth), PRECISION);
    }

    /**
     * The value at {@code now}, rounded down to the ledger's unit: what is shown is what can be
     * spent. A positive balance therefore never reads below zero. The 34-digit value is first
     * snapped to {@link #SNAP_SCALE} places of a micro-unit so that decimal128's last-digit noise
     * cannot turn an exact whole number into the unit below it.
     */
    public Amount amountAt(Instant now, Decay decay) {
        return Amount.of(unitsAt(now, decay));
    }

    /**
     * The same value as {@link #amountAt}, as an exact decimal with six places. It never overflows,
     * whatever the balance holds (an account stored before balances had a maximum may hold more than
     * an {@link Amount} can), so reads and checks can always answer.
     */
    public BigDecimal unitsAt(Instant now, Decay decay) {
        BigDecimal micros = microsAt(now, decay).setScale(SNAP_SCALE, RoundingMode.HALF_EVEN);
        return micros.setScale(0, RoundingMode.FLOOR).movePointLeft(Amount.SCALE);
    }

    /** w = e^((t - landmark)/τ), exactly as a BigDecimal. The one weight used by entries and reads alike. */
    private static BigDecimal growth(long landmarkMillis, long t, Decay decay) {
        return new BigDecimal(growthFactor(landmarkMillis, t, decay));
    }

    private static double growthFactor(long landmarkMillis, long t, Decay decay) {
        return StrictMath.exp(decay.lifetimes(t - landmarkMillis));
    }

    /** t_ref: the time of the latest entry, or null before the first. */
    public Instant lastEntryAt() {
        return entryCount == 0 ? null : Instant.ofEpochMilli(lastEntryMillis);
    }
}
