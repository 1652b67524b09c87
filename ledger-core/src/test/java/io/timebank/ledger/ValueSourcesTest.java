package io.timebank.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ValueSourcesTest {

    static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");
    static final PlatformId VIDEO = PlatformId.of("video");

    @Test
    void depositsAreGroupedByPlatformWorthTheirDecayedValueWithTheirMeanScoreParts() {
        ValueSources sources = ValueSources.of(List.of(
            weighted(LedgerTest.FORUM, "f-1", 2, 3, 4, "1"),      // S = 24, worth 24
            weighted(VIDEO, "v-1", 1, 1, 10, "0.5"),              // S = 10, worth 5
            weighted(LedgerTest.FORUM, "f-2", 4, 1, 1, "0.25"))); // S = 4, worth 1

        assertThat(sources.sources()).extracting(source -> source.platform().value()).containsExactly("forum", "video");
        ValueSources.Source forum = sources.sources().getFirst();
        assertThat(forum.deposits()).isEqualTo(2);
        assertThat(forum.credited()).isEqualByComparingTo("28");
        assertThat(forum.value()).isEqualByComparingTo("25");
        assertThat(forum.interactionFactor()).isEqualByComparingTo("3");
        assertThat(forum.originalityFactor()).isEqualByComparingTo("2");
        assertThat(forum.engagementFactor()).isEqualByComparingTo("2.5");
        assertThat(forum.score()).isEqualByComparingTo("14");
        assertThat(sources.sources().get(1).value()).isEqualByComparingTo("5");
    }

    @Test
    void theMostValuableSourceComesFirstWhateverItsName() {
        ValueSources sources = ValueSources.of(List.of(weighted(LedgerTest.FORUM, "f-1", 1, 1, 1, "0.1"),
            weighted(VIDEO, "v-1", 1, 1, 1, "0.9")));

        assertThat(sources.sources()).extracting(source -> source.platform().value()).containsExactly("video", "forum");
        assertThat(ValueSources.of(List.of()).sources()).isEmpty();
    }

    private static ValueSources.Weighted weighted(PlatformId platform, String id, long f, long g, long h, String weight) {
        Score score = new Score(Measure.of(f), Measure.of(g), Measure.of(h), new Amount(f * g * h * 1_000_000));
        return new ValueSources.Weighted(new LedgerEvent.Deposited(AccountId.of("alice"), platform, ActivityId.of(id), T0,
            Measures.of(f, g, h), score), new BigDecimal(weight));
    }
}
