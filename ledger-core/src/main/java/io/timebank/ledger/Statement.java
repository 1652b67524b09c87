package io.timebank.ledger;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One asset's statement of an account for the period (from, to]: the balance at {@code from}, every
 * entry booked in the period with what it moved, the decay over the period and the balance at
 * {@code to}. An entry belongs to the period by when it was booked ({@link AccountEntry#bookedAt}), so
 * consecutive statements neither miss nor repeat one; an activity reported late is listed where it
 * was booked, at its face value.
 *
 * <p>The identity opening + in − out − decay = closing holds exactly to the micro-unit: the two
 * balances are read as the account view reads them (rounded down to the micro-unit), the entries
 * are exact, and the decay is what the identity leaves, so it absorbs the rounding of the two
 * balances and is within one micro-unit of the exact decay. The stable asset never decays.
 *
 * @param opening the balance at {@code from}
 * @param totalIn the sum of the lines that added to the balance
 * @param totalOut the sum of the lines that took from it, as a positive amount
 * @param decay   what the balance lost to decay over the period
 * @param closing the balance at {@code to}
 */
public record Statement(Asset asset, Instant from, Instant to, BigDecimal opening, List<Line> lines, BigDecimal totalIn,
                        BigDecimal totalOut, BigDecimal decay, BigDecimal closing) {

    /** The most days one statement may cover: a statement is a period's, not a lifetime's. */
    public static final int DAYS_MAX = 3_660;

    public Statement {
        lines = List.copyOf(lines);
    }

    /** One entry of the period: what it moved in this asset (signed) and the event it came from. */
    public record Line(long sequence, Instant bookedAt, BigDecimal amount, LedgerEvent event) {
    }

    /**
     * This statement with only the lines whose transfer carries {@code key} = {@code value} in its
     * metadata ({@link Metadata#matches}), and their totals; the balances and the decay stay the
     * account's, so the identity holds for the unfiltered statement only.
     */
    public Statement onlyWith(String key, String value) {
        List<Line> kept = lines.stream().filter(line -> Metadata.of(line.event()).matches(key, value)).toList();
        BigDecimal in = BigDecimal.ZERO.setScale(Amount.SCALE);
        BigDecimal out = BigDecimal.ZERO.setScale(Amount.SCALE);
        for (Line line : kept) {
            if (line.amount().signum() > 0) {
                in = in.add(line.amount());
            } else {
                out = out.subtract(line.amount());
            }
        }
        return new Statement(asset, from, to, opening, kept, in, out, decay, closing);
    }

    /**
     * The statement of {@code asset} for (from, to].
     *
     * @param before  the last entry booked at or before {@code from}, or null when there is none
     * @param entries every entry booked in (from, to], in booking order, each with its balances
     */
    public static Statement of(Asset asset, Instant from, Instant to, AccountEntry before, List<AccountEntry> entries,
                               Ledger ledger) {
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("a statement's period must end after it begins: " + from + " to " + to);
        }
        if (before != null && !before.hasBalances()) {
            throw new IllegalArgumentException("entry " + before.sequence() + " was booked before entries kept their "
                + "balances: rebuild the stores to state this period");
        }
        BigDecimal opening = before == null ? BigDecimal.ZERO.setScale(Amount.SCALE)
            : before.balanceAt(asset, from, ledger.decay());
        List<Line> lines = new ArrayList<>();
        BigDecimal in = BigDecimal.ZERO.setScale(Amount.SCALE);
        BigDecimal out = BigDecimal.ZERO.setScale(Amount.SCALE);
        AccountEntry last = before;
        for (AccountEntry entry : entries) {
            if (!entry.hasBalances()) {
                throw new IllegalArgumentException("entry " + entry.sequence() + " was booked before entries kept their "
                    + "balances: rebuild the stores to state this period");
            }
            Instant bookedAt = entry.bookedAt();
            if (!bookedAt.isAfter(from) || bookedAt.isAfter(to)) {
                throw new IllegalArgumentException("entry " + entry.sequence() + " booked at " + bookedAt
                    + " is outside the period");
            }
            last = entry;
            BigDecimal moved = BigDecimal.ZERO.setScale(Amount.SCALE);
            boolean touches = false;
            for (Posting posting : ledger.postings(entry.event())) {
                if (posting.asset() == asset) {
                    moved = moved.add(posting.amount().toDecimal());
                    touches = true;
                }
            }
            if (!touches) {
                continue;
            }
            lines.add(new Line(entry.sequence(), bookedAt, moved, entry.event()));
            if (moved.signum() > 0) {
                in = in.add(moved);
            } else {
                out = out.subtract(moved);
            }
        }
        BigDecimal closing = last == null ? BigDecimal.ZERO.setScale(Amount.SCALE) : last.balanceAt(asset, to, ledger.decay());
        BigDecimal decay = opening.add(in).subtract(out).subtract(closing);
        return new Statement(asset, from, to, opening, lines, in, out, decay, closing);
    }
}
