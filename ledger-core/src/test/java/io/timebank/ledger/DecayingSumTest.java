package io.timebank.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

/** The supply statistic agrees with the exact decaying balance it stands in for. */
class DecayingSumTest {

    static final Instant T0 = Instant.parse("2026-11-26T00:00:00Z");
    static final Decay DECAY = Decay.ofMeanLifetime(Duration.ofHours(100));

    @Property(tries = 200)
    void aSumOfCreditsReadsAsTheExactBalanceToWithinAMicroUnitPerMillionUnits(
        @ForAll @Size(min = 1, max = 50) List<@LongRange(min = 1, max = 1_000_000_000_000L) Long> micros,
        @ForAll @Size(min = 1, max = 50) List<@LongRange(min = 0, max = 3_600_000_000L) Long> offsets,
        @ForAll @LongRange(min = 0, max = 3_600_000_000L) long readAfter) {
        DecayingSum sum = DecayingSum.EMPTY;
        DecayingBalance exact = DecayingBalance.EMPTY;
        long latest = 0;
        for (int i = 0; i < micros.size(); i++) {
            Instant at = T0.plusMillis(offsets.get(i % offsets.size()));
            sum = sum.plus(new Amount(micros.get(i)), at, DECAY);
            exact = exact.plus(new Amount(micros.get(i)), at, DECAY);
            latest = Math.max(latest, offsets.get(i % offsets.size()));
        }
        Instant read = T0.plusMillis(latest + readAfter);
        long expected = exact.amountAt(read, DECAY).micros();

        assertThat(sum.amountAt(read, DECAY).micros()).isCloseTo(expected,
            org.assertj.core.api.Assertions.within(1 + expected / 1_000_000_000L));
    }
}
