package io.timebank.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

/** A platform's distribution of a measure: merged from parts in any order, ranking as exact ranks do, to a bucket. */
class MeasureDistributionTest {

    @Property(tries = 100)
    void partsMergedInAnyOrderAreTheDistributionOfAllTheirValues(
        @ForAll @Size(min = 1, max = 300) List<@LongRange(min = 0, max = 1_000_000_000_000L) Long> micros,
        @ForAll @IntRange(min = 1, max = 8) int parts, @ForAll long seed) {
        MeasureDistribution whole = MeasureDistribution.empty();
        List<MeasureDistribution> split = new ArrayList<>();
        for (int i = 0; i < parts; i++) {
            split.add(MeasureDistribution.empty());
        }
        for (int i = 0; i < micros.size(); i++) {
            whole.record(new Measure(micros.get(i)));
            split.get(i % parts).record(new Measure(micros.get(i)));
        }
        Collections.shuffle(split, new Random(seed));
        MeasureDistribution merged = MeasureDistribution.empty();
        split.forEach(merged::merge);

        assertThat(merged).isEqualTo(whole);
        assertThat(MeasureDistribution.decode(merged.encode())).isEqualTo(whole);
        for (long value : micros) {
            assertThat(merged.rankOf(value / 1e6)).isEqualTo(whole.rankOf(value / 1e6));
        }
    }

    @Property(tries = 100)
    void aMeasuresRankIsItsExactMidRankToWithinTheValuesOfItsBucket(
        @ForAll @Size(min = 1, max = 300) List<@LongRange(min = 0, max = 1_000_000_000L) Long> micros,
        @ForAll @LongRange(min = 0, max = 1_000_000_000L) long x) {
        MeasureDistribution distribution = MeasureDistribution.empty();
        MeasureWindow exact = MeasureWindow.empty(MeasureWindow.CAPACITY_MAX);
        for (long value : micros) {
            distribution.record(new Measure(value));
            exact = exact.with(value / 1e6);
        }
        // Values within 1 % of x may share its bucket: they are the only ones that can rank differently.
        long near = micros.stream().filter(value -> Math.abs(value - x) <= Math.max(1, x / 100)).count();

        assertThat(distribution.rankOf(x / 1e6)).isCloseTo(exact.rankOf(x / 1e6), within(near / (double) micros.size() + 1e-9));
    }

    @Property(tries = 50)
    void platformsOfDifferentScalesButTheSameShapeRankAlike(@ForAll long seed, @ForAll @IntRange(min = 2, max = 1000) int scale) {
        Random random = new Random(seed);
        MeasureDistribution small = MeasureDistribution.empty();
        MeasureDistribution large = MeasureDistribution.empty();
        List<Double> values = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            double value = Math.exp(random.nextGaussian()) * 3; // log-normal, as activity counts tend to be
            values.add(value);
            small.record(Measure.rounded(value));
            large.record(Measure.rounded(value * scale));
        }
        for (double value : values.subList(0, 200)) {
            assertThat(large.rankOf(value * scale)).isCloseTo(small.rankOf(value), within(0.02));
        }
    }

    @Property(tries = 10)
    void anEmptyDistributionRanksEverythingInTheMiddle(@ForAll double x) {
        assertThat(MeasureDistribution.empty().rankOf(Math.abs(x) % 1e9)).isEqualTo(0.5);
    }

    @net.jqwik.api.Example
    void bytesThatAreNotADistributionAreRefused() {
        assertThatThrownBy(() -> MeasureDistribution.decode(new byte[] {1, 2, 3}))
            .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("not a measure distribution");
    }
}
