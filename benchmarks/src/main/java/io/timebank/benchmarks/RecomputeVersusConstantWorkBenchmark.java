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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * A balance read the seed's way — recompute Σ S_j · e^(-(t - t_j)/τ) over the whole history — against
 * the constant-work read of {@link DecayingBalance}, at 10, 10^3 and 10^5 entries per account.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class RecomputeVersusConstantWorkBenchmark {

    static final Decay DECAY = Decay.ofMeanLifetime(Duration.ofHours(100));

    @Param({"10", "1000", "100000"})
    public int entries;

    long[] amountsMicros;
    long[] timesMillis;
    DecayingBalance balance;
    Instant now;

    @Setup
    public void setUp() {
        amountsMicros = new long[entries];
        timesMillis = new long[entries];
        balance = DecayingBalance.EMPTY;
        long t = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();
        for (int i = 0; i < entries; i++) {
            t += 1_000 + (i * 7919L) % 60_000;
            amountsMicros[i] = 1_000_000L + (i * 104_729L) % 50_000_000L;
            timesMillis[i] = t;
            balance = balance.plus(new Amount(amountsMicros[i]), Instant.ofEpochMilli(t), DECAY);
        }
        now = Instant.ofEpochMilli(t + 60_000);
    }

    /** The seed's approach: every read walks the whole history. */
    @Benchmark
    public double recomputeWholeSum() {
        long nowMillis = now.toEpochMilli();
        double tau = DECAY.meanLifetime().toMillis();
        double sum = 0;
        for (int i = 0; i < amountsMicros.length; i++) {
            sum += amountsMicros[i] * StrictMath.exp(-(nowMillis - timesMillis[i]) / tau);
        }
        return sum;
    }

    @Benchmark
    public Amount constantWorkRead() {
        return balance.amountAt(now, DECAY);
    }
}
