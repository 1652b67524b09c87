package io.timebank.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/** The bank's supply combined from the partitions' readings, and the rate published from it. */
class RateBookTest {

    static final Instant T0 = Instant.parse("2026-11-26T00:00:00Z");
    static final Decay DECAY = Decay.ofMeanLifetime(Duration.ofHours(100));
    static final RateRule RULE = new RateRule(1, new BigDecimal("0.5"), new BigDecimal("0.05"),
        ExchangeRate.parse("0.001"), ExchangeRate.parse("10"), 3);
    static final Amount RESERVE = Amount.parse("10000");

    @Test
    void theSupplyIsEveryPartitionsLatestReadingDecayedToNow() {
        RateBook book = RateBook.starting(ExchangeRate.parse("0.1"))
            .with(new SupplyReading(0, T0, Amount.parse("100000")))
            .with(new SupplyReading(1, T0, Amount.parse("50000")))
            .with(new SupplyReading(1, T0.plusSeconds(60), Amount.parse("60000")))
            .with(new SupplyReading(1, T0.plusSeconds(30), Amount.parse("1"))); // late: an older reading changes nothing

        Instant hundredHoursLater = T0.plus(Duration.ofHours(100));
        // 100,000 · e^(−1) + 60,000 · e^(−(100 h − 1 min)/100 h), each rounded down to the micro-unit.
        assertThat(book.supplyAt(T0.plusSeconds(60), DECAY).toDecimal().doubleValue())
            .isCloseTo(100_000 * Math.exp(-60 / 360_000.0) + 60_000, org.assertj.core.api.Assertions.within(1e-5));
        assertThat(book.supplyAt(hundredHoursLater, DECAY).toDecimal().doubleValue())
            .isCloseTo(100_000 * Math.exp(-1) + 60_000 * Math.exp(-(360_000 - 60) / 360_000.0),
                org.assertj.core.api.Assertions.within(1e-5));
    }

    @Test
    void aBurstOfSupplyLowersTheRateStepByStepAndEachPublicationCarriesItsInputs() {
        RateBook book = RateBook.starting(ExchangeRate.parse("0.1")).with(new SupplyReading(0, T0, Amount.parse("200000")));
        RateBook.Publication first = book.publish(RULE, T0, RESERVE, DECAY);
        assertThat(first.changed().rate()).as("target 10,000 / (0.5 × 200,000) = 0.1").isEqualTo(ExchangeRate.parse("0.1"));

        book = first.after().with(new SupplyReading(0, T0.plusSeconds(60), Amount.parse("400000")));
        RateBook.Publication second = book.publish(RULE, T0.plusSeconds(60), RESERVE, DECAY);
        book = second.after().with(new SupplyReading(0, T0.plusSeconds(120), Amount.parse("400000")));
        RateBook.Publication third = book.publish(RULE, T0.plusSeconds(120), RESERVE, DECAY);

        assertThat(second.changed().rate()).as("the median of 200,000 and 400,000 is the lower: no change yet")
            .isEqualTo(ExchangeRate.parse("0.1"));
        assertThat(third.changed().decision().supply()).isEqualTo(Amount.parse("400000"));
        assertThat(third.changed().decision().target()).isEqualTo(ExchangeRate.parse("0.05"));
        assertThat(third.changed().rate()).as("at most 5 % a step").isEqualTo(ExchangeRate.parse("0.095"));
        assertThat(third.changed().previous()).isEqualTo(ExchangeRate.parse("0.1"));
        assertThat(third.changed().sequence()).isEqualTo(3);
        assertThat(third.after().supplies()).hasSize(3);
        assertThat(third.changed().decision().reserve()).isEqualTo(RESERVE);
    }

    @Property(tries = 200)
    void moreSupplyAgainstTheSameReserveNeverPublishesAHigherRate(@ForAll @LongRange(min = 1, max = 1_000_000_000L) long units,
                                                                   @ForAll @LongRange(min = 0, max = 1_000_000_000L) long more) {
        RateBook book = RateBook.starting(ExchangeRate.parse("1"));
        ExchangeRate lower = book.with(new SupplyReading(0, T0, Amount.ofUnits(units))).publish(RULE, T0, RESERVE, DECAY)
            .changed().rate();
        ExchangeRate higher = book.with(new SupplyReading(0, T0, Amount.ofUnits(units + more))).publish(RULE, T0, RESERVE, DECAY)
            .changed().rate();

        assertThat(higher.stablePerAttention()).isLessThanOrEqualTo(lower.stablePerAttention());
    }
}
