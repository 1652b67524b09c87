package io.timebank.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * Statements over random histories: the opening and closing balances are the account's own balances
 * at the period's ends, the lines are the entries booked in between, and opening + in − out − decay =
 * closing to the micro-unit.
 */
class StatementTest {

    static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");
    static final Decay DECAY = Decay.ofMeanLifetime(Duration.ofHours(100));
    static final AccountId ALICE = AccountId.of("alice");
    static final AccountId BOB = AccountId.of("bob");
    static final Ledger LEDGER = new Ledger(DECAY, new FeeSchedule(new BigDecimal("0.01"), Amount.parse("0.01")),
        Ledger.BANK, InputLimits.DEFAULT);

    /** An account's history as booked, and its balances as read live at some instants (between entries). */
    record History(List<AccountEntry> entries, List<Instant> checkpoints, List<BigDecimal[]> balances) {
    }

    @Property(tries = 300)
    void theStatementsBalancesAreTheAccountsAndItsLinesTheEntriesBookedBetween(
        @ForAll @IntRange(min = 0, max = 10_000) int seed, @ForAll @IntRange(min = 1, max = 60) int steps) {
        History history = history(new Random(seed), steps);
        Random pick = new Random(seed * 7L + 1);
        int first = pick.nextInt(history.checkpoints().size() - 1);
        int last = first + 1 + pick.nextInt(history.checkpoints().size() - first - 1);
        Instant from = history.checkpoints().get(first);
        Instant to = history.checkpoints().get(last);

        for (Asset asset : Asset.values()) {
            Statement statement = statement(history, asset, from, to);

            assertThat(statement.opening()).isEqualByComparingTo(history.balances().get(first)[asset.ordinal()]);
            assertThat(statement.closing()).isEqualByComparingTo(history.balances().get(last)[asset.ordinal()]);
            assertThat(statement.opening().add(statement.totalIn()).subtract(statement.totalOut())
                .subtract(statement.decay())).isEqualByComparingTo(statement.closing());
            assertThat(statement.lines().stream().map(Statement.Line::amount).reduce(BigDecimal.ZERO, BigDecimal::add))
                .isEqualByComparingTo(statement.totalIn().subtract(statement.totalOut()));
            assertThat(statement.lines()).allSatisfy(line -> assertThat(line.bookedAt()).isAfter(from).isBeforeOrEqualTo(to));
            if (asset == Asset.STABLE) {
                assertThat(statement.decay()).isEqualByComparingTo(BigDecimal.ZERO);
            } else {
                assertThat(statement.decay()).isGreaterThanOrEqualTo(new BigDecimal("-0.000001"));
            }
        }
    }

    @Property(tries = 200)
    void twoConsecutiveStatementsAddUpToTheOneOverBothPeriods(@ForAll @IntRange(min = 0, max = 10_000) int seed) {
        History history = history(new Random(seed), 40);
        List<Instant> at = history.checkpoints();
        Instant from = at.getFirst();
        Instant middle = at.get(at.size() / 2);
        Instant to = at.getLast().plus(Duration.ofHours(1));

        Statement whole = statement(history, Asset.ATTENTION, from, to);
        Statement firstHalf = statement(history, Asset.ATTENTION, from, middle);
        Statement secondHalf = statement(history, Asset.ATTENTION, middle, to);

        assertThat(firstHalf.closing()).isEqualByComparingTo(secondHalf.opening());
        assertThat(firstHalf.lines().size() + secondHalf.lines().size()).isEqualTo(whole.lines().size());
        assertThat(firstHalf.decay().add(secondHalf.decay())).isEqualByComparingTo(whole.decay());
    }

    @Test
    void theWorkedExample() {
        // 100 deposited at T0, 10 sent at T0 + 50 h (fee 0.10), statement of (T0 + 1 h, T0 + 100 h].
        Account alice = LEDGER.apply(LEDGER.apply(null, new LedgerEvent.AccountOpened(ALICE, LedgerTest.FORUM,
            Amount.ZERO, T0)), deposited("d-1", T0, "100"));
        AccountEntry deposit = new AccountEntry(1, deposited("d-1", T0, "100"), alice.attention(), alice.stable());
        LedgerEvent debit = LEDGER.decide(new LedgerCommand.Transfer(CommandId.of("t-1"), ALICE, BOB, Asset.ATTENTION,
            Amount.parse("10"), "", T0.plus(Duration.ofHours(50))), alice, ExchangeRate.parse("1")).getFirst();
        Account after = LEDGER.apply(alice, debit);
        AccountEntry transfer = new AccountEntry(2, debit, after.attention(), after.stable());

        Statement statement = Statement.of(Asset.ATTENTION, T0.plus(Duration.ofHours(1)), T0.plus(Duration.ofHours(100)),
            deposit, List.of(transfer), LEDGER);

        assertThat(statement.opening()).isEqualByComparingTo("99.004983"); // 100 · e^(−1/100)
        assertThat(statement.totalOut()).isEqualByComparingTo("10.1");
        assertThat(statement.closing()).isEqualByComparingTo("30.661984"); // 100·e^(−1) − 10.1·e^(−0.5)
        assertThat(statement.decay()).isEqualByComparingTo("58.242999");
    }

    @Test
    void aFilterKeepsTheLinesWhoseTransferCarriesTheFieldAndTheirTotals() {
        Account alice = LEDGER.apply(LEDGER.apply(null, new LedgerEvent.AccountOpened(ALICE, LedgerTest.FORUM,
            Amount.ZERO, T0)), deposited("d-1", T0, "100"));
        AccountEntry deposit = new AccountEntry(1, deposited("d-1", T0, "100"), alice.attention(), alice.stable());
        List<AccountEntry> period = new ArrayList<>();
        String[] categories = {"rent", "food", "rent"};
        for (int i = 0; i < categories.length; i++) {
            Metadata metadata = new Metadata(new java.util.TreeMap<>(Map.of("category",
                new Metadata.Field(Metadata.Type.TEXT, categories[i]))));
            LedgerEvent debit = LEDGER.decide(new LedgerCommand.Transfer(CommandId.of("t-" + i), ALICE, BOB,
                Asset.ATTENTION, Amount.parse("5"), "", T0.plus(Duration.ofHours(i + 1)), false, metadata), alice,
                ExchangeRate.parse("1")).getFirst();
            alice = LEDGER.apply(alice, debit);
            period.add(new AccountEntry(alice.entryCount(), debit, alice.attention(), alice.stable()));
        }
        Statement all = Statement.of(Asset.ATTENTION, T0, T0.plus(Duration.ofHours(5)), deposit, period, LEDGER);

        Statement rent = all.onlyWith("category", "rent");

        assertThat(rent.lines()).extracting(Statement.Line::sequence).containsExactly(2L, 4L);
        assertThat(rent.totalOut()).isEqualByComparingTo("10.1"); // two of 5 + 0.05
        assertThat(rent.closing()).isEqualTo(all.closing());
        assertThat(all.onlyWith("category", "travel").lines()).isEmpty();
    }

    @Test
    void aPeriodThatEndsBeforeItBeginsIsRefused() {
        assertThatThrownBy(() -> Statement.of(Asset.ATTENTION, T0, T0, null, List.of(), LEDGER))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must end after it begins");
    }

    private static Statement statement(History history, Asset asset, Instant from, Instant to) {
        Period period = period(history, from, to);
        return Statement.of(asset, from, to, period.before(), period.entries(), LEDGER);
    }

    /** The last entry booked at or before {@code from}, and the entries booked in (from, to]. */
    record Period(AccountEntry before, List<AccountEntry> entries) {
    }

    static Period period(History history, Instant from, Instant to) {
        AccountEntry before = null;
        List<AccountEntry> period = new ArrayList<>();
        for (AccountEntry entry : history.entries()) {
            if (!entry.bookedAt().isAfter(from)) {
                before = entry;
            } else if (!entry.bookedAt().isAfter(to)) {
                period.add(entry);
            }
        }
        return new Period(before, period);
    }

    /**
     * Deposits (some reported late), transfers out and in, exchanges, in random steps of up to 20 hours;
     * between steps, a checkpoint where the live balances are read. The first entry after a checkpoint is
     * never late, so nothing booked after a checkpoint is booked at or before it.
     */
    static History history(Random random, int steps) {
        Instant now = T0;
        Account alice = LEDGER.apply(null, new LedgerEvent.AccountOpened(ALICE, LedgerTest.FORUM, Amount.ZERO, now));
        List<AccountEntry> entries = new ArrayList<>(List.of(new AccountEntry(0, new LedgerEvent.AccountOpened(ALICE,
            LedgerTest.FORUM, Amount.ZERO, now), alice.attention(), alice.stable())));
        List<Instant> checkpoints = new ArrayList<>(List.of(now)); // the opening, before anything is booked
        List<BigDecimal[]> balances = new ArrayList<>();
        balances.add(new BigDecimal[] {BigDecimal.ZERO, BigDecimal.ZERO});
        boolean afterCheckpoint = true;
        for (int step = 0; step < steps; step++) {
            now = now.plus(Duration.ofMinutes(1 + random.nextInt(20 * 60)));
            if (random.nextInt(4) == 0) {
                checkpoints.add(now);
                balances.add(new BigDecimal[] {alice.exactBalance(Asset.ATTENTION, now, DECAY),
                    alice.exactBalance(Asset.STABLE, now, DECAY)});
                afterCheckpoint = true;
                continue;
            }
            String amount = new Amount(1 + random.nextInt(50_000_000)).toString();
            LedgerEvent event = switch (random.nextInt(afterCheckpoint ? 4 : 5)) {
                case 0 -> deposited("d-" + step, now, amount);
                case 1 -> LEDGER.decide(new LedgerCommand.Transfer(CommandId.of("t-" + step), ALICE, BOB, Asset.ATTENTION,
                    Amount.parse(amount), "", now), alice, ExchangeRate.parse("1")).getFirst();
                case 2 -> new LedgerEvent.TransferCredited(CommandId.of("c-" + step), ALICE, BOB,
                    random.nextBoolean() ? Asset.ATTENTION : Asset.STABLE, Amount.parse(amount), now);
                case 3 -> LEDGER.decide(new LedgerCommand.Exchange(CommandId.of("x-" + step), ALICE, Amount.parse(amount),
                    now), alice, ExchangeRate.parse("0.5")).getFirst();
                default -> deposited("late-" + step, now.minus(Duration.ofHours(1 + random.nextInt(30))), amount);
            };
            if (event instanceof LedgerEvent.CommandRejected) {
                continue;
            }
            afterCheckpoint = false;
            alice = LEDGER.apply(alice, event);
            entries.add(new AccountEntry(alice.entryCount(), event, alice.attention(), alice.stable()));
        }
        Instant end = now.plus(Duration.ofHours(2));
        checkpoints.add(end);
        balances.add(new BigDecimal[] {alice.exactBalance(Asset.ATTENTION, end, DECAY),
            alice.exactBalance(Asset.STABLE, end, DECAY)});
        return new History(entries, checkpoints, balances);
    }

    static LedgerEvent.Deposited deposited(String id, Instant at, String amount) {
        return new LedgerEvent.Deposited(ALICE, LedgerTest.FORUM, ActivityId.of(id), at, Measures.of(1, 1, 1),
            new Score(Measure.of(1), Measure.of(1), Measure.of(1), Amount.parse(amount)));
    }
}
