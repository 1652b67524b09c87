package io.timebank.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Loans: granted by the lender, taken by the borrower, collected installment by installment or paid off. */
class LoansTest {

    static final Instant T0 = LedgerTest.T0;
    static final AccountId LENDER = AccountId.of("lender");
    static final AccountId BORROWER = AccountId.of("borrower");
    static final AccountId FEES = AccountId.of("bank-fees");

    final Ledger ledger = new Ledger(LedgerTest.DECAY, LedgerTest.ONE_PERCENT_MIN_CENT, Ledger.BANK,
        MultiLegTransferTest.LIMITS, Set.of(FEES));
    final Loans loans = new Loans(ledger, 2);
    final StandingOrders orders = new StandingOrders(ledger, 2);

    static LedgerCommand.GrantLoan grant(String id, String amount, AccountId borrower) {
        StandingOrder order = StandingOrder.ofLoan(CommandId.of(id), LENDER,
            new LoanPlan(Amount.parse(amount), new BigDecimal("0.01"), 3), new Schedule(T0.plus(Duration.ofHours(1)),
                Duration.ofHours(1), 0, null));
        return new LedgerCommand.GrantLoan(LENDER, borrower, order, T0);
    }

    Account open(AccountId id, long units) {
        Account account = ledger.apply(null, new LedgerEvent.AccountOpened(id, LedgerTest.FORUM, Amount.ZERO, T0));
        return units == 0 ? account : ledger.apply(account, new LedgerEvent.Deposited(id, LedgerTest.FORUM,
            ActivityId.of("seed-" + id), T0, Measures.of(1, 1, 1),
            new Score(Measure.of(1), Measure.of(1), Measure.of(1), Amount.ofUnits(units))));
    }

    Account book(Account account, List<LedgerEvent> events) {
        for (LedgerEvent event : events) {
            account = ledger.apply(account, event);
        }
        return account;
    }

    static StandingOrder fold(StandingOrder order, List<LedgerEvent> events) {
        for (LedgerEvent event : events) {
            order = StandingOrders.apply(order, event);
        }
        return order;
    }

    @Test
    void aLoanLeavesTheLenderReachesTheBorrowerAndItsInstallmentsComeBackToTheLender() {
        Account lender = open(LENDER, 1_000);
        Account borrower = open(BORROWER, 0);

        List<LedgerEvent> granted = loans.grant(grant("loan", "100", BORROWER), lender);
        lender = book(lender, granted);
        LedgerEvent.LoanGranted loan = (LedgerEvent.LoanGranted) granted.getFirst();
        List<LedgerEvent> taken = loans.take(loan, borrower, 0, null);
        borrower = book(borrower, taken);
        StandingOrder order = fold(null, taken);

        assertThat(lender.balance(Asset.ATTENTION, T0, LedgerTest.DECAY)).isEqualTo(Amount.parse("900"));
        assertThat(borrower.balance(Asset.ATTENTION, T0, LedgerTest.DECAY)).isEqualTo(Amount.parse("100"));
        assertThat(taken).hasSize(2).first().isInstanceOf(LedgerEvent.TransferCredited.class);
        assertThat(order.loan().standing()).isEqualTo(LoanPlan.Standing.START);
        assertThat(order.nextDue()).isEqualTo(T0.plus(Duration.ofHours(1)));

        LedgerEvent.LoanPaid first = Loans.collect(order, BORROWER, borrower, LedgerTest.DECAY);
        borrower = book(borrower, List.of(first));
        order = fold(order, List.of(first));
        List<LedgerEvent> received = loans.receive(first, lender);

        assertThat(first.commandId()).isEqualTo(CommandId.of("loan::1"));
        assertThat(first.paid()).isEqualTo(Amount.parse("34.333334"));
        assertThat(first.interest()).isEqualTo(Amount.parse("1"));
        assertThat(first.at()).isEqualTo(T0.plus(Duration.ofHours(1)));
        assertThat(received).containsExactly(new LedgerEvent.TransferCredited(first.commandId(), LENDER, BORROWER,
            Asset.ATTENTION, first.paid(), first.at()));
        assertThat(order.next()).isEqualTo(2);
        assertThat(order.nextDue()).isEqualTo(T0.plus(Duration.ofHours(2)));
        assertThat(CommandKey.of(first)).contains(new CommandKey(BORROWER, CommandId.of("loan::1")));
    }

    @Test
    void aShortBorrowerPaysWhatItCanAndTheArrearsDoNotDecay() {
        Account lender = open(LENDER, 1_000);
        LedgerEvent.LoanGranted loan = (LedgerEvent.LoanGranted) loans.grant(grant("loan", "100", BORROWER), lender)
            .getFirst();
        Account borrower = book(open(BORROWER, 0), loans.take(loan, open(BORROWER, 0), 0, null));
        StandingOrder order = fold(null, loans.take(loan, open(BORROWER, 0), 0, null));
        // The borrower spends nearly all of it before the first installment.
        borrower = book(borrower, List.of(new LedgerEvent.TransferDebited(CommandId.of("spend"), BORROWER, LENDER,
            Asset.ATTENTION, Amount.parse("90"), Amount.parse("0.9"), "", T0)));

        LedgerEvent.LoanPaid first = Loans.collect(order, BORROWER, borrower, LedgerTest.DECAY);
        Instant due = T0.plus(Duration.ofHours(1));
        Amount left = Amount.rounded(borrower.exactBalance(Asset.ATTENTION, due, LedgerTest.DECAY),
            java.math.RoundingMode.FLOOR);
        borrower = book(borrower, List.of(first));
        order = fold(order, List.of(first));

        assertThat(first.paid()).as("everything it could spend").isEqualTo(left);
        assertThat(borrower.exactBalance(Asset.ATTENTION, due, LedgerTest.DECAY).signum()).isGreaterThanOrEqualTo(0);
        Amount arrears = Amount.parse("34.333334").minus(left);
        assertThat(order.loan().standing().arrears()).isEqualTo(arrears);
        LedgerEvent.LoanPaid nothing = Loans.collect(order, BORROWER, borrower, LedgerTest.DECAY);
        order = fold(order, List.of(nothing));
        assertThat(nothing.paid()).isEqualTo(Amount.ZERO);
        assertThat(order.loan().standing().arrears()).as("the arrears grow by the installment, and do not decay")
            .isEqualTo(arrears.plus(Amount.parse("34")));
        assertThat(order.finished()).isFalse();
    }

    @Test
    void aBorrowerWhoseCreditLimitWasLoweredBelowItsDebtOwesTheInstallmentAndTheLoanRunsOn() {
        Account lender = open(LENDER, 1_000);
        LedgerEvent.LoanGranted loan = (LedgerEvent.LoanGranted) loans.grant(grant("loan", "100", BORROWER), lender)
            .getFirst();
        Account borrower = ledger.apply(null, new LedgerEvent.AccountOpened(BORROWER, LedgerTest.FORUM,
            Amount.parse("50"), T0));
        borrower = book(borrower, loans.take(loan, borrower, 0, null));
        StandingOrder order = fold(null, loans.take(loan, borrower, 0, null));
        // It spends the loan and 40 of its credit line, then an operator lowers the line to 10.
        borrower = book(borrower, List.of(new LedgerEvent.TransferDebited(CommandId.of("spend"), BORROWER, LENDER,
            Asset.ATTENTION, Amount.parse("138"), Amount.parse("2"), "", T0),
            new LedgerEvent.CreditLimitChanged(CommandId.of("lower"), BORROWER, Amount.parse("50"), Amount.parse("10"), T0)));

        LedgerEvent.LoanPaid first = Loans.collect(order, BORROWER, borrower, LedgerTest.DECAY);
        Account after = book(borrower, List.of(first));
        order = fold(order, List.of(first));

        assertThat(first.paid()).isEqualTo(Amount.ZERO);
        assertThat(after.exactBalance(Asset.ATTENTION, first.at(), LedgerTest.DECAY)).isEqualByComparingTo("-40");
        assertThat(order.loan().standing().arrears()).isEqualTo(Amount.parse("34.333334"));
        assertThat(order.finished()).isFalse();
    }

    @Test
    void payingOffSendsThePayoffAndEndsTheLoan() {
        Account lender = open(LENDER, 1_000);
        LedgerEvent.LoanGranted loan = (LedgerEvent.LoanGranted) loans.grant(grant("loan", "100", BORROWER), lender)
            .getFirst();
        List<LedgerEvent> taken = loans.take(loan, open(BORROWER, 50), 0, null);
        Account borrower = book(open(BORROWER, 50), taken);
        StandingOrder order = fold(null, taken);

        List<LedgerEvent> repaid = loans.repay(new LedgerCommand.RepayLoan(CommandId.of("payoff"), BORROWER, CommandId.of("loan"), T0), order,
            borrower);

        LedgerEvent.LoanPaid payoff = (LedgerEvent.LoanPaid) repaid.getFirst();
        assertThat(payoff.commandId()).isEqualTo(CommandId.of("payoff"));
        assertThat(payoff.loan()).isEqualTo(CommandId.of("loan"));
        assertThat(payoff.paid()).as("the principal and the running period's interest").isEqualTo(Amount.parse("101"));
        assertThat(fold(order, repaid)).as("settled: no longer among the orders").isNull();
        assertThat(book(borrower, repaid).balance(Asset.ATTENTION, T0, LedgerTest.DECAY)).isEqualTo(Amount.parse("49"));
        assertThat(reason(loans.repay(new LedgerCommand.RepayLoan(CommandId.of("payoff"), BORROWER, CommandId.of("loan"), T0), order,
            open(BORROWER, 50)))).isEqualTo(RejectionReason.INSUFFICIENT_FUNDS);
        assertThat(reason(loans.repay(new LedgerCommand.RepayLoan(CommandId.of("payoff"), BORROWER, CommandId.of("other"), T0), null,
            borrower))).isEqualTo(RejectionReason.UNKNOWN_ORDER);
        assertThat(reason(orders.cancel(new LedgerCommand.CancelStandingOrder(BORROWER, CommandId.of("loan"), T0),
            order))).as("a loan is repaid, not cancelled").isEqualTo(RejectionReason.LOAN_OUTSTANDING);
    }

    @Test
    void aLoanIsGrantedOnlyBetweenMembersFromWhatTheLenderCanSpend() {
        Account lender = open(LENDER, 100);

        assertThat(reason(loans.grant(grant("big", "101", BORROWER), lender))).isEqualTo(RejectionReason.INSUFFICIENT_FUNDS);
        assertThat(reason(loans.grant(grant("none", "1", BORROWER), null))).isEqualTo(RejectionReason.UNKNOWN_ACCOUNT);
        assertThat(reason(loans.grant(grant("self", "1", LENDER), lender))).isEqualTo(RejectionReason.SAME_ACCOUNT);
        assertThat(reason(loans.grant(grant("bank", "1", FEES), lender))).isEqualTo(RejectionReason.RESERVED_ACCOUNT);
        LedgerCommand.GrantLoan late = new LedgerCommand.GrantLoan(LENDER, BORROWER, grant("late", "1", BORROWER).order(),
            T0.plus(Duration.ofDays(1)));
        assertThat(reason(loans.grant(late, lender))).isEqualTo(RejectionReason.INVALID_SCHEDULE);
        LedgerCommand.GrantLoan endless = new LedgerCommand.GrantLoan(LENDER, BORROWER, StandingOrder.ofLoan(
            CommandId.of("endless"), LENDER, new LoanPlan(Amount.parse("1"), BigDecimal.ZERO, 3),
            new Schedule(T0.plus(Duration.ofHours(1)), java.time.Period.ofYears(5_000), 0, null)), T0);
        assertThat(reason(loans.grant(endless, lender))).as("its last installment after the year 9999")
            .isEqualTo(RejectionReason.INVALID_SCHEDULE);
        assertThat(loans.grant(grant("ok", "100", BORROWER), lender)).singleElement()
            .isInstanceOf(LedgerEvent.LoanGranted.class);
    }

    @Test
    void aBorrowerThatCannotTakeTheLoanSendsThePrincipalBack() {
        LedgerEvent.LoanGranted loan = (LedgerEvent.LoanGranted) loans.grant(grant("loan", "100", BORROWER),
            open(LENDER, 1_000)).getFirst();
        Account borrower = open(BORROWER, 0);

        assertThat(refusal(loans.take(loan, null, 0, null))).isEqualTo(RejectionReason.UNKNOWN_ACCOUNT);
        assertThat(refusal(loans.take(loan, borrower, 2, null))).isEqualTo(RejectionReason.ORDER_LIMIT);
        assertThat(refusal(loans.take(loan, borrower, 1, loan.order()))).isEqualTo(RejectionReason.COMMAND_ID_REUSED);
        assertThat(refusal(loans.take(loan, open(BORROWER, 9_950), 0, null))).isEqualTo(RejectionReason.BALANCE_LIMIT);
    }

    @Test
    void aLenderReceivesItsLoansPaymentsEvenAboveItsMaximumBalance() {
        Account lender = open(LENDER, 1_000);
        LedgerEvent.LoanGranted loan = (LedgerEvent.LoanGranted) loans.grant(grant("loan", "100", BORROWER), lender)
            .getFirst();
        List<LedgerEvent> taken = loans.take(loan, open(BORROWER, 0), 0, null);
        LedgerEvent.LoanPaid first = Loans.collect(fold(null, taken), BORROWER, book(open(BORROWER, 0), taken),
            LedgerTest.DECAY);
        Account full = open(LENDER, 10_000); // at the maximum balance of the test's limits

        assertThat(loans.receive(first, full)).singleElement().isInstanceOf(LedgerEvent.TransferCredited.class);
    }

    static RejectionReason reason(List<LedgerEvent> events) {
        return ((LedgerEvent.CommandRejected) events.getFirst()).reason();
    }

    static RejectionReason refusal(List<LedgerEvent> events) {
        LedgerEvent.TransferRefunded refunded = (LedgerEvent.TransferRefunded) events.getFirst();
        assertThat(refunded.amount()).isEqualTo(Amount.parse("100"));
        assertThat(refunded.from()).isEqualTo(LENDER);
        return refunded.reason();
    }
}
