package io.timebank.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ScoringTest {

    @ParameterizedTest(name = "{0}({1}) = {2}")
    @CsvSource({
        "identity, 7, 7",
        "linear:2.5, 4, 10",
        "log1p, 1.718281828459045, 1",
        "sqrt, 16, 4",
        "saturating:2, 2, 0.6321205588285577",
        "saturating:2, 0, 0",
        "capped:3, 5, 3",
        "capped:3, 2, 2"
    })
    void eachFunctionComputesItsDocumentedFormula(String spec, double x, double expected) {
        ScoringFunction function = ScoringFunction.parse(spec);

        assertThat(function.apply(x, Population.NONE)).isCloseTo(expected, within(1e-12));
        assertThat(ScoringFunction.parse(function.spec())).isEqualTo(function);
    }

    @Test
    void percentileRanksAMeasureAmongItsPlatformsRecentMeasures() {
        MeasureWindow window = MeasureWindow.empty(4);
        for (double x : new double[] {10, 20, 30, 40}) {
            window = window.with(x);
        }
        ScoringFunction percentile = ScoringFunction.parse("percentile");

        assertThat(percentile.apply(5, window)).isEqualTo(0.0);
        assertThat(percentile.apply(30, window)).isEqualTo(0.625); // 2 below + half of 1 equal, of 4
        assertThat(percentile.apply(99, window)).isEqualTo(1.0);
        assertThat(percentile.apply(99, Population.NONE)).isEqualTo(0.5);
    }

    @Test
    void theWindowForgetsItsOldestMeasureOnceFull() {
        MeasureWindow window = MeasureWindow.empty(3).with(100).with(1).with(2).with(3);

        assertThat(window.size()).isEqualTo(3);
        assertThat(window.rankOf(50)).isEqualTo(1.0); // 100 has left
    }

    @Test
    void platformsOnDifferentScalesScoreAlikeUnderPercentile() {
        ScoringRule fair = ScoringRule.parse("percentile", "percentile", "percentile");
        MeasureWindow small = MeasureWindow.empty(100);
        MeasureWindow large = MeasureWindow.empty(100);
        for (int i = 1; i <= 100; i++) {
            small = small.with(i);
            large = large.with(i * 1000.0);
        }
        Populations smallPlatform = new Populations(small, small, small);
        Populations largePlatform = new Populations(large, large, large);

        Score onSmall = fair.score(Measures.of(80, 80, 80), smallPlatform, Amount.ofUnits(1000));
        Score onLarge = fair.score(Measures.of(80_000, 80_000, 80_000), largePlatform, Amount.ofUnits(1000));

        assertThat(onSmall).isEqualTo(onLarge);
        assertThat(onSmall.value()).hasToString("0.502460"); // 0.795^3 = 0.502459875
    }

    @Test
    void theScoreIsRoundedOnceFromTheUnroundedFactors() {
        ScoringRule rule = ScoringRule.parse("log1p", "sqrt", "identity");

        Score score = rule.score(Measures.of(7, 5, 11), Populations.NONE, Amount.ofUnits(1000));

        // ln 8 · √5 · 11 = 51.1474994…; the rounded factors 2.079442 · 2.236068 · 11 would give 51.147511
        assertThat(score.value()).hasToString("51.147499");
        assertThat(score.interactionFactor()).hasToString("2.079442");
        assertThat(score.originalityFactor()).hasToString("2.236068");
    }

    @Test
    void aScoreAboveTheMaximumIsRefused() {
        assertThatThrownBy(() -> ScoringRule.IDENTITY.score(Measures.of(1000, 1000, 1000), Populations.NONE,
            Amount.ofUnits(1000))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("above the maximum");
    }

    @ParameterizedTest(name = "''{0}'' is refused")
    @ValueSource(strings = {"", "cube", "linear", "linear:0", "linear:-1", "capped:abc", "sqrt:2", "saturating:NaN"})
    void aBadFunctionSpecIsRefused(String spec) {
        assertThatThrownBy(() -> ScoringFunction.parse(spec)).isInstanceOf(IllegalArgumentException.class);
    }
}
