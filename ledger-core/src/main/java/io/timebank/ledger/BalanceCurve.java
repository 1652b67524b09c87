package io.timebank.ledger;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * An account's attention balance over a period and its decay ahead, as a chart draws it: the balance
 * at evenly spaced instants, and on both sides of every entry that changed it (the curve falls along
 * e^(−t/τ) between entries and steps at each), then, after the period, the balance left to decay with
 * nothing more booked. Every value is the one the account view would show at that instant (rounded
 * down to the micro-unit), read from the entries' kept balances, never recomputed from the history.
 *
 * @param points   in time order; at an entry, the point before the step comes first
 * @param deposits the deposits booked in the period, for a chart to mark
 */
public record BalanceCurve(Instant from, Instant to, Instant until, List<Point> points, List<DepositMark> deposits) {

    /** The fewest and most evenly spaced instants a curve is drawn at (besides its entries). */
    public static final int SAMPLES_MIN = 2;
    public static final int SAMPLES_MAX = 1_000;

    /** How far ahead a curve may project the decay. */
    public static final Duration AHEAD_MAX = Duration.ofDays(366);

    public BalanceCurve {
        points = List.copyOf(points);
        deposits = List.copyOf(deposits);
    }

    /** The balance at {@code at}; {@code projected}: after the period, with nothing more booked. */
    public record Point(Instant at, BigDecimal balance, boolean projected) {
    }

    /**
     * A deposit credited {@code amount} for an activity at {@code at} from {@code platform}, booked (where the
     * curve steps) at {@code bookedAt}: later than {@code at} for an activity reported late.
     */
    public record DepositMark(Instant at, Instant bookedAt, Amount amount, PlatformId platform, long sequence) {
    }

    /**
     * The curve over [from, to] and (to, to + ahead].
     *
     * @param before  the last entry booked at or before {@code from}, or null when there is none
     * @param entries every entry booked in (from, to], in booking order, each with its balances
     * @param samples how many evenly spaced instants over [from, to + ahead]
     */
    public static BalanceCurve of(Instant from, Instant to, Duration ahead, int samples, AccountEntry before,
                                  List<AccountEntry> entries, Decay decay) {
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("a curve's period must end after it begins: " + from + " to " + to);
        }
        if (ahead.isNegative() || ahead.compareTo(AHEAD_MAX) > 0) {
            throw new IllegalArgumentException("a curve looks ahead 0 to " + AHEAD_MAX + ", not " + ahead);
        }
        if (samples < SAMPLES_MIN || samples > SAMPLES_MAX) {
            throw new IllegalArgumentException("a curve has " + SAMPLES_MIN + " to " + SAMPLES_MAX + " samples, not " + samples);
        }
        if (before != null && !before.hasBalances()) {
            throw new IllegalArgumentException("entry " + before.sequence() + " was booked before entries kept their "
                + "balances: rebuild the stores to draw this period");
        }
        Instant until = to.plus(ahead);
        long spanMillis = Duration.between(from, until).toMillis();
        List<Point> points = new ArrayList<>();
        List<DepositMark> deposits = new ArrayList<>();
        AccountEntry last = before;
        Instant stepAt = null;
        int sample = 0;
        for (AccountEntry entry : entries) {
            if (!entry.hasBalances()) {
                throw new IllegalArgumentException("entry " + entry.sequence() + " was booked before entries kept their "
                    + "balances: rebuild the stores to draw this period");
            }
            Instant bookedAt = entry.bookedAt();
            if (!bookedAt.isAfter(from) || bookedAt.isAfter(to)) {
                throw new IllegalArgumentException("entry " + entry.sequence() + " booked at " + bookedAt
                    + " is outside the period");
            }
            // A sample at an entry's instant shows the balance after it, as the account view does then.
            for (; sample < samples && sampleAt(from, spanMillis, samples, sample).isBefore(bookedAt); sample++) {
                Instant at = sampleAt(from, spanMillis, samples, sample);
                points.add(new Point(at, balance(last, at, decay), false));
            }
            BigDecimal stepTo = balance(entry, bookedAt, decay);
            if (bookedAt.equals(stepAt)) {
                // Entries booked at one instant make one step, to the balance after the last of them.
                points.set(points.size() - 1, new Point(bookedAt, stepTo, false));
            } else {
                BigDecimal stepFrom = balance(last, bookedAt, decay);
                if (stepFrom.compareTo(stepTo) != 0) {
                    points.add(new Point(bookedAt, stepFrom, false));
                    points.add(new Point(bookedAt, stepTo, false));
                    stepAt = bookedAt;
                }
            }
            if (entry.event() instanceof LedgerEvent.Deposited deposited) {
                deposits.add(new DepositMark(deposited.at(), bookedAt, deposited.credited(), deposited.platform(),
                    entry.sequence()));
            }
            last = entry;
        }
        for (; sample < samples; sample++) {
            Instant at = sampleAt(from, spanMillis, samples, sample);
            points.add(new Point(at, balance(last, at, decay), at.isAfter(to)));
        }
        return new BalanceCurve(from, to, until, points, deposits);
    }

    /** The k-th of {@code samples} evenly spaced instants from {@code from} over {@code spanMillis}, both ends included. */
    private static Instant sampleAt(Instant from, long spanMillis, int samples, int k) {
        return from.plusMillis(Math.multiplyExact(spanMillis, (long) k) / (samples - 1));
    }

    private static BigDecimal balance(AccountEntry entry, Instant at, Decay decay) {
        return entry == null ? BigDecimal.ZERO.setScale(Amount.SCALE) : entry.balanceAt(Asset.ATTENTION, at, decay);
    }
}
