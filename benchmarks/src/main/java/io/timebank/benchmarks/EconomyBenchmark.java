package io.timebank.benchmarks;

import io.timebank.ledger.Account;
import io.timebank.ledger.AccountId;
import io.timebank.ledger.Activity;
import io.timebank.ledger.ActivityId;
import io.timebank.ledger.Amount;
import io.timebank.ledger.Asset;
import io.timebank.ledger.CommandId;
import io.timebank.ledger.DailyCap;
import io.timebank.ledger.DailyCaps;
import io.timebank.ledger.Decay;
import io.timebank.ledger.ExchangeRate;
import io.timebank.ledger.FeeSchedule;
import io.timebank.ledger.InputLimits;
import io.timebank.ledger.Ledger;
import io.timebank.ledger.LedgerCommand;
import io.timebank.ledger.LedgerEvent;
import io.timebank.ledger.Measure;
import io.timebank.ledger.MeasureDistribution;
import io.timebank.ledger.Measures;
import io.timebank.ledger.PlatformId;
import io.timebank.ledger.QualityRule;
import io.timebank.ledger.Score;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What the economy's rules cost the core per deposit and per transfer: decided and applied by a
 * ledger with a daily cap (with spacing) and the quality incentive, against the same by a ledger with
 * neither; and a rank against a merged population of 100,000 measures.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class EconomyBenchmark {

    static final Decay DECAY = Decay.ofMeanLifetime(Duration.ofHours(100));
    static final PlatformId FORUM = PlatformId.of("forum");
    static final AccountId ALICE = AccountId.of("alice");
    static final AccountId BOB = AccountId.of("bob");
    static final Score SCORE = new Score(Measure.of(4), Measure.of(2), Measure.of(4), Amount.ofUnits(32));

    final FeeSchedule fees = new FeeSchedule(new BigDecimal("0.001"), Amount.parse("0.000001"));
    final Ledger plain = new Ledger(DECAY, fees, Ledger.BANK, InputLimits.DEFAULT);
    final Ledger economy = new Ledger(DECAY, fees, Ledger.BANK, InputLimits.DEFAULT, Set.of(),
        new DailyCaps(DailyCap.NONE, Map.of(FORUM, DailyCap.parse("convergent, soft=100000, cap=200000, interval=1m"))),
        QualityRule.parse("window=20, minimum=5, lowest=0.8, highest=1.2"));
    final ExchangeRate rate = ExchangeRate.parse("1");

    Account plainAccount;
    Account economyAccount;
    long clock;
    long sequence;
    MeasureDistribution population;
    double[] probes;
    int probe;

    @Setup
    public void setUp() {
        clock = Instant.parse("2026-11-26T00:00:00Z").toEpochMilli();
        plainAccount = null;
        economyAccount = null;
        for (int i = 0; i < 100; i++) {
            plainAccount = deposit(plain, plainAccount, null);
            economyAccount = deposit(economy, economyAccount, Measure.parse("0.7"));
        }
        Random random = new Random(1);
        population = MeasureDistribution.empty();
        for (int i = 0; i < 100_000; i++) {
            population.record(Measure.rounded(Math.exp(random.nextGaussian()) * 3));
        }
        probes = new double[1024];
        for (int i = 0; i < probes.length; i++) {
            probes[i] = Math.exp(random.nextGaussian()) * 3;
        }
    }

    private Account deposit(Ledger ledger, Account account, Measure rank) {
        clock += 61_000; // beyond the spacing; a new day every 1,416 deposits
        Activity activity = new Activity(ActivityId.of("a-" + sequence++), FORUM, ALICE, Instant.ofEpochMilli(clock),
            Measures.of(4, 2, 4), null, null);
        Account next = account;
        for (LedgerEvent event : ledger.decide(new LedgerCommand.Deposit(activity, SCORE, rank), account, rate)) {
            next = ledger.apply(next, event);
        }
        return next;
    }

    private Account transfer(Ledger ledger, Account sender) {
        clock += 1_000;
        LedgerCommand.Transfer transfer = new LedgerCommand.Transfer(CommandId.of("t-" + sequence++), ALICE, BOB,
            Asset.ATTENTION, Amount.parse("0.000001"), "", Instant.ofEpochMilli(clock)); // a million cost the account 2 units
        Account next = sender;
        for (LedgerEvent event : ledger.decide(transfer, sender, rate)) {
            next = ledger.apply(next, event);
        }
        return next;
    }

    @Benchmark
    public Account depositRulesOff() {
        return plainAccount = deposit(plain, plainAccount, null);
    }

    @Benchmark
    public Account depositRulesOn() {
        return economyAccount = deposit(economy, economyAccount, Measure.parse("0.7"));
    }

    @Benchmark
    public Account transferRulesOff() {
        return plainAccount = transfer(plain, plainAccount);
    }

    @Benchmark
    public Account transferRulesOn() {
        return economyAccount = transfer(economy, economyAccount);
    }

    @Benchmark
    public double rankAmong100000() {
        return population.rankOf(probes[probe++ & 1023]);
    }
}
