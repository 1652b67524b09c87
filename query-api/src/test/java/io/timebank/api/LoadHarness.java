package io.timebank.api;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * End-to-end load on the service: every figure of issue 10's table, each beside a baseline
 * measured in the same run on the same machine (a plain producer, a pass-through Kafka Streams app,
 * a trivial authenticated endpoint of the same server, a PostgreSQL table ledger), printed as
 * ratios. Not a test: timings never fail a build. Run: {@code ./mvnw -Pload -DskipTests package};
 * options as system properties, which the Maven profile passes to the forked JVM:
 * <ul>
 *   <li>{@code load.activities} (50,000), {@code load.transfers} (20,000: the commands-topic path),
 *       {@code load.batch-transfers} (2,000: over HTTP in batches of 100);</li>
 *   <li>{@code load.concurrency} (1,8,64,512,1000: HTTP clients per step of the transfer sweep; the
 *       last is the saturation figure), {@code load.seconds} (5: measured per step, after 2 s
 *       of warm-up; reads are measured twice, alternating, and the better kept);</li>
 *   <li>{@code load.commit-interval-ms} (empty: the product's default), {@code load.chart}
 *       (target/load-latency.png), {@code load.profile} (a file: a JFR recording of the run).</li>
 * </ul>
 */
public final class LoadHarness {

    private static final int MEMBERS = 500;
    private static final int POSTGRES_CLIENTS = 8;

    private LoadHarness() {
    }

    public static void main(String[] args) throws Exception {
        int activities = Integer.getInteger("load.activities", 50_000);
        int commandTransfers = Integer.getInteger("load.transfers", 20_000);
        int batchTransfers = Integer.getInteger("load.batch-transfers", 2_000);
        int[] concurrency = Arrays.stream(System.getProperty("load.concurrency", "1,8,64,512,1000").split(","))
            .map(String::strip).filter(level -> !level.isEmpty()).mapToInt(Integer::parseInt).toArray();
        Duration measured = Duration.ofSeconds(Integer.getInteger("load.seconds", 5));
        Duration warmUp = Duration.ofSeconds(2);
        Path chart = Path.of(System.getProperty("load.chart", "target/load-latency.png"));
        String commitInterval = System.getProperty("load.commit-interval-ms", "").strip();
        String profile = System.getProperty("load.profile", "").strip();
        jdk.jfr.Recording recording = null;
        if (!profile.isEmpty()) {
            recording = new jdk.jfr.Recording(jdk.jfr.Configuration.getConfiguration("profile"));
            recording.setDestination(Path.of(profile));
            recording.start();
        }

        Path data = Files.createTempDirectory("timebank-load");
        Map<String, Object> settings = new HashMap<>(Map.of(
            "micronaut.server.port", "-1", "timebank.data-directory", data.toString(),
            "timebank.embedded-broker-port", "0", "timebank.jwt-secret", TestBank.SECRET,
            "timebank.command-timeout", "60s"));
        if (!commitInterval.isEmpty()) {
            settings.put("timebank.commit-interval", commitInterval + "ms");
        }
        List<String> table = new ArrayList<>();
        List<ClosedLoop.Result> sweep = new ArrayList<>();
        try (EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, settings)) {
            LedgerRuntime runtime = server.getApplicationContext().getBean(LedgerRuntime.class);
            runtime.awaitRunning(Duration.ofSeconds(60));
            Duration productCommit = server.getApplicationContext().getBean(BankConfiguration.class).getCommitInterval();
            String operator = server.getApplicationContext().getBean(Tokens.class).operator("load", 3_600);
            Api api = new Api(server.getURI(), operator);
            KafkaLoad kafka = new KafkaLoad(runtime);
            Instant at = Instant.now().minus(Duration.ofMinutes(30));

            // Ingest: activities over HTTP (which also fund the members and warm everything up) against a plain
            // producer; then the pass-through app and, right after it, the same number of activities on Kafka.
            List<byte[]> activityRecords = new ArrayList<>(activities);
            for (int i = 0; i < activities; i++) {
                activityRecords.add(KafkaLoad.utf8(TestBank.activity("pass-" + i, "forum", "member-" + (i % MEMBERS),
                    at, 1, 2, 3)));
            }
            double producer = kafka.producerBaseline(activities, activityRecords.getFirst());
            double[] http = httpIngest(api, kafka, activities, at);
            double passThrough = kafka.passThroughBaseline(productCommit, activityRecords);
            List<ProducerRecord<String, byte[]>> onKafka = new ArrayList<>(activities);
            for (int i = 0; i < activities; i++) {
                String account = "member-" + (i % MEMBERS);
                onKafka.add(new ProducerRecord<>(runtime.settings().topics().activities(), account,
                    KafkaLoad.utf8(TestBank.activity("kafka-" + i, "forum", account, at, 1 + i % 5, 2, 3))));
            }
            double kafkaIngest = kafka.activities(onKafka);

            // Transfers: answered one per request over a sweep of concurrency; in batches; on the commands topic.
            for (int clients : concurrency) {
                String prefix = "sweep-" + clients + "-";
                sweep.add(ClosedLoop.run(clients, warmUp, measured, (client, n) -> api.transfer(prefix + n,
                    "member-" + (n % MEMBERS), "member-" + ((n * 7 + 1) % MEMBERS))));
                System.out.printf("transfer sweep: %s%n", describe(sweep.getLast()));
                System.out.printf("  ledger stream thread: %s%n", threadMetrics(runtime));
            }
            double batched = batchTransfers(api, batchTransfers);
            double commands = kafka.transferCommands(commandTransfers, MEMBERS, "topic-");

            // Reads: a balance lookup against a trivial endpoint of the same server, behind the same authentication.
            // Two rounds, alternating, the better of each kept: neither gains from running second.
            ClosedLoop.Call trivial = (client, n) -> api.get("/v1/tokens/current");
            ClosedLoop.Call balance = (client, n) -> api.get("/v1/accounts/member-" + (n % MEMBERS));
            ClosedLoop.Result trivial32 = null;
            ClosedLoop.Result balance32 = null;
            ClosedLoop.Result trivial8 = null;
            ClosedLoop.Result balance8 = null;
            for (int round = 0; round < 2; round++) {
                trivial32 = better(trivial32, ClosedLoop.run(32, warmUp, measured, trivial));
                balance32 = better(balance32, ClosedLoop.run(32, warmUp, measured, balance));
                trivial8 = better(trivial8, ClosedLoop.run(8, warmUp, measured, trivial));
                balance8 = better(balance8, ClosedLoop.run(8, warmUp, measured, balance));
            }

            // The PostgreSQL yardstick, same machine, same run.
            Optional<double[]> postgres = postgres(warmUp, measured);

            LatencyChart.write(chart, "timebank: a transfer over HTTP, answered with its committed outcome", sweep);

            ClosedLoop.Result eight = sweep.stream().filter(result -> result.clients() == 8).findFirst().orElse(null);
            ClosedLoop.Result saturated = sweep.isEmpty() ? null : sweep.getLast();
            table.add(row("transfer over HTTP, 8 clients: p50 / p99", eight == null ? "not run" : String.format(
                "%.1f / %.1f ms", eight.percentileMillis(50), eight.percentileMillis(99)), "", "", "p50 ≤ 50 ms, p99 ≤ 150 ms"));
            table.add(row("transfers/s over HTTP at " + (saturated == null ? "?" : saturated.clients()) + " clients",
                saturated == null ? "not run" : String.format("%,.0f/s", saturated.perSecond()),
                postgres.map(pg -> String.format("PostgreSQL %,.0f/s", pg[0])).orElse(""),
                postgres.filter(pg -> saturated != null).map(pg -> String.format("%.2f×", saturated.perSecond() / pg[0]))
                    .orElse(""), "≥ 10,000/s"));
            table.add(row("transfers/s over HTTP, batches of 100, 8 clients", String.format("%,.0f/s", batched),
                postgres.map(pg -> String.format("PostgreSQL %,.0f/s", pg[0])).orElse(""),
                postgres.map(pg -> String.format("%.2f×", batched / pg[0])).orElse(""), ""));
            table.add(row("transfers/s through the commands topic", String.format("%,.0f/s", commands),
                String.format("pass-through %,.0f/s", passThrough), String.format("%.2f×", commands / passThrough),
                "≥ 30,000/s"));
            table.add(row("activities on the Kafka topic → committed deposits", String.format("%,.0f/s", kafkaIngest),
                String.format("pass-through %,.0f/s", passThrough), String.format("%.2f×", kafkaIngest / passThrough),
                "≥ 0.8×"));
            table.add(row("activities over HTTP batches → committed deposits", String.format("%,.0f/s", http[1]),
                String.format("Kafka path %,.0f/s", kafkaIngest), String.format("%.2f×", http[1] / kafkaIngest), "≥ 0.5×"));
            table.add(row("activities accepted over HTTP (batches of 500)", String.format("%,.0f/s", http[0]),
                String.format("plain producer %,.0f/s", producer), String.format("%.2f×", http[0] / producer), ""));
            table.add(row("deposits/s, PostgreSQL ledger, 8 clients", postgres.map(pg -> String.format("%,.0f/s", pg[1]))
                .orElse("skipped"), String.format("timebank Kafka path %,.0f/s", kafkaIngest),
                postgres.map(pg -> String.format("%.2f× timebank", pg[1] / kafkaIngest)).orElse(""), ""));
            table.add(row("trivial authenticated endpoint, 32 connections", String.format("%,.0f/s", trivial32.perSecond()),
                "", "", ""));
            table.add(row("balance lookup, 32 connections", String.format("%,.0f/s", balance32.perSecond()),
                String.format("trivial endpoint %,.0f/s", trivial32.perSecond()),
                String.format("%.2f×", balance32.perSecond() / trivial32.perSecond()), "≥ 0.8×"));
            table.add(row("balance lookup, 8 connections: p50 / p99", String.format("%.2f / %.2f ms",
                balance8.percentileMillis(50), balance8.percentileMillis(99)), String.format(
                "trivial endpoint %.2f / %.2f ms", trivial8.percentileMillis(50), trivial8.percentileMillis(99)), "",
                "p99 < 5 ms"));

            System.out.println();
            System.out.println("== timebank service load: figures from this run (commit interval " + productCommit.toMillis()
                + " ms, " + runtime.settings().partitions() + " partitions, " + Runtime.getRuntime().availableProcessors()
                + " cores) ==");
            System.out.println("| figure | this run | baseline, same run | ratio | target |");
            System.out.println("|---|---|---|---|---|");
            table.forEach(System.out::println);
            System.out.println();
            System.out.println("| HTTP clients | transfers/s | p50 | p99 | p99.9 | max | not answered 2xx |");
            System.out.println("|---|---|---|---|---|---|---|");
            for (ClosedLoop.Result result : sweep) {
                System.out.printf("| %d | %,.0f | %.1f ms | %.1f ms | %.1f ms | %.1f ms | %d |%n", result.clients(),
                    result.perSecond(), result.percentileMillis(50), result.percentileMillis(99),
                    result.percentileMillis(99.9), result.latencies().getMaxValue() / 1_000.0, result.failed());
            }
            System.out.println("chart written to " + chart.toAbsolutePath());
        }
        if (recording != null) {
            recording.stop();
            recording.close();
            System.out.println("profile written to " + profile);
        }
        System.exit(0);
    }

    /** Activities over HTTP in batches of 500 from 8 clients: accepted per second, then credited per second. */
    private static double[] httpIngest(Api api, KafkaLoad kafka, int activities, Instant at) throws Exception {
        List<String> batches = new ArrayList<>();
        for (int start = 0; start < activities; start += 500) {
            StringJoiner batch = new StringJoiner(",", "[", "]");
            for (int i = start; i < Math.min(activities, start + 500); i++) {
                batch.add(TestBank.activity("load-" + i, "forum", "member-" + (i % MEMBERS), at, 1 + i % 5, 2, 3));
            }
            batches.add(batch.toString());
        }
        Map<TopicPartition, Long> from = kafka.ledgerEnd();
        long started = System.nanoTime();
        runAll(8, batches, body -> api.post("/v1/activities", body));
        double accepted = activities / KafkaLoad.seconds(started);
        kafka.awaitEvents(event -> event instanceof io.timebank.ledger.LedgerEvent.Deposited deposited
            && deposited.activityId().value().startsWith("load-"), activities, from);
        return new double[] {accepted, activities / KafkaLoad.seconds(started)};
    }

    /** {@code count} transfers, 100 to a request (POST /v1/transfers/batch), 8 clients: transfers per second. */
    private static double batchTransfers(Api api, int count) throws Exception {
        List<String> batches = new ArrayList<>();
        for (int start = 0; start < count; start += 100) {
            StringJoiner batch = new StringJoiner(",", "[", "]");
            for (int i = start; i < Math.min(count, start + 100); i++) {
                batch.add(Api.transferJson("load-b-" + i, "member-" + (i % MEMBERS), "member-" + ((i * 7 + 1) % MEMBERS)));
            }
            batches.add(batch.toString());
        }
        long started = System.nanoTime();
        runAll(8, batches, body -> api.post("/v1/transfers/batch", body));
        return count / KafkaLoad.seconds(started);
    }

    /** Transfers and deposits per second against the PostgreSQL ledger, 8 clients each; empty where absent. */
    private static Optional<double[]> postgres(Duration warmUp, Duration measured) throws Exception {
        Optional<PostgresLedger> started = PostgresLedger.start(POSTGRES_CLIENTS + 10);
        if (started.isEmpty()) {
            return Optional.empty();
        }
        try (PostgresLedger postgres = started.get()) {
            Connection[] connections = new Connection[POSTGRES_CLIENTS];
            for (int i = 0; i < connections.length; i++) {
                connections[i] = postgres.connect();
            }
            ClosedLoop.Result deposits = ClosedLoop.run(POSTGRES_CLIENTS, warmUp, measured, (client, n) ->
                PostgresLedger.deposit(connections[client], "pg-" + n, "member-" + (n % MEMBERS), new BigDecimal("18")));
            ClosedLoop.Result transfers = ClosedLoop.run(POSTGRES_CLIENTS, warmUp, measured, (client, n) -> {
                if (!PostgresLedger.transfer(connections[client], "pg-t-" + n, "member-" + (n % MEMBERS),
                    "member-" + ((n * 7 + 1) % MEMBERS), new BigDecimal("0.01"))) {
                    throw new IllegalStateException("insufficient funds");
                }
            });
            for (Connection connection : connections) {
                connection.close();
            }
            System.out.printf("PostgreSQL ledger: transfers %s; deposits %s%n", describe(transfers), describe(deposits));
            return Optional.of(new double[] {transfers.perSecond(), deposits.perSecond()});
        }
    }

    /** What Kafka Streams measures of its own threads (averages over its 30 s metric window): where a hop's time goes. */
    private static String threadMetrics(LedgerRuntime runtime) {
        Map<String, Double> averages = new java.util.TreeMap<>();
        runtime.streams().metrics().forEach((name, metric) -> {
            if (name.group().equals("stream-thread-metrics") && name.name().matches("(commit|poll|process)-(latency-avg|rate)")
                && metric.metricValue() instanceof Double value && !value.isNaN()) {
                averages.merge(name.name(), value, Double::sum);
            }
        });
        StringJoiner shown = new StringJoiner(", ");
        averages.forEach((name, value) -> shown.add(name + " " + String.format(name.endsWith("rate") ? "%.1f/s" : "%.2f ms",
            value)));
        return shown.toString();
    }

    private static ClosedLoop.Result better(ClosedLoop.Result kept, ClosedLoop.Result next) {
        return kept == null || next.perSecond() > kept.perSecond() ? next : kept;
    }

    private static String describe(ClosedLoop.Result result) {
        return String.format("%d clients: %,.0f/s, p50 %.1f ms, p99 %.1f ms, %d failed%s", result.clients(),
            result.perSecond(), result.percentileMillis(50), result.percentileMillis(99), result.failed(),
            result.firstFailure() == null ? "" : " (first: " + result.firstFailure() + ")");
    }

    private static String row(String figure, String value, String baseline, String ratio, String target) {
        return "| " + figure + " | " + value + " | " + baseline + " | " + ratio + " | " + target + " |";
    }

    private static void runAll(int clients, List<String> bodies, ThrowingConsumer call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (String body : bodies) {
                running.add(pool.submit(() -> {
                    call.accept(body);
                    return null;
                }));
            }
            for (Future<?> future : running) {
                future.get();
            }
        } finally {
            pool.shutdown();
        }
    }

    @FunctionalInterface
    private interface ThrowingConsumer {
        void accept(String body) throws Exception;
    }

    /** The service over HTTP/1.1 with the JDK's client, as an operator; any answer but a 2xx throws. */
    static final class Api {

        private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).executor(Executors.newVirtualThreadPerTaskExecutor()).build();
        private final URI base;
        private final String token;

        Api(URI base, String token) {
            this.base = base;
            this.token = token;
        }

        static String transferJson(String id, String from, String to) {
            return "{\"commandId\":\"" + id + "\",\"from\":\"" + from + "\",\"to\":\"" + to + "\",\"amount\":\"0.01\"}";
        }

        void transfer(String id, String from, String to) throws Exception {
            post("/v1/transfers", transferJson(id, from, to));
        }

        void post(String path, String json) throws Exception {
            send(HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
        }

        void get(String path) throws Exception {
            send(HttpRequest.newBuilder(base.resolve(path)).GET());
        }

        private void send(HttpRequest.Builder request) throws Exception {
            HttpResponse<String> response = client.send(request.header("Authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException(response.statusCode() + " " + response.body());
            }
        }
    }
}
