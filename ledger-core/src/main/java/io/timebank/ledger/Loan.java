package io.timebank.ledger;

/**
 * A loan as its borrower owes it: who lent it, its plan, and where it stands. It lives with the
 * borrower's standing orders: each installment is an occurrence the bank collects by itself at its
 * due time ({@link Loans#collect}), paid to the lender.
 */
public record Loan(AccountId lender, LoanPlan plan, LoanPlan.Standing standing) {

    public Loan {
        if (lender == null || plan == null || standing == null) {
            throw new IllegalArgumentException("a loan needs a lender, a plan and a standing");
        }
    }

    public static Loan granted(AccountId lender, LoanPlan plan) {
        return new Loan(lender, plan, LoanPlan.Standing.START);
    }

    public Loan standing(LoanPlan.Standing next) {
        return new Loan(lender, plan, next);
    }

    /** Whether nothing more is owed. */
    public boolean settled() {
        return plan.settled(standing);
    }

    /** What paying it off now settles. */
    public Amount payoff() {
        return plan.payoff(standing);
    }
}
