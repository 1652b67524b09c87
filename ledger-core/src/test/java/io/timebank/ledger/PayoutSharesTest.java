package io.timebank.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class PayoutSharesTest {

    static final Amount MAX = Amount.ofUnits(1_000_000);

    @Property(tries = 2_000)
    void eachOccurrencePaysThePortionOfTheFundRoundedDownDividedByWeight(
        @ForAll @LongRange(min = 0, max = 10_000_000_000_000L) long balanceMicros,
        @ForAll @IntRange(min = 1, max = 1_000_000) int portionMicros,
        @ForAll @Size(min = 1, max = 20) List<@LongRange(min = 1, max = 1_000) Long> weights) {
        List<PayoutShares.Share> shares = new ArrayList<>();
        for (int i = 0; i < weights.size(); i++) {
            shares.add(new PayoutShares.Share(AccountId.of("m-" + i), weights.get(i)));
        }
        PayoutShares plan = new PayoutShares(new Measure(portionMicros), shares);

        List<Leg> legs = plan.legs(new Amount(balanceMicros), MAX, "payout");

        BigDecimal exact = BigDecimal.valueOf(balanceMicros).multiply(BigDecimal.valueOf(portionMicros))
            .divide(BigDecimal.valueOf(1_000_000), 0, RoundingMode.FLOOR);
        long total = Math.min(exact.longValueExact(), MAX.micros());
        assertThat(legs.stream().mapToLong(leg -> leg.amount().micros()).sum()).isEqualTo(total);
        long weightSum = weights.stream().mapToLong(Long::longValue).sum();
        for (Leg leg : legs) {
            int i = Integer.parseInt(leg.to().value().substring(2));
            double share = (double) total * weights.get(i) / weightSum;
            assertThat(Math.abs(leg.amount().micros() - share)).isLessThanOrEqualTo(1.0 + share * 1e-12);
            assertThat(leg.amount().isPositive()).as("a part of nothing is no leg").isTrue();
            assertThat(leg.memo()).isEqualTo("payout");
        }
    }

    @Test
    void theWorkedExample() {
        PayoutShares plan = new PayoutShares(Measure.parse("0.5"), List.of(
            new PayoutShares.Share(AccountId.of("bob"), 1), new PayoutShares.Share(AccountId.of("carol"), 3)));

        assertThat(plan.legs(Amount.parse("50"), MAX, "")).extracting(Leg::amount)
            .containsExactly(Amount.parse("6.25"), Amount.parse("18.75"));
        assertThat(plan.legs(Amount.parse("0.000001"), MAX, "")).isEmpty();
        assertThat(plan.legs(Amount.parse("-3"), MAX, "")).isEmpty();
        assertThatThrownBy(() -> new PayoutShares(Measure.parse("1.5"), plan.shares())).hasMessageContaining("(0, 1]");
    }
}
