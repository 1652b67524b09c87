package io.timebank.benchmarks;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the core's benchmarks and prints each figure next to a baseline measured in the same run,
 * as a ratio: absolute numbers on a shared 2-core machine are noise, ratios are comparable.
 * JMH command-line options (e.g. {@code -f 3 -wi 5 -i 10}) override the quick defaults.
 */
public final class BenchmarkReport {

    private BenchmarkReport() {
    }

    public static void main(String[] args) throws RunnerException, CommandLineOptionException {
        CommandLineOptions commandLine = new CommandLineOptions(args);
        Options options = new OptionsBuilder()
            .include(BenchmarkReport.class.getPackageName() + ".*Benchmark")
            .forks(1)
            .warmupIterations(3).warmupTime(TimeValue.seconds(1))
            .measurementIterations(5).measurementTime(TimeValue.seconds(1))
            .parent(commandLine)
            .build();
        Collection<RunResult> results = new Runner(options).run();

        Map<String, Double> opsPerSecond = new HashMap<>();
        for (RunResult result : results) {
            String name = result.getParams().getBenchmark();
            String entries = result.getParams().getParam("entries");
            String key = name.substring(name.lastIndexOf('.') + 1) + (entries == null ? "" : "@" + entries);
            opsPerSecond.put(key, result.getPrimaryResult().getScore());
        }

        System.out.println();
        System.out.println("== timebank ledger-core: figures from this run ==");
        print(opsPerSecond, "depositApplied", "baselineBackwardDoubleDeposit", "deposits applied/s");
        print(opsPerSecond, "balanceRead", "baselineBackwardDoubleDeposit", "balance reads/s");
        ratio(opsPerSecond, "depositRulesOn", "depositRulesOff", "deposit decided and applied, rules on");
        ratio(opsPerSecond, "transferRulesOn", "transferRulesOff", "transfer decided and applied, rules on");
        Double rank = opsPerSecond.get("rankAmong100000");
        if (rank != null) {
            System.out.printf("%-40s %,14.0f/s%n", "rank among 100,000 measures", rank);
        }
        for (String entries : new String[] {"10", "1000", "100000"}) {
            Double constant = opsPerSecond.get("constantWorkRead@" + entries);
            Double recompute = opsPerSecond.get("recomputeWholeSum@" + entries);
            if (constant != null && recompute != null) {
                System.out.printf("read at %6s entries: constant-work %,14.0f/s  recompute-whole-sum %,14.0f/s  "
                    + "constant-work is %,.1f× the seed's%n", entries, constant, recompute, constant / recompute);
            }
        }
    }

    private static void ratio(Map<String, Double> opsPerSecond, String name, String baseline, String label) {
        Double value = opsPerSecond.get(name);
        Double reference = opsPerSecond.get(baseline);
        if (value != null && reference != null) {
            System.out.printf("%-40s %,14.0f/s  (%.2f× the same with the rules off, %,.0f/s)%n", label, value,
                value / reference, reference);
        }
    }

    private static void print(Map<String, Double> opsPerSecond, String name, String baseline, String label) {
        Double value = opsPerSecond.get(name);
        Double reference = opsPerSecond.get(baseline);
        if (value != null && reference != null) {
            System.out.printf("%-20s %,14.0f  (%.2f× the imprecise double backward-form update, %,.0f/s)%n",
                label, value, value / reference, reference);
        }
    }
}
