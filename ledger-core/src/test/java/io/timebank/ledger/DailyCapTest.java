package io.timebank.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class DailyCapTest {

    private static final Instant MORNING = Instant.parse("2026-11-25T08:00:00Z");
    private static final DailyCap FORUM = new DailyCap(Amount.parse("100"), Amount.parse("150"), Duration.ofMinutes(10));

    /** The worked example of docs/ECONOMICS.md, to the micro-unit. */
    @Test
    void theWorkedExample() {
        List<DailyCap.Credit> day = credits(FORUM, List.of(
            new Activity(MORNING, "60"),
            new Activity(MORNING.plus(Duration.ofMinutes(2)), "50"),
            new Activity(MORNING.plus(Duration.ofHours(1)), "50"),
            new Activity(MORNING.plus(Duration.ofHours(2)), "200")));

        assertThat(day).extracting(credit -> credit.spacing().toString())
            .containsExactly("1.000000", "0.200000", "1.000000", "1.000000");
        assertThat(day).extracting(credit -> credit.credited().toString())
            .containsExactly("60.000000", "10.000000", "46.483997", "32.902136");
        assertThat(day).extracting(credit -> credit.factor().toString())
            .containsExactly("1.000000", "0.200000", "0.929680", "0.164511");
        assertThat(day.getLast().after().creditedMicros()).isEqualTo(Amount.parse("149.386133").micros());

        DailyCap.Credit tomorrow = FORUM.credit(day.getLast().after(), MORNING.plus(Duration.ofDays(1)), Amount.parse("60"));
        assertThat(tomorrow.credited()).as("a new day starts afresh").isEqualTo(Amount.parse("60"));
    }

    @Test
    void aLateActivityIsSpacedFromTheAnchorOnEitherSide() {
        DailyCap.Credit first = FORUM.credit(null, MORNING, Amount.parse("10"));
        DailyCap.Credit late = FORUM.credit(first.after(), MORNING.minus(Duration.ofMinutes(5)), Amount.parse("10"));
        DailyCap.Credit farEarlier = FORUM.credit(late.after(), MORNING.minus(Duration.ofHours(3)), Amount.parse("10"));

        assertThat(late.spacing()).isEqualTo(Measure.parse("0.5"));
        assertThat(farEarlier.spacing()).isEqualTo(Measure.parse("1"));
        assertThat(farEarlier.after().anchor()).as("the anchor is the latest full activity").isEqualTo(MORNING);
    }

    @Test
    void settingsOutOfBoundsAreRefusedNamingThem() {
        assertThatThrownBy(() -> new DailyCap(Amount.parse("10"), Amount.parse("5"), Duration.ZERO))
            .hasMessageContaining("hardCap 5.000000 is below softBudget 10.000000");
        assertThatThrownBy(() -> new DailyCap(Amount.parse("-1"), Amount.parse("5"), Duration.ZERO))
            .hasMessageContaining("softBudget must not be negative");
        assertThatThrownBy(() -> new DailyCap(Amount.parse("1"), Amount.parse("5"), Duration.ofSeconds(-1)))
            .hasMessageContaining("minimumInterval must not be negative");
    }

    @Property(tries = 300)
    void aDayNeverCreditsMoreThanItsCapNorAnActivityMoreThanItsScore(@ForAll("caps") DailyCap cap,
                                                                     @ForAll("days") List<Activity> activities) {
        long total = 0;
        for (DailyCap.Credit credit : credits(cap, activities)) {
            assertThat(credit.credited().micros()).isBetween(0L, credit.raw().micros());
            total += credit.credited().micros();
        }
        assertThat(total).isLessThanOrEqualTo(cap.hardCap().micros());
    }

    @Property(tries = 300)
    void moreActivityNeverCreditsLessInTotal(@ForAll("caps") DailyCap cap, @ForAll("days") List<Activity> activities,
                                             @ForAll @IntRange(min = 0, max = 9) int which,
                                             @ForAll @LongRange(min = 0, max = 50_000_000) long moreMicros) {
        long before = total(credits(cap, activities));

        List<Activity> raised = new ArrayList<>(activities);
        int index = which % raised.size();
        Activity one = raised.get(index);
        raised.set(index, new Activity(one.at(), new Amount(one.amount().micros() + moreMicros).toString()));
        List<Activity> appended = new ArrayList<>(activities);
        appended.add(new Activity(activities.getLast().at().plus(Duration.ofMinutes(1)), "1"));

        assertThat(total(credits(cap, raised))).as("a higher score").isGreaterThanOrEqualTo(before);
        assertThat(total(credits(cap, appended))).as("one more activity").isGreaterThanOrEqualTo(before);
    }

    @Property(tries = 300)
    void aReplayOfTheRecordedDecisionsLeavesTheSameDay(@ForAll("caps") DailyCap cap,
                                                       @ForAll("days") List<Activity> activities) {
        List<DailyCap.Credit> credits = credits(cap, activities);
        DailyCap.Day replayed = null;
        for (int i = 0; i < credits.size(); i++) {
            DailyCap.Credit credit = credits.get(i);
            replayed = DailyCap.recorded(replayed, activities.get(i).at(), credit.raw(), credit.applied());
            assertThat(replayed).isEqualTo(credit.after());
        }
    }

    @Test
    void operatorsWriteCapsAsACurveAndItsParameters() {
        assertThat(DailyCap.parse("convergent, soft=100, cap=150, interval=10m")).isEqualTo(FORUM);
        assertThat(DailyCap.parse(" hard , cap=150 , interval=PT90S"))
            .isEqualTo(new DailyCap(Amount.parse("150"), Amount.parse("150"), Duration.ofSeconds(90)));
        assertThat(DailyCap.parse("convergent, soft=1, cap=2").minimumInterval()).isZero();
        assertThat(DailyCap.parse("none")).isSameAs(DailyCap.NONE);
    }

    @Test
    void aCapWrittenWrongIsRefusedNamingWhatIsWrong() {
        assertThatThrownBy(() -> DailyCap.parse("bezier, soft=1, cap=2")).hasMessageContaining("unknown curve \"bezier\"");
        assertThatThrownBy(() -> DailyCap.parse("convergent, soft=-1, cap=2")).hasMessageContaining("soft must not be negative");
        assertThatThrownBy(() -> DailyCap.parse("convergent, soft=5, cap=2")).hasMessageContaining("cap 2.000000 is below soft");
        assertThatThrownBy(() -> DailyCap.parse("convergent, cap=2")).hasMessageContaining("soft= is required");
        assertThatThrownBy(() -> DailyCap.parse("convergent, soft=x, cap=2")).hasMessageContaining("soft");
        assertThatThrownBy(() -> DailyCap.parse("hard, cap=2, every=1m")).hasMessageContaining("unknown part \"every=1m\"");
        assertThatThrownBy(() -> DailyCap.parse("hard, cap=2, interval=soon")).hasMessageContaining("interval \"soon\"");
        assertThatThrownBy(() -> DailyCap.parse("hard, cap=2, interval=2d")).hasMessageContaining("interval \"2d\"");
        assertThatThrownBy(() -> DailyCap.parse("hard, soft=1, cap=2")).hasMessageContaining("a hard cap has no soft budget");
        assertThatThrownBy(() -> DailyCap.parse("")).hasMessageContaining("is empty");
    }

    @Property(tries = 100)
    void withoutCapOrSpacingEveryScoreIsCreditedAsItIs(@ForAll("days") List<Activity> activities) {
        for (DailyCap.Credit credit : credits(DailyCap.NONE, activities)) {
            assertThat(credit.credited()).isEqualTo(credit.raw());
        }
    }

    record Activity(Instant at, String raw) {

        Amount amount() {
            return Amount.parse(raw);
        }
    }

    private static List<DailyCap.Credit> credits(DailyCap cap, List<Activity> activities) {
        List<DailyCap.Credit> credits = new ArrayList<>();
        DailyCap.Day day = null;
        for (Activity activity : activities) {
            DailyCap.Credit credit = cap.credit(day, activity.at(), activity.amount());
            credits.add(credit);
            day = credit.after();
        }
        return credits;
    }

    private static long total(List<DailyCap.Credit> credits) {
        return credits.stream().mapToLong(credit -> credit.credited().micros()).sum();
    }

    @Provide
    Arbitrary<DailyCap> caps() {
        Arbitrary<Long> soft = Arbitraries.longs().between(0, 200_000_000);
        Arbitrary<Long> extra = Arbitraries.longs().between(0, 200_000_000);
        Arbitrary<Long> interval = Arbitraries.longs().between(0, 3_600_000);
        return Combinators.combine(soft, extra, interval).as((s, e, i) ->
            new DailyCap(new Amount(s), new Amount(s + e), Duration.ofMillis(i)));
    }

    @Provide
    Arbitrary<List<Activity>> days() {
        Arbitrary<Long> gaps = Arbitraries.longs().between(0, 1_800_000); // 30 steps stay within the day
        Arbitrary<Long> scores = Arbitraries.longs().between(0, 80_000_000);
        return Combinators.combine(gaps, scores).as((gap, score) -> new long[] {gap, score}).list().ofMinSize(1)
            .ofMaxSize(30).map(steps -> {
                List<Activity> activities = new ArrayList<>();
                Instant at = MORNING;
                for (long[] step : steps) {
                    at = at.plusMillis(step[0]);
                    activities.add(new Activity(at, new Amount(step[1]).toString()));
                }
                return activities;
            });
    }
}
