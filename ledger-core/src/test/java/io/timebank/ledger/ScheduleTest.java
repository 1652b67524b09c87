package io.timebank.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAmount;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class ScheduleTest {

    static final Instant JAN_31 = Instant.parse("2026-01-31T09:00:00Z");

    @Property(tries = 2_000)
    void occurrencesFallDueInOrder(@ForAll("firsts") Instant first, @ForAll("intervals") TemporalAmount interval,
                                   @ForAll @LongRange(min = 1, max = 5_000) long n) {
        Schedule schedule = new Schedule(first, interval, 0, null);

        assertThat(schedule.dueAt(n + 1)).isAfter(schedule.dueAt(n));
        assertThat(schedule.dueAt(1)).isEqualTo(first);
    }

    @Property(tries = 1_000)
    void aMonthlyOccurrenceKeepsTheFirstsDayOrTheMonthsLast(@ForAll("firsts") Instant first,
                                                            @ForAll @LongRange(min = 1, max = 1_200) long n) {
        LocalDate due = LocalDate.ofInstant(new Schedule(first, Period.ofMonths(1), 0, null).dueAt(n), ZoneOffset.UTC);

        int day = LocalDate.ofInstant(first, ZoneOffset.UTC).getDayOfMonth();
        assertThat(due.getDayOfMonth()).isEqualTo(Math.min(day, due.lengthOfMonth()));
        assertThat(due.withDayOfMonth(1)).isEqualTo(LocalDate.ofInstant(first, ZoneOffset.UTC).withDayOfMonth(1)
            .plusMonths(n - 1));
    }

    @Property(tries = 1_000)
    void anExactIntervalNeverDrifts(@ForAll("firsts") Instant first, @ForAll @LongRange(min = 1, max = 100_000) long minutes,
                                    @ForAll @LongRange(min = 1, max = 10_000) long n) {
        Schedule schedule = new Schedule(first, Duration.ofMinutes(minutes), 0, null);

        assertThat(Duration.between(schedule.dueAt(1), schedule.dueAt(n))).isEqualTo(Duration.ofMinutes(minutes * (n - 1)));
    }

    @Property(tries = 1_000)
    void aScheduleEndsAfterItsCountOrAtItsEnd(@ForAll("firsts") Instant first, @ForAll("intervals") TemporalAmount interval,
                                              @ForAll @LongRange(min = 1, max = 500) long count,
                                              @ForAll @LongRange(min = 0, max = 1_000_000) long untilMinutes) {
        Schedule counted = new Schedule(first, interval, count, null);
        Instant until = first.plus(Duration.ofMinutes(untilMinutes));
        Schedule ended = new Schedule(first, interval, 0, until);

        assertThat(counted.includes(count)).isTrue();
        assertThat(counted.includes(count + 1)).isFalse();
        long last = 1;
        while (ended.includes(last + 1)) {
            last++;
        }
        assertThat(ended.dueAt(last)).isBeforeOrEqualTo(until);
        assertThat(ended.dueAt(last + 1)).isAfter(until);
    }

    @Test
    void theLastDayOfAMonthComesBackWhenTheMonthHasIt() {
        Schedule monthly = new Schedule(JAN_31, Schedule.interval("P1M"), 0, null);

        assertThat(monthly.dueAt(2)).isEqualTo(Instant.parse("2026-02-28T09:00:00Z"));
        assertThat(monthly.dueAt(3)).isEqualTo(Instant.parse("2026-03-31T09:00:00Z"));
        assertThat(monthly.dueAt(13)).isEqualTo(Instant.parse("2027-01-31T09:00:00Z"));
    }

    @Test
    void intervalsAreReadAsIso8601AndBadSchedulesAreRefused() {
        assertThat(Schedule.interval("pt30m")).isEqualTo(Duration.ofMinutes(30));
        assertThat(Schedule.interval("P2W")).isEqualTo(Period.ofWeeks(2));
        assertThat(Schedule.interval("P1DT12H")).isEqualTo(Duration.ofHours(36));
        assertThatThrownBy(() -> Schedule.interval("monthly")).hasMessageContaining("ISO-8601");
        assertThatThrownBy(() -> new Schedule(JAN_31, Duration.ofSeconds(59), 0, null)).hasMessageContaining("at least");
        assertThatThrownBy(() -> new Schedule(JAN_31, Period.ZERO, 0, null)).hasMessageContaining("positive");
        assertThatThrownBy(() -> new Schedule(JAN_31, Period.ofDays(1), -1, null)).hasMessageContaining("count");
        assertThatThrownBy(() -> new Schedule(JAN_31, Period.ofDays(1), 0, JAN_31.minusSeconds(1)))
            .hasMessageContaining("before the first");
    }

    @Provide
    Arbitrary<Instant> firsts() {
        return Arbitraries.longs().between(Instant.parse("2020-01-01T00:00:00Z").getEpochSecond(),
            Instant.parse("2040-01-01T00:00:00Z").getEpochSecond()).map(Instant::ofEpochSecond);
    }

    @Provide
    Arbitrary<TemporalAmount> intervals() {
        return Arbitraries.oneOf(
            Arbitraries.longs().between(1, 60 * 24 * 400).map(Duration::ofMinutes),
            Arbitraries.integers().between(1, 31).map(Period::ofDays),
            Arbitraries.integers().between(1, 24).map(Period::ofMonths),
            Arbitraries.integers().between(1, 3).map(Period::ofYears));
    }
}
