package io.timebank.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class RateRuleTest {

    private static final RateRule RULE = new RateRule(1, new BigDecimal("0.5"), new BigDecimal("0.05"),
        ExchangeRate.parse("0.001"), ExchangeRate.parse("10"), 5);

    /** The worked example of docs/ECONOMICS.md. */
    @Test
    void theWorkedExample() {
        List<Amount> supplies = amounts("180000", "190000", "200000", "210000", "5000000");
        Amount reserve = Amount.parse("10000");

        List<String> published = new ArrayList<>();
        ExchangeRate rate = ExchangeRate.parse("0.12");
        for (int interval = 0; interval < 5; interval++) {
            RateRule.Decision decision = RULE.next(rate, supplies, reserve);
            assertThat(decision.supply()).as("the burst of 5,000,000 is not the median").isEqualTo(Amount.parse("200000"));
            assertThat(decision.target()).isEqualTo(ExchangeRate.parse("0.1"));
            rate = decision.rate();
            published.add(rate.toString());
        }

        assertThat(published).containsExactly("0.114", "0.1083", "0.102885", "0.1", "0.1");
    }

    @Test
    void boundsAndSettingsOutOfRangeAreRefusedNamingThem() {
        assertThatThrownBy(() -> RULE.requireWithin(ExchangeRate.parse("20")))
            .hasMessageContaining("the initial rate 20 is outside [0.001, 10]");
        assertThatThrownBy(() -> new RateRule(1, new BigDecimal("1.5"), new BigDecimal("0.05"), ExchangeRate.parse("1"),
            ExchangeRate.parse("2"), 5)).hasMessageContaining("weight must be in (0, 1]");
        assertThatThrownBy(() -> new RateRule(1, BigDecimal.ONE, BigDecimal.ONE, ExchangeRate.parse("1"),
            ExchangeRate.parse("2"), 5)).hasMessageContaining("maxStep must be in (0, 1)");
        assertThatThrownBy(() -> new RateRule(1, BigDecimal.ONE, new BigDecimal("0.1"), ExchangeRate.parse("3"),
            ExchangeRate.parse("2"), 5)).hasMessageContaining("floor 3 must not be above ceiling 2");
    }

    @Property(tries = 500)
    void theRateStaysWithinItsBoundsAndItsStep(@ForAll("supplies") List<Amount> supplies,
                                               @ForAll @LongRange(min = 0, max = 1_000_000_000_000L) long reserveMicros,
                                               @ForAll @LongRange(min = 1_000, max = 10_000_000) long previousMicros) {
        ExchangeRate previous = new ExchangeRate(BigDecimal.valueOf(previousMicros, 6));
        BigDecimal rate = RULE.next(previous, supplies, new Amount(reserveMicros)).rate().stablePerAttention();

        assertThat(rate).isBetween(RULE.floor().stablePerAttention(), RULE.ceiling().stablePerAttention());
        BigDecimal step = rate.subtract(previous.stablePerAttention()).abs();
        assertThat(step).isLessThanOrEqualTo(previous.stablePerAttention().multiply(RULE.maxStep()));
    }

    @Property(tries = 500)
    void moreSupplyNeverRaisesTheRateAndMoreReserveNeverLowersIt(
        @ForAll("supplies") List<Amount> supplies, @ForAll @LongRange(min = 0, max = 10_000_000_000L) long moreMicros,
        @ForAll @LongRange(min = 1, max = 1_000_000_000_000L) long reserveMicros,
        @ForAll @LongRange(min = 1_000, max = 10_000_000) long previousMicros) {
        ExchangeRate previous = new ExchangeRate(BigDecimal.valueOf(previousMicros, 6));
        Amount reserve = new Amount(reserveMicros);
        BigDecimal rate = RULE.next(previous, supplies, reserve).rate().stablePerAttention();

        List<Amount> more = supplies.stream().map(supply -> new Amount(supply.micros() + moreMicros)).toList();
        assertThat(RULE.next(previous, more, reserve).rate().stablePerAttention()).isLessThanOrEqualTo(rate);
        assertThat(RULE.next(previous, supplies, new Amount(reserveMicros + moreMicros)).rate().stablePerAttention())
            .isGreaterThanOrEqualTo(rate);
    }

    private static List<Amount> amounts(String... values) {
        return java.util.Arrays.stream(values).map(Amount::parse).toList();
    }

    @Provide
    Arbitrary<List<Amount>> supplies() {
        return Arbitraries.longs().between(0, 1_000_000_000_000_000L).map(Amount::new).list().ofMinSize(1).ofMaxSize(8);
    }
}
