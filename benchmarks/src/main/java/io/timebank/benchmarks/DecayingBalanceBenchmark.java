package io.timebank.benchmarks;

import io.timebank.ledger.Amount;
import io.timebank.ledger.Decay;
import io.timebank.ledger.DecayingBalance;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Deposits applied and balances read per second on one hot account, against the cheapest possible
 * baseline: the backward form in a double (value·e^(-Δ/τ) + a), which is fast but loses precision.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class DecayingBalanceBenchmark {

    static final Decay DECAY = Decay.ofMeanLifetime(Duration.ofHours(100));
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    DecayingBalance balance;
    long clockMillis;
    double backwardValue;
    long backwardRefMillis;
    final Amount deposit = Amount.parse("37.125");

    @Setup
    public void setUp() {
        balance = DecayingBalance.EMPTY;
        clockMillis = T0.toEpochMilli();
        for (int i = 0; i < 1_000; i++) {
            balance = balance.plus(deposit, Instant.ofEpochMilli(clockMillis += 7), DECAY);
        }
        backwardValue = 0;
        backwardRefMillis = clockMillis;
    }

    @Benchmark
    public DecayingBalance depositApplied() {
        clockMillis += 3;
        balance = balance.plus(deposit, Instant.ofEpochMilli(clockMillis), DECAY);
        // Keep the landmark fresh as a long-running account would (renormalizes every 32 τ of clock).
        return balance;
    }

    @Benchmark
    public Amount balanceRead() {
        clockMillis += 3;
        return balance.amountAt(Instant.ofEpochMilli(clockMillis), DECAY);
    }

    @Benchmark
    public double baselineBackwardDoubleDeposit() {
        clockMillis += 3;
        backwardValue = backwardValue * StrictMath.exp(-(clockMillis - backwardRefMillis)
            / (double) DECAY.meanLifetime().toMillis()) + deposit.micros();
        backwardRefMillis = clockMillis;
        return backwardValue;
    }
}
