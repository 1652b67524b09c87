package io.timebank.ledger;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * How a loan is repaid: {@code count} installments, each an equal part of the principal (the parts
 * divided by {@link Shares#allocate}, so they sum to the principal exactly) plus interest at
 * {@code rate} per installment on the principal still outstanding before it, rounded half-even to
 * the micro-unit once per installment. Interest is an exact decimal rate (e.g. {@code 0.01}: 1 % a
 * period); installments are computed, never accumulated in floating point.
 *
 * <p>Collecting an installment takes what the borrower can pay, up to the installment and the
 * arrears before it; what is left becomes arrears, which do not decay (a debt to the lender, not
 * attention) and are due with the next installment; a payment settles interest (the arrears' first)
 * before principal. Paying off early settles the outstanding principal, the arrears and the interest
 * of the period running; no interest accrues for periods not begun.
 *
 * <p>After the last installment, what is still in arrears is collected at due times ever further
 * apart — the schedule's occurrences count + 2, + 4, + 8, … ({@link #after}) — until the loan is
 * settled ({@link #settled}): a borrower who never pays again costs the ledger a few dozen
 * collections in all, not one per interval forever.
 */
public record LoanPlan(Amount principal, BigDecimal rate, int count) {

    /** The most installments a loan may have. */
    public static final int COUNT_MAX = 1_200;
    /** The highest interest rate per installment: 100 %. */
    public static final BigDecimal RATE_MAX = BigDecimal.ONE;

    public LoanPlan {
        if (principal == null || !principal.isPositive()) {
            throw new IllegalArgumentException("a loan lends a positive principal, was " + principal);
        }
        if (rate == null || rate.signum() < 0 || rate.compareTo(RATE_MAX) > 0 || rate.scale() > 12) {
            throw new IllegalArgumentException("the interest rate is within [0, 1] with at most 12 places, was " + rate);
        }
        if (count < 1 || count > COUNT_MAX) {
            throw new IllegalArgumentException("a loan is repaid in 1 to " + COUNT_MAX + " installments, was " + count);
        }
        // Everything owed must fit an amount: interest is at most rate × principal an installment, plus its rounding.
        BigDecimal bound = BigDecimal.valueOf(principal.micros()).multiply(BigDecimal.ONE.add(rate.multiply(
            BigDecimal.valueOf(count)))).add(BigDecimal.valueOf(count));
        if (bound.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            throw new IllegalArgumentException("what this loan would owe does not fit an amount: principal " + principal
                + ", rate " + rate + ", " + count + " installments");
        }
    }

    /** One installment: its principal part and its interest. */
    public record Installment(int n, Amount principal, Amount interest) {
        public Amount amount() {
            return principal.plus(interest);
        }
    }

    /** Every installment, in order. */
    public List<Installment> installments() {
        List<Amount> parts = Shares.allocate(principal, Collections.nCopies(count, 1L));
        List<Installment> installments = new ArrayList<>(count);
        long outstanding = principal.micros();
        for (int i = 0; i < count; i++) {
            Amount interest = Amount.rounded(BigDecimal.valueOf(outstanding).multiply(rate)
                .movePointLeft(Amount.SCALE), RoundingMode.HALF_EVEN);
            installments.add(new Installment(i + 1, parts.get(i), interest));
            outstanding -= parts.get(i).micros();
        }
        return installments;
    }

    /**
     * Where a loan stands: the next installment's number, the arrears (unpaid, not decaying) and the
     * interest among them, and what has been paid of the principal and of the interest.
     */
    public record Standing(int next, Amount arrears, Amount arrearsInterest, Amount principalPaid, Amount interestPaid) {
        public static final Standing START = new Standing(1, Amount.ZERO, Amount.ZERO, Amount.ZERO, Amount.ZERO);
    }

    /** An installment collected: what was paid, and the loan's standing after it. */
    public record Collection(Amount paid, Standing after) {
    }

    /**
     * Collects the next installment from a borrower who can spend {@code spendable}: the installment
     * and the arrears, as much of them as can be paid; interest is paid before principal.
     */
    public Collection collect(Standing standing, Amount spendable) {
        // After the last installment, only the arrears are due.
        Installment installment = standing.next() > count ? new Installment(standing.next(), Amount.ZERO, Amount.ZERO)
            : installments().get(standing.next() - 1);
        Amount due = installment.amount().plus(standing.arrears());
        Amount paid = spendable.isPositive() ? (spendable.compareTo(due) < 0 ? spendable : due) : Amount.ZERO;
        Amount interestDue = installment.interest().plus(standing.arrearsInterest());
        Amount interestPaid = paid.compareTo(interestDue) < 0 ? paid : interestDue;
        Amount principalPaid = paid.minus(interestPaid);
        return new Collection(paid, new Standing(after(standing.next()), due.minus(paid), interestDue.minus(interestPaid),
            standing.principalPaid().plus(principalPaid), standing.interestPaid().plus(interestPaid)));
    }

    /**
     * The occurrence after {@code n}: the next installment, or, after the last, one twice as far past
     * the last as {@code n} is (count + 1, + 2, + 4, …), never beyond {@link Integer#MAX_VALUE}.
     */
    public int after(int n) {
        long next = n < count ? n + 1L : count + 2L * (n - count) + (n == count ? 1 : 0);
        return (int) Math.min(Integer.MAX_VALUE, next);
    }

    /**
     * The loan paid off now: {@link #payoff} paid, of which the arrears' interest and the running
     * period's are interest, the rest principal; the loan settled after it.
     */
    public Collection repay(Standing standing) {
        Amount paid = payoff(standing);
        Amount running = standing.next() > count ? Amount.ZERO : installments().get(standing.next() - 1).interest();
        Amount interest = standing.arrearsInterest().plus(running);
        return new Collection(paid, new Standing(standing.next(), Amount.ZERO, Amount.ZERO, principal,
            standing.interestPaid().plus(interest)));
    }

    /** Whether nothing more is owed: the whole principal paid and no arrears (periods not begun owe no interest). */
    public boolean settled(Standing standing) {
        return standing.principalPaid().equals(principal) && !standing.arrears().isPositive();
    }

    /**
     * What paying the loan off now settles: the principal not yet due, the arrears, and the interest
     * of the period running (up to the next installment); periods not begun owe none.
     */
    public Amount payoff(Standing standing) {
        if (standing.next() > count) {
            return standing.arrears();
        }
        List<Installment> all = installments();
        long due = all.get(standing.next() - 1).interest().micros();
        for (Installment installment : all.subList(standing.next() - 1, count)) {
            due += installment.principal().micros();
        }
        return new Amount(due).plus(standing.arrears());
    }
}
