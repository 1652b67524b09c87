package io.timebank.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class LoanPlanTest {

    @Property(tries = 1_000)
    void principalPartsSumToThePrincipalAndInterestFollowsWhatIsOutstanding(
        @ForAll @LongRange(min = 1, max = 1_000_000_000_000L) long micros, @ForAll @IntRange(min = 1, max = 120) int count,
        @ForAll @IntRange(min = 0, max = 100_000) int rateMillionths) {
        BigDecimal rate = BigDecimal.valueOf(rateMillionths, 6);
        LoanPlan plan = new LoanPlan(new Amount(micros), rate, count);

        List<LoanPlan.Installment> installments = plan.installments();

        assertThat(installments).hasSize(count);
        assertThat(installments.stream().mapToLong(i -> i.principal().micros()).sum()).isEqualTo(micros);
        long outstanding = micros;
        for (LoanPlan.Installment installment : installments) {
            BigDecimal exact = BigDecimal.valueOf(outstanding).multiply(rate);
            assertThat(BigDecimal.valueOf(installment.interest().micros()).subtract(exact).abs())
                .isLessThanOrEqualTo(new BigDecimal("0.5"));
            outstanding -= installment.principal().micros();
        }
        for (int i = 1; i < count; i++) {
            assertThat(installments.get(i).interest()).isLessThanOrEqualTo(installments.get(i - 1).interest());
        }
    }

    @Property(tries = 1_000)
    void aBorrowerPaysWhatTheyCanAndTheRestWaitsAsArrearsUntilEverythingIsPaid(
        @ForAll @LongRange(min = 1_000_000, max = 1_000_000_000L) long micros, @ForAll @IntRange(min = 1, max = 12) int count,
        @ForAll @Size(min = 12, max = 12) List<@LongRange(min = 0, max = 2_000_000_000L) Long> spendable) {
        LoanPlan plan = new LoanPlan(new Amount(micros), new BigDecimal("0.01"), count);
        long owed = plan.installments().stream().mapToLong(i -> i.amount().micros()).sum();
        LoanPlan.Standing standing = LoanPlan.Standing.START;
        long paid = 0;

        for (int n = 1; n <= count; n++) {
            LoanPlan.Collection collection = plan.collect(standing, new Amount(spendable.get(n - 1)));
            assertThat(collection.paid().micros()).isLessThanOrEqualTo(spendable.get(n - 1));
            assertThat(collection.after().arrears().isNegative()).isFalse();
            paid += collection.paid().micros();
            standing = collection.after();
            // What was paid and what is still owed always make the whole.
            long remaining = plan.installments().subList(n, count).stream().mapToLong(i -> i.amount().micros()).sum();
            assertThat(paid + standing.arrears().micros() + remaining).isEqualTo(owed);
        }
        assertThat(standing.principalPaid().micros() + standing.interestPaid().micros()).isEqualTo(paid);
        assertThat(standing.principalPaid().micros()).as("never more principal than was lent").isLessThanOrEqualTo(micros);
        long interest = plan.installments().stream().mapToLong(i -> i.interest().micros()).sum();
        assertThat(standing.interestPaid().micros()).isLessThanOrEqualTo(interest);
        if (standing.arrears().micros() == 0) { // paid in full: exactly the principal and exactly the interest
            assertThat(standing.principalPaid().micros()).isEqualTo(micros);
            assertThat(standing.interestPaid().micros()).isEqualTo(interest);
        }
        assertThat(standing.arrearsInterest().micros()).isBetween(0L, standing.arrears().micros());
        assertThat(plan.payoff(standing)).isEqualTo(standing.arrears());
    }

    @Test
    void aPaymentAfterArrearsSettlesTheirInterestFirst() {
        LoanPlan plan = new LoanPlan(Amount.parse("100"), new BigDecimal("0.01"), 3);

        LoanPlan.Standing missed = plan.collect(LoanPlan.Standing.START, Amount.ZERO).after();
        LoanPlan.Standing partly = plan.collect(missed, Amount.parse("20")).after();

        assertThat(missed.arrearsInterest()).isEqualTo(Amount.parse("1"));
        assertThat(partly.interestPaid()).isEqualTo(Amount.parse("1.666667"));
        assertThat(partly.principalPaid()).isEqualTo(Amount.parse("18.333333"));
        LoanPlan.Standing settled = plan.collect(partly, Amount.parse("1000")).after();
        assertThat(settled.principalPaid()).isEqualTo(Amount.parse("100"));
        assertThat(settled.interestPaid()).isEqualTo(Amount.parse("2"));
        assertThat(settled.arrears()).isEqualTo(Amount.ZERO);
    }

    @Test
    void aLoanWhoseDebtCouldNotBeCountedIsRefused() {
        assertThatThrownBy(() -> new LoanPlan(new Amount(1_000_000_000_000_000_000L), new BigDecimal("0.02"), 1_200))
            .hasMessageContaining("does not fit");
        LoanPlan largest = new LoanPlan(new Amount(1_000_000_000_000_000L), new BigDecimal("0.01"), 1_200);
        LoanPlan.Standing standing = LoanPlan.Standing.START;
        for (int n = 1; n <= 1_200; n++) {
            standing = largest.collect(standing, new Amount(Long.MAX_VALUE / 2)).after();
        }
        assertThat(standing.principalPaid()).isEqualTo(largest.principal());
    }

    @Test
    void theWorkedExample() {
        LoanPlan plan = new LoanPlan(Amount.parse("100"), new BigDecimal("0.01"), 3);

        assertThat(plan.installments()).extracting(LoanPlan.Installment::amount)
            .containsExactly(Amount.parse("34.333334"), Amount.parse("34"), Amount.parse("33.666666"));
        LoanPlan.Collection short1 = plan.collect(LoanPlan.Standing.START, Amount.parse("20"));
        assertThat(short1.paid()).isEqualTo(Amount.parse("20"));
        assertThat(short1.after().arrears()).isEqualTo(Amount.parse("14.333334"));
        assertThat(short1.after().interestPaid()).isEqualTo(Amount.parse("1"));
        // Paying off before the second installment: the principal not yet due, the arrears, and the
        // interest of the period running (0.666667).
        assertThat(plan.payoff(short1.after())).isEqualTo(Amount.parse("81.666667"));
        assertThatThrownBy(() -> new LoanPlan(Amount.parse("1"), new BigDecimal("1.5"), 3)).hasMessageContaining("[0, 1]");
        // Paid off there: 81.666667, of which 0.666667 interest; 100 of principal and 1.666667 of interest in all.
        LoanPlan.Collection payoff = plan.repay(short1.after());
        assertThat(payoff.paid()).isEqualTo(Amount.parse("81.666667"));
        assertThat(payoff.after().principalPaid()).isEqualTo(Amount.parse("100"));
        assertThat(payoff.after().interestPaid()).isEqualTo(Amount.parse("1.666667"));
    }

    @Property(tries = 1_000)
    void arrearsLeftAfterTheLastInstallmentAreCollectedLaterUntilTheLoanIsSettled(
        @ForAll @LongRange(min = 1, max = 1_000_000_000L) long micros, @ForAll @IntRange(min = 1, max = 6) int count,
        @ForAll @Size(min = 6, max = 6) List<@LongRange(min = 0, max = 400_000_000L) Long> spendable) {
        LoanPlan plan = new LoanPlan(new Amount(micros), new BigDecimal("0.015"), count);
        long owed = plan.installments().stream().mapToLong(i -> i.amount().micros()).sum();
        LoanPlan.Standing standing = LoanPlan.Standing.START;
        for (int n = 1; n <= count; n++) {
            standing = plan.collect(standing, new Amount(spendable.get(n - 1))).after();
        }
        assertThat(plan.settled(standing)).isEqualTo(standing.arrears().micros() == 0);

        LoanPlan.Collection late = plan.collect(standing, new Amount(Long.MAX_VALUE / 4));

        assertThat(late.paid()).as("after the last installment, only the arrears").isEqualTo(standing.arrears());
        assertThat(late.after().next()).isEqualTo(count + 2);
        assertThat(plan.settled(late.after())).isTrue();
        assertThat(late.after().principalPaid().micros() + late.after().interestPaid().micros()).isEqualTo(owed);
    }

    @Property(tries = 1_000)
    void payingOffSettlesTheLoanWithExactlyThePayoffAndNoInterestForPeriodsNotBegun(
        @ForAll @LongRange(min = 1, max = 1_000_000_000L) long micros, @ForAll @IntRange(min = 1, max = 12) int count,
        @ForAll @IntRange(min = 0, max = 13) int collected,
        @ForAll @Size(min = 13, max = 13) List<@LongRange(min = 0, max = 200_000_000L) Long> spendable) {
        LoanPlan plan = new LoanPlan(new Amount(micros), new BigDecimal("0.02"), count);
        LoanPlan.Standing standing = LoanPlan.Standing.START;
        long paid = 0;
        for (int n = 1; n <= collected; n++) {
            LoanPlan.Collection collection = plan.collect(standing, new Amount(spendable.get(n - 1)));
            paid += collection.paid().micros();
            standing = collection.after();
        }

        LoanPlan.Collection payoff = plan.repay(standing);

        assertThat(payoff.paid()).isEqualTo(plan.payoff(standing));
        assertThat(plan.settled(payoff.after())).isTrue();
        assertThat(payoff.after().principalPaid()).isEqualTo(plan.principal());
        assertThat(payoff.after().principalPaid().micros() + payoff.after().interestPaid().micros())
            .as("everything paid is principal or interest").isEqualTo(paid + payoff.paid().micros());
        long interestDue = plan.installments().stream().limit(Math.min(count, standing.next()))
            .mapToLong(i -> i.interest().micros()).sum();
        assertThat(payoff.after().interestPaid().micros()).as("interest of the periods begun, no more")
            .isEqualTo(interestDue);
    }

    @Test
    void afterTheLastInstallmentArrearsAreCollectedAtDueTimesEverFurtherApart() {
        LoanPlan plan = new LoanPlan(Amount.parse("100"), new BigDecimal("0.01"), 3);
        LoanPlan.Standing standing = LoanPlan.Standing.START;
        List<Integer> occurrences = new java.util.ArrayList<>();
        for (int collection = 0; collection < 8; collection++) {
            occurrences.add(standing.next());
            standing = plan.collect(standing, Amount.ZERO).after();
        }

        assertThat(occurrences).containsExactly(1, 2, 3, 4, 5, 7, 11, 19);
        assertThat(plan.after(Integer.MAX_VALUE - 1)).as("never past the largest").isEqualTo(Integer.MAX_VALUE);
        assertThat(standing.arrears()).as("nothing paid: everything owed, unchanged").isEqualTo(Amount.parse("102"));
    }
}
