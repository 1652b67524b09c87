package io.timebank.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** An amount divided by weights: the parts sum to the whole, each within a micro-unit of its exact share. */
class SharesTest {

    /** The worked example of docs/ECONOMICS.md. */
    @Test
    void theWorkedExample() {
        assertThat(Shares.allocate(Amount.parse("100"), List.of(1L, 1L, 1L)))
            .extracting(Amount::toString).containsExactly("33.333334", "33.333333", "33.333333");
        assertThat(Shares.allocate(Amount.parse("10"), List.of(50L, 30L, 20L, 0L)))
            .extracting(Amount::toString).containsExactly("5.000000", "3.000000", "2.000000", "0.000000");
        assertThat(Shares.allocate(Amount.parse("0.000005"), List.of(1L, 1L, 1L, 1L, 1L, 1L, 1L)))
            .extracting(Amount::micros).containsExactly(1L, 1L, 1L, 1L, 1L, 0L, 0L);
    }

    @Property(tries = 500)
    void thePartsSumToTheWholeAndEachIsWithinAMicroUnitOfItsExactShare(
        @ForAll @LongRange(min = 0, max = 1_000_000_000_000_000L) long micros,
        @ForAll @Size(min = 1, max = 40) List<@LongRange(min = 0, max = 1_000_000_000L) Long> weights) {
        List<Long> positive = new ArrayList<>(weights);
        positive.set(0, positive.getFirst() + 1);
        List<Amount> parts = Shares.allocate(new Amount(micros), positive);

        assertThat(parts.stream().mapToLong(Amount::micros).sum()).isEqualTo(micros);
        BigDecimal sum = BigDecimal.valueOf(positive.stream().mapToLong(Long::longValue).sum());
        for (int i = 0; i < parts.size(); i++) {
            BigDecimal exact = BigDecimal.valueOf(micros).multiply(BigDecimal.valueOf(positive.get(i)))
                .divide(sum, MathContext.DECIMAL128);
            assertThat(BigDecimal.valueOf(parts.get(i).micros()).subtract(exact).abs()).isLessThan(BigDecimal.ONE);
        }
    }

    @Property(tries = 300)
    void aLargerWeightNeverGetsLess(@ForAll @LongRange(min = 0, max = 1_000_000_000_000L) long micros,
                                    @ForAll @Size(min = 2, max = 20) List<@LongRange(min = 1, max = 1_000_000) Long> weights) {
        List<Amount> parts = Shares.allocate(new Amount(micros), weights);

        for (int i = 0; i < weights.size(); i++) {
            for (int j = 0; j < weights.size(); j++) {
                if (weights.get(i) > weights.get(j)) {
                    assertThat(parts.get(i)).isGreaterThanOrEqualTo(parts.get(j));
                }
            }
        }
    }

    @Test
    void whatCannotBeDividedIsRefused() {
        assertThatThrownBy(() -> Shares.allocate(Amount.parse("1"), List.of(0L, 0L))).hasMessageContaining("positive");
        assertThatThrownBy(() -> Shares.allocate(Amount.parse("1"), List.of(-1L, 2L))).hasMessageContaining("negative");
        assertThatThrownBy(() -> Shares.allocate(Amount.parse("-1"), List.of(1L))).hasMessageContaining("negative amount");
        assertThatThrownBy(() -> Shares.allocate(Amount.parse("1"), List.of())).hasMessageContaining("between 1 and");
    }
}
