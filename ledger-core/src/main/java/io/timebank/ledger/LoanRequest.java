package io.timebank.ledger;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.TemporalAmount;

/**
 * A loan as an operator sent it; {@link #validate} names every bad field. The loan's id is its
 * {@code commandId}. {@code rate} is the interest per installment as an exact decimal ({@code 0.01}:
 * 1 %); {@code count} installments, every {@code interval} (an ISO-8601 duration or period), the
 * first at {@code first} (an ISO-8601 instant, required, as a standing order's: so that a retried
 * request is the same request).
 */
public record LoanRequest(String commandId, String lender, String borrower, String amount, String rate, Integer count,
                          String interval, String first) {

    public Validated<LedgerCommand.GrantLoan> validate(Instant acceptedAt, InputLimits limits) {
        FieldChecks checks = new FieldChecks();
        CommandId id = checks.clientId("commandId", commandId, StandingOrder.ID_LENGTH_MAX);
        AccountId from = checks.parse("lender", lender, AccountId::new);
        AccountId to = checks.parse("borrower", borrower, AccountId::new);
        if (from != null && from.equals(to)) {
            checks.reject("borrower", "must differ from 'lender': an account cannot lend to itself");
        }
        Amount principal = RequestAmount.parse(checks, "amount", amount, limits);
        BigDecimal interest = checks.parse("rate", rate, text -> {
            if (text == null) {
                throw new IllegalArgumentException("is required: the interest per installment, e.g. 0.01 for 1 %");
            }
            BigDecimal parsed;
            try {
                parsed = new BigDecimal(text.strip());
            } catch (NumberFormatException bad) {
                throw new IllegalArgumentException("is not a decimal number such as 0.01: " + text);
            }
            if (parsed.signum() < 0 || parsed.compareTo(LoanPlan.RATE_MAX) > 0 || parsed.stripTrailingZeros().scale() > 12) {
                throw new IllegalArgumentException("must be within [0, 1] with at most 12 decimal places, was " + text);
            }
            return parsed.stripTrailingZeros().scale() < 0 ? parsed.setScale(0) : parsed.stripTrailingZeros();
        });
        if (count == null || count < 1 || count > LoanPlan.COUNT_MAX) {
            checks.reject("count", "must be within [1, " + LoanPlan.COUNT_MAX + "], was " + count);
        }
        TemporalAmount every = StandingOrderRequest.interval(checks, interval);
        Instant firstDue = checks.parse("first", first, StandingOrderRequest::instant);
        if (firstDue != null && firstDue.isBefore(acceptedAt.minus(limits.clockSkewMax()))) {
            checks.reject("first", "is in the past: the first installment must fall due from now on");
        }
        if (firstDue != null && firstDue.isAfter(Schedule.LAST_DUE)) {
            checks.reject("first", "must be before the year 10000");
        }
        if (principal != null && interest != null && count != null && !checks.hasErrors()) {
            try {
                new LoanPlan(principal, interest, count);
            } catch (IllegalArgumentException tooLarge) {
                checks.reject("amount", tooLarge.getMessage());
            }
            if (!new Schedule(firstDue, every, 0, null).includes(count)) {
                checks.reject("interval", "the last of " + count + " installments would fall due after the year 9999");
            }
        }
        return checks.result(() -> {
            StandingOrder order = StandingOrder.ofLoan(id, from, new LoanPlan(principal, interest, count),
                new Schedule(firstDue, every, 0, null));
            return new LedgerCommand.GrantLoan(from, to, order, acceptedAt);
        });
    }

    /** The payoff {@code commandId} of {@code borrower}'s loan {@code loan}, as named in a request's path and body. */
    public static Validated<LedgerCommand.RepayLoan> repayment(String commandId, String borrower, String loan,
                                                             Instant acceptedAt) {
        FieldChecks checks = new FieldChecks();
        CommandId id = checks.clientId("commandId", commandId, StandingOrder.ID_LENGTH_MAX);
        AccountId owner = checks.parse("account", borrower, AccountId::new);
        CommandId named = checks.clientId("loan", loan, StandingOrder.ID_LENGTH_MAX);
        return checks.result(() -> new LedgerCommand.RepayLoan(id, owner, named, acceptedAt));
    }
}
