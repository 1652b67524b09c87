package io.timebank.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import io.timebank.ledger.LedgerEvent.Deposited;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The ledger applying a platform's daily cap to deposits, and folding what it recorded. */
class CappedDepositTest {

    static final Instant MORNING = Instant.parse("2026-11-25T08:00:00Z");
    static final PlatformId FARM = PlatformId.of("farm");
    static final PlatformId FORUM = PlatformId.of("forum");
    static final AccountId MALLORY = AccountId.of("mallory");

    final Ledger ledger = new Ledger(LedgerTest.DECAY, FeeSchedule.NONE, Ledger.BANK, InputLimits.DEFAULT, Set.of(),
        new DailyCaps(DailyCap.NONE, Map.of(FARM, DailyCap.parse("convergent, soft=100, cap=150, interval=10m"))));

    Account account;
    final List<LedgerEvent> booked = new ArrayList<>();

    List<LedgerEvent> deposit(PlatformId platform, String id, Instant at, long score) {
        Activity activity = new Activity(ActivityId.of(id), platform, MALLORY, at, Measures.of(score, 1, 1), null, null);
        List<LedgerEvent> events = ledger.decide(new LedgerCommand.Deposit(activity,
            new Score(Measure.of(score), Measure.of(1), Measure.of(1), Amount.ofUnits(score))), account, ExchangeRate.parse("1"));
        for (LedgerEvent event : events) {
            account = ledger.apply(account, event);
            booked.add(event);
        }
        return events;
    }

    Deposited deposited(List<LedgerEvent> events) {
        return (Deposited) events.getLast();
    }

    @Test
    void aFarmingMemberIsCreditedNoMoreThanTheCapAndEachDepositRecordsWhatTheCapMadeOfIt() {
        long credited = 0;
        for (int i = 0; i < 100; i++) {
            credited += deposited(deposit(FARM, "f-" + i, MORNING.plus(Duration.ofMinutes(i)), 20)).credited().micros();
        }
        Deposited first = (Deposited) booked.get(1);
        Deposited spaced = (Deposited) booked.get(2);
        Deposited last = (Deposited) booked.getLast();

        assertThat(credited).isLessThanOrEqualTo(Amount.parse("150").micros()).isGreaterThan(Amount.parse("100").micros());
        assertThat(first.capped()).isEqualTo(new DailyCap.Applied(Measure.of(1), Measure.of(1), Amount.parse("20")));
        assertThat(spaced.capped().spacing()).as("a minute after the anchor, of ten").isEqualTo(Measure.parse("0.1"));
        assertThat(spaced.credited()).isEqualTo(Amount.parse("2"));
        assertThat(last.score().value()).as("the raw score is kept").isEqualTo(Amount.parse("20"));
        assertThat(last.credited()).isLessThan(Amount.parse("1"));
        assertThat(account.attention().entryCount()).isEqualTo(100);
        assertThat(account.balance(Asset.ATTENTION, last.at(), LedgerTest.DECAY)).as("the balance holds what was credited")
            .isLessThan(Amount.parse("150"));
        assertThat(account.day(LocalDate.of(2026, 11, 25)).creditedMicros()).isEqualTo(credited);
    }

    @Test
    void aReplayOfTheBookedEventsRebuildsTheSameAccountAndDays() {
        for (int i = 0; i < 30; i++) {
            deposit(FARM, "f-" + i, MORNING.plus(Duration.ofMinutes(7L * i)), 9);
        }
        // A rebuild folds the events with a ledger that caps nothing: what was recorded is what counts.
        Ledger uncapped = new Ledger(LedgerTest.DECAY, FeeSchedule.NONE, Ledger.BANK, InputLimits.DEFAULT);
        Account replayed = null;
        for (LedgerEvent event : booked) {
            replayed = uncapped.apply(replayed, event);
        }
        assertThat(replayed).isEqualTo(account);
    }

    @Test
    void anActivityOfAnEarlierDayIsCappedByThatDayAndLeavesTodayAsItWas() {
        for (int i = 0; i < 12; i++) {
            deposit(FARM, "today-" + i, MORNING.plus(Duration.ofHours(i)), 20);
        }
        DailyCap.Day today = account.day(LocalDate.of(2026, 11, 25));

        Deposited yesterday = deposited(deposit(FARM, "late", MORNING.minus(Duration.ofDays(1)), 20));
        Deposited todayAgain = deposited(deposit(FARM, "today-12", MORNING.plus(Duration.ofHours(13)), 20));

        assertThat(yesterday.credited()).as("a fresh day").isEqualTo(Amount.parse("20"));
        assertThat(todayAgain.credited()).as("today's budget is spent").isLessThan(Amount.parse("2"));
        assertThat(account.day(LocalDate.of(2026, 11, 25)).creditedMicros())
            .isEqualTo(today.creditedMicros() + todayAgain.credited().micros());
    }

    @Test
    void onlyTheDaysAnActivityCanStillArriveForAreKept() {
        for (int day = 0; day < 20; day++) {
            deposit(FARM, "d-" + day, MORNING.plus(Duration.ofDays(day)), 1);
        }
        LocalDate newest = LocalDate.of(2026, 11, 25).plusDays(19);

        assertThat(account.days()).extracting(DailyCap.Day::date).first()
            .isEqualTo(newest.minusDays(InputLimits.DEFAULT.eventAgeMax().plus(InputLimits.DEFAULT.clockSkewMax()).toDays() + 1));
        assertThat(account.days()).extracting(DailyCap.Day::date).last().isEqualTo(newest);
    }

    @Test
    void aPlatformWithoutACapCreditsTheScoreAndRecordsNoCap() {
        for (int i = 0; i < 20; i++) {
            deposit(FORUM, "p-" + i, MORNING.plus(Duration.ofMinutes(i)), 20);
        }
        assertThat(booked).filteredOn(Deposited.class::isInstance).map(event -> ((Deposited) event).capped()).containsOnlyNulls();
        assertThat(account.balance(Asset.ATTENTION, MORNING.plus(Duration.ofMinutes(19)), LedgerTest.DECAY))
            .isGreaterThan(Amount.parse("398"));
        assertThat(account.days()).isEmpty();
    }
}
