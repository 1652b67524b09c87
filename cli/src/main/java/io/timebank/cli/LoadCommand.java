package io.timebank.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import me.tongfei.progressbar.ProgressBar;
import org.HdrHistogram.Recorder;
import org.HdrHistogram.Histogram;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "load", mixinStandardHelpOptions = true,
    description = "Load a running bank with transfers over HTTP: funds a set of accounts, then runs closed-loop clients "
        + "(each sends a transfer, waits for its answer, sends the next) for a while, with live progress, and prints a "
        + "summary: answers by status, throughput and latency percentiles. For the service's full benchmark against "
        + "its baselines, see docs/PERFORMANCE.md (./mvnw -Pload).")
final class LoadCommand implements Callable<Integer> {

    /** The most clients and accounts one run uses. */
    static final int CLIENTS_MAX = 1_000;
    static final int ACCOUNTS_MAX = 100_000;

    /** Latencies are recorded to this precision, up to a minute. */
    static final long LATENCY_MAX_MICROS = 60_000_000L;

    /** How long the run waits for its accounts to be funded. */
    static final Duration FUNDING_WAIT = Duration.ofSeconds(60);

    @Mixin
    Connection connection;

    @Option(names = "--clients", defaultValue = "8", description = "Clients sending at once (default: ${DEFAULT-VALUE}).")
    int clients;

    @Option(names = "--duration", defaultValue = "PT20S", description = "How long to send (ISO-8601, default: ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(names = "--accounts", defaultValue = "200", description = "Accounts sending to each other (default: ${DEFAULT-VALUE}).")
    int accounts;

    @Option(names = "--prefix", defaultValue = "load", description = "The accounts' names: <prefix>-<n> (default: ${DEFAULT-VALUE}).")
    String prefix;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (clients < 1 || clients > CLIENTS_MAX || accounts < 2 || accounts > ACCOUNTS_MAX || duration.isNegative()
            || duration.isZero()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--clients must be 1 to " + CLIENTS_MAX
                + ", --accounts 2 to " + ACCOUNTS_MAX + ", --duration positive");
        }
        Api api = connection.api();
        List<String> names = new ArrayList<>();
        for (int n = 1; n <= accounts; n++) {
            names.add(prefix + "-" + n);
        }
        fund(api, names);

        Recorder latencies = new Recorder(LATENCY_MAX_MICROS, 3);
        Histogram all = new Histogram(LATENCY_MAX_MICROS, 3);
        Map<String, LongAdder> answers = new ConcurrentHashMap<>();
        AtomicLong sequence = new AtomicLong();
        String run = Long.toString(System.currentTimeMillis(), 36);
        long started = System.nanoTime();
        long deadline = started + duration.toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<?>> running = new ArrayList<>();
        for (int client = 0; client < clients; client++) {
            running.add(pool.submit(() -> {
                while (System.nanoTime() < deadline) {
                    String from = names.get(ThreadLocalRandom.current().nextInt(names.size()));
                    String to = names.get(ThreadLocalRandom.current().nextInt(names.size()));
                    if (to.equals(from)) {
                        continue;
                    }
                    long sent = System.nanoTime();
                    String status = send(api, run + "-" + sequence.incrementAndGet(), from, to);
                    latencies.recordValue(Math.min(LATENCY_MAX_MICROS, (System.nanoTime() - sent) / 1_000));
                    answers.computeIfAbsent(status, key -> new LongAdder()).increment();
                }
            }));
        }
        try (ProgressBar bar = Progress.bar(spec, "load", duration.toSeconds(), "s", 120, false)) {
            while (System.nanoTime() < deadline) {
                Thread.sleep(Math.min(1_000, Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()))));
                Histogram second = latencies.getIntervalHistogram();
                all.add(second);
                bar.stepTo(Math.min(duration.toSeconds(), TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started)));
                bar.setExtraMessage(String.format(" %,d answered, p50 %.1f ms, p99 %.1f ms", all.getTotalCount(),
                    second.getValueAtPercentile(50) / 1000.0, second.getValueAtPercentile(99) / 1000.0));
            }
        }
        spec.commandLine().getErr().println();
        for (Future<?> client : running) {
            client.get();
        }
        pool.shutdown();
        all.add(latencies.getIntervalHistogram());
        summary(all, answers, Duration.ofNanos(System.nanoTime() - started));
        return 0;
    }

    /** Gives every account a deposit, then waits until the last ones are credited. */
    private void fund(Api api, List<String> names) throws InterruptedException {
        Instant now = Instant.now();
        for (int from = 0; from < names.size(); from += DemoCommand.ACTIVITIES_PER_REQUEST) {
            ArrayNode batch = Api.JSON.createArrayNode();
            for (String name : names.subList(from, Math.min(names.size(), from + DemoCommand.ACTIVITIES_PER_REQUEST))) {
                batch.add(Api.JSON.createObjectNode().put("eventId", name + "-funding-" + now.toEpochMilli())
                    .put("platform", "load").put("account", name).put("occurredAt", now.toString())
                    .set("measures", Api.JSON.createObjectNode().put("interaction", 100).put("originality", 10)
                        .put("engagement", 10)));
            }
            api.post("/v1/activities", batch);
        }
        if (!api.awaitAccounts(names.subList(Math.max(0, names.size() - DemoCommand.CREDIT_CHECKS), names.size()),
            FUNDING_WAIT)) {
            throw new IllegalStateException("the bank did not credit the load's accounts within " + FUNDING_WAIT);
        }
    }

    /** One transfer and its answer: COMPLETED, ACCEPTED (still in flight), or the refusal's status. */
    private static String send(Api api, String id, String from, String to) {
        try {
            JsonNode outcome = api.post("/v1/transfers", Api.JSON.createObjectNode().put("commandId", id).put("from", from)
                .put("to", to).put("amount", "0.01"));
            return outcome.path("status").asText("?");
        } catch (Api.Refused refused) {
            return refused.status() >= 500 ? "error " + refused.status() : "refused " + refused.status();
        }
    }

    private void summary(Histogram latencies, Map<String, LongAdder> answers, Duration took) {
        PrintWriter out = spec.commandLine().getOut();
        double seconds = took.toNanos() / 1e9;
        out.printf("%-22s %d clients, %d accounts, %.1f s%n", "run", clients, accounts, seconds);
        answers.entrySet().stream().sorted(Map.Entry.comparingByKey())
            .forEach(answer -> out.printf("%-22s %,d%n", answer.getKey(), answer.getValue().sum()));
        out.printf("%-22s %,.0f transfers/s%n", "throughput", latencies.getTotalCount() / seconds);
        out.printf("%-22s p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms%n", "latency",
            latencies.getValueAtPercentile(50) / 1000.0, latencies.getValueAtPercentile(90) / 1000.0,
            latencies.getValueAtPercentile(99) / 1000.0, latencies.getMaxValue() / 1000.0);
        out.flush();
    }

}
