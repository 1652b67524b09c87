package io.timebank.ledger;

import static io.timebank.ledger.StatementTest.DECAY;
import static io.timebank.ledger.StatementTest.LEDGER;
import static io.timebank.ledger.StatementTest.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * The balance curve a wallet draws: every point is the balance the account view shows at its instant
 * (a statement's closing there), the curve steps at each entry that changed it and only falls in
 * between, and ahead of the period it is the last balance decaying with nothing more booked.
 */
class BalanceCurveTest {

    @Property(tries = 200)
    void everyPointIsTheBalanceAtItsInstantAndTheCurveOnlyFallsBetweenEntries(
        @ForAll @IntRange(min = 0, max = 10_000) int seed, @ForAll @IntRange(min = 2, max = 60) int samples) {
        StatementTest.History history = StatementTest.history(new Random(seed), 40);
        Instant from = history.checkpoints().get(history.checkpoints().size() / 3);
        Instant to = history.checkpoints().getLast();
        Duration ahead = Duration.ofDays(30);

        BalanceCurve curve = curve(history, from, to, ahead, samples);

        List<AccountEntry> booked = history.entries();
        List<BalanceCurve.Point> points = curve.points();
        for (int i = 0; i < points.size(); i++) {
            BalanceCurve.Point point = points.get(i);
            assertThat(point.projected()).isEqualTo(point.at().isAfter(to));
            AccountEntry after = lastBookedAtOrBefore(booked, point.projected() ? to : point.at());
            BigDecimal balance = after == null ? BigDecimal.ZERO : after.balanceAt(Asset.ATTENTION, point.at(), DECAY);
            boolean stepStart = i + 1 < points.size() && points.get(i + 1).at().equals(point.at())
                && (i == 0 || !points.get(i - 1).at().equals(point.at()));
            if (stepStart) {
                // The balance just before the entries booked at this instant.
                AccountEntry before = lastBookedBefore(booked, point.at());
                assertThat(point.balance()).as("before the step at %s", point.at()).isEqualByComparingTo(
                    before == null ? BigDecimal.ZERO : before.balanceAt(Asset.ATTENTION, point.at(), DECAY));
            } else {
                assertThat(point.balance()).as("at %s", point.at()).isEqualByComparingTo(balance);
            }
        }
        for (int i = 1; i < points.size(); i++) {
            BalanceCurve.Point previous = points.get(i - 1);
            BalanceCurve.Point next = points.get(i);
            assertThat(next.at()).isAfterOrEqualTo(previous.at());
            if (next.at().isAfter(previous.at()) && !entryBookedIn(booked, previous.at(), next.at())) {
                assertThat(next.balance()).as("between %s and %s", previous.at(), next.at())
                    .isLessThanOrEqualTo(previous.balance());
            }
        }
        assertThat(points.getFirst().at()).isEqualTo(from);
        assertThat(points.getLast().at()).isEqualTo(to.plus(ahead));
        assertThat(curve.deposits()).extracting(BalanceCurve.DepositMark::sequence).containsExactlyElementsOf(booked.stream()
            .filter(entry -> entry.bookedAt().isAfter(from) && !entry.bookedAt().isAfter(to))
            .filter(entry -> entry.event() instanceof LedgerEvent.Deposited).map(AccountEntry::sequence).toList());
    }

    @Test
    void aDepositStepsTheCurveUpAndItDecaysAlongTheMeanLifetimeAhead() {
        // 100 credited at T0 + 1 h; curve of [T0, T0 + 2 h] with 100 h ahead, 3 samples: T0, T0 + 51 h, T0 + 102 h.
        Account opened = LEDGER.apply(null, new LedgerEvent.AccountOpened(StatementTest.ALICE, LedgerTest.FORUM,
            Amount.ZERO, T0));
        AccountEntry opening = new AccountEntry(0, new LedgerEvent.AccountOpened(StatementTest.ALICE, LedgerTest.FORUM,
            Amount.ZERO, T0), opened.attention(), opened.stable());
        LedgerEvent.Deposited deposited = StatementTest.deposited("d-1", T0.plus(Duration.ofHours(1)), "100");
        Account credited = LEDGER.apply(opened, deposited);
        AccountEntry deposit = new AccountEntry(1, deposited, credited.attention(), credited.stable());

        BalanceCurve curve = BalanceCurve.of(T0, T0.plus(Duration.ofHours(2)), Duration.ofHours(100), 3, opening,
            List.of(deposit), DECAY);

        assertThat(curve.points()).extracting(BalanceCurve.Point::balance).map(BigDecimal::toPlainString)
            .containsExactly("0.000000", "0.000000", "100.000000", "60.653065", "36.421897");
        // 100 · e^(−50/100) at T0 + 51 h, 100 · e^(−101/100) at T0 + 102 h
        assertThat(curve.points()).extracting(BalanceCurve.Point::projected).containsExactly(false, false, false, true, true);
        assertThat(curve.deposits()).containsExactly(new BalanceCurve.DepositMark(T0.plus(Duration.ofHours(1)),
            T0.plus(Duration.ofHours(1)), Amount.parse("100"), LedgerTest.FORUM, 1));
    }

    @Test
    void boundsAreNamedWhenBroken() {
        assertThatThrownBy(() -> BalanceCurve.of(T0, T0, Duration.ZERO, 10, null, List.of(), DECAY))
            .hasMessageContaining("must end after it begins");
        assertThatThrownBy(() -> BalanceCurve.of(T0, T0.plusSeconds(1), Duration.ofDays(367), 10, null, List.of(), DECAY))
            .hasMessageContaining("looks ahead");
        assertThatThrownBy(() -> BalanceCurve.of(T0, T0.plusSeconds(1), Duration.ZERO, 1, null, List.of(), DECAY))
            .hasMessageContaining("samples");
    }

    private static BalanceCurve curve(StatementTest.History history, Instant from, Instant to, Duration ahead, int samples) {
        StatementTest.Period period = StatementTest.period(history, from, to);
        return BalanceCurve.of(from, to, ahead, samples, period.before(), period.entries(), DECAY);
    }

    private static AccountEntry lastBookedAtOrBefore(List<AccountEntry> entries, Instant at) {
        AccountEntry last = null;
        for (AccountEntry entry : entries) {
            if (!entry.bookedAt().isAfter(at)) {
                last = entry;
            }
        }
        return last;
    }

    private static AccountEntry lastBookedBefore(List<AccountEntry> entries, Instant at) {
        AccountEntry last = null;
        for (AccountEntry entry : entries) {
            if (entry.bookedAt().isBefore(at)) {
                last = entry;
            }
        }
        return last;
    }

    private static boolean entryBookedIn(List<AccountEntry> entries, Instant after, Instant until) {
        return entries.stream().anyMatch(entry -> entry.bookedAt().isAfter(after) && !entry.bookedAt().isAfter(until));
    }
}
