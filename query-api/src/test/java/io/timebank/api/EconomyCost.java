package io.timebank.api;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * What the economy costs the write path: ingest and transfers with every rule of issue 11 switched
 * on (percentile scoring across partitions, daily caps with spacing, the quality incentive, the
 * floating rate, publications every second) against the same bank with every rule off, in one run.
 * Each round starts a fresh bank per mode, alternating which goes first, after uncounted banks of each
 * ({@code -Dload.warmups=2} of each) to warm the JIT up; the table shows medians.
 *
 * <pre>./mvnw -Pload -DskipTests package -Dload.main=io.timebank.api.EconomyCost [-Dload.rounds=3]</pre>
 *
 * <p>Options: {@code -Dload.rules=cap,rate} switches on only the rules named (percentile, cap,
 * quality, rate); {@code -Dload.transfers=0} measures ingest only; {@code -Dload.commit-interval-ms}
 * sets both modes' commit interval; {@code -Dload.profile=run.jfr} records the last round of each mode.
 * Each bank prints the process's CPU time per activity and per transfer command.
 */
final class EconomyCost {

    private static final int MEMBERS = 500;

    private EconomyCost() {
    }

    public static void main(String[] args) throws Exception {
        int activities = Integer.getInteger("load.activities", 50_000);
        int transfers = Integer.getInteger("load.transfers", 20_000);
        int rounds = Integer.getInteger("load.rounds", 3);
        Duration measured = Duration.ofSeconds(Integer.getInteger("load.seconds", 5));
        String profile = System.getProperty("load.profile", "").strip();
        Map<Boolean, List<double[]>> figures = new HashMap<>(Map.of(false, new ArrayList<>(), true, new ArrayList<>()));
        // Banks of each kind warm the JIT up, uncounted: in one JVM the CPU per activity keeps falling over
        // the first four or five banks (the rules' paths compile last), so two of each, the rules first.
        for (int warmup = 0; warmup < Integer.getInteger("load.warmups", 2); warmup++) {
            run(true, activities, transfers, measured);
            run(false, activities, transfers, measured);
        }
        for (int round = 0; round < rounds; round++) {
            for (boolean economy : round % 2 == 0 ? new boolean[] {false, true} : new boolean[] {true, false}) {
                jdk.jfr.Recording recording = null;
                if (!profile.isEmpty()) { // -Dload.profile=run.jfr: JFR recordings run-on.jfr and run-off.jfr of the last round
                    recording = new jdk.jfr.Recording(jdk.jfr.Configuration.getConfiguration("profile"));
                    recording.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(1)); // enough samples per bank
                    recording.setDestination(java.nio.file.Path.of(profile.replaceFirst("(\\.jfr)?$",
                        (economy ? "-on" : "-off") + ".jfr")));
                    recording.start();
                }
                double[] run = run(economy, activities, transfers, measured);
                if (recording != null) {
                    recording.stop();
                    recording.close();
                }
                figures.get(economy).add(run);
                System.out.printf("round %d, rules %s: ingest %,.0f/s, commands %,.0f/s, HTTP 64 clients %,.0f/s p50 %.1f ms%n",
                    round + 1, economy ? "on" : "off", run[0], run[1], run[2], run[3]);
            }
        }
        String[] names = {"activities on the Kafka topic → committed deposits", "transfers through the commands topic",
            "transfers over HTTP, 64 clients", "transfer p50 over HTTP, 64 clients (ms)"};
        System.out.println();
        System.out.printf("== the economy's cost: medians of %d rounds, %d cores ==%n", rounds,
            Runtime.getRuntime().availableProcessors());
        System.out.println("| figure | rules off | rules on | on ÷ off | target |");
        System.out.println("|---|---|---|---|---|");
        for (int i = 0; i < names.length; i++) {
            double off = median(figures.get(false), i);
            double on = median(figures.get(true), i);
            System.out.printf("| %s | %,.1f | %,.1f | %.2f× | %s |%n", names[i], off, on, on / off,
                i == 3 ? "≤ 1.1×" : "≥ 0.9×");
        }
        System.exit(0);
    }

    /** One fresh bank: Kafka ingest, transfer commands, then HTTP transfers at 64 clients (per second, p50). */
    private static double[] run(boolean economy, int activities, int transfers, Duration measured) throws Exception {
        Map<String, Object> settings = new HashMap<>(Map.of(
            "micronaut.server.port", "-1", "timebank.data-directory", Files.createTempDirectory("timebank-economy").toString(),
            "timebank.embedded-broker-port", "0", "timebank.jwt-secret", TestBank.SECRET,
            "timebank.command-timeout", "60s"));
        String commitInterval = System.getProperty("load.commit-interval-ms", "").strip();
        if (!commitInterval.isEmpty()) { // -Dload.commit-interval-ms=100: both modes, instead of the product's default
            settings.put("timebank.commit-interval", commitInterval + "ms");
        }
        if (economy) {
            // -Dload.rules=percentile,cap,quality,rate (the default: all) switches on only the rules named.
            List<String> rules = List.of(System.getProperty("load.rules", "percentile,cap,quality,rate").split(","));
            Map<String, Map<String, Object>> byRule = Map.of(
                "percentile", Map.of("timebank.platform-scoring.forum", "percentile, percentile, percentile",
                    "timebank.population-interval", "1s"),
                "cap", Map.of("timebank.platform-caps.forum", "convergent, soft=1000, cap=2000, interval=1m"),
                "quality", Map.of("timebank.quality-fee", "window=20, minimum=5, lowest=0.8, highest=1.2",
                    "timebank.population-interval", "1s"),
                "rate", Map.of("timebank.rate-formula", "reserve-ratio", "timebank.rate-interval", "1s"));
            rules.forEach(rule -> settings.putAll(byRule.get(rule.strip())));
        }
        try (EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, settings)) {
            LedgerRuntime runtime = server.getApplicationContext().getBean(LedgerRuntime.class);
            runtime.awaitRunning(Duration.ofSeconds(60));
            KafkaLoad kafka = new KafkaLoad(runtime);
            // Spread over the last 7 hours, so a member's activities (every 500th) are minutes apart: beyond the
            // cap's one-minute spacing for up to 200,000 activities.
            Instant first = Instant.now().minus(Duration.ofHours(7));
            long stepMillis = Duration.ofHours(6).toMillis() / activities;
            List<ProducerRecord<String, byte[]>> onKafka = new ArrayList<>(activities);
            for (int i = 0; i < activities; i++) {
                String account = "member-" + (i % MEMBERS);
                onKafka.add(new ProducerRecord<>(runtime.settings().topics().activities(), account, KafkaLoad.utf8(
                    TestBank.activity("kafka-" + i, "forum", account, first.plusMillis(i * stepMillis), 1 + i % 5, 2, 3))));
            }
            long cpuBefore = processCpuNanos();
            Map<String, Long> threadsBefore = cpuByThreadKind();
            Map<String, Long> bytesBefore = bytesByTopic(runtime);
            double ingest = kafka.activities(onKafka);
            System.out.printf("  rules %s: bytes on the broker per activity: %s%n", economy ? "on" : "off",
                perItem(bytesBefore, bytesByTopic(runtime), activities));
            System.out.printf("  rules %s: %.1f µs of CPU (broker, ledger and load together) per activity; %s%n",
                economy ? "on" : "off", (processCpuNanos() - cpuBefore) / 1e3 / activities,
                perItem(threadsBefore, cpuByThreadKind(), activities * 1e3));
            if (transfers == 0) { // -Dload.transfers=0: ingest only
                return new double[] {ingest, Double.NaN, Double.NaN, Double.NaN};
            }
            cpuBefore = processCpuNanos();
            threadsBefore = cpuByThreadKind();
            double commands = kafka.transferCommands(transfers, MEMBERS, "topic-");
            System.out.printf("  rules %s: %.1f µs of CPU per transfer command; %s%n", economy ? "on" : "off",
                (processCpuNanos() - cpuBefore) / 1e3 / transfers, perItem(threadsBefore, cpuByThreadKind(), transfers * 1e3));
            LoadHarness.Api api = new LoadHarness.Api(server.getURI(),
                server.getApplicationContext().getBean(Tokens.class).operator("economy", 3_600));
            ClosedLoop.Result http = ClosedLoop.run(64, Duration.ofSeconds(2), measured, (client, n) -> api.transfer(
                "http-" + n, "member-" + (n % MEMBERS), "member-" + ((n * 7 + 1) % MEMBERS)));
            return new double[] {ingest, commands, http.perSecond(), http.percentileMillis(50)};
        }
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
            .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /**
     * CPU time so far by kind of thread: the ledger's stream threads, its global thread (populations and
     * rates), the broker's, the producers' network threads, and the rest (the load, the HTTP server).
     */
    private static Map<String, Long> cpuByThreadKind() {
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        Map<String, Long> byKind = new java.util.TreeMap<>();
        for (java.lang.management.ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info == null) {
                continue;
            }
            long cpu = threads.getThreadCpuTime(info.getThreadId());
            String name = info.getThreadName();
            String kind = name.contains("producer-network") ? "producers"
                : name.contains("GlobalStreamThread") ? "global"
                : name.contains("StreamThread") ? "stream"
                : name.startsWith("data-plane") || name.startsWith("kafka-") || name.contains("Txn")
                    || name.startsWith("group-coordinator") || name.startsWith("quorum") ? "broker" : "other";
            byKind.merge(kind, Math.max(cpu, 0), Long::sum);
        }
        return byKind;
    }

    /** Bytes in the broker's logs by topic (changelogs and internal topics by the store or topic they serve). */
    private static Map<String, Long> bytesByTopic(LedgerRuntime runtime) throws Exception {
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(Map.of(
            "bootstrap.servers", runtime.bootstrapServers()))) {
            List<Integer> brokers = admin.describeCluster().nodes().get().stream().map(node -> node.id()).toList();
            Map<String, Long> bytes = new java.util.TreeMap<>();
            admin.describeLogDirs(brokers).allDescriptions().get().values().forEach(dirs -> dirs.values().forEach(dir ->
                dir.replicaInfos().forEach((partition, replica) -> bytes.merge(
                    partition.topic().replaceFirst("^timebank-[0-9a-f-]+-", "").replaceFirst("^timebank-", ""),
                    replica.size(), Long::sum))));
            return bytes;
        }
    }

    /** The growth of each figure between two readings, divided by {@code per} (threads that ended are not counted). */
    private static String perItem(Map<String, Long> before, Map<String, Long> after, double per) {
        StringBuilder line = new StringBuilder();
        after.forEach((kind, value) -> line.append(String.format("%s %.1f ", kind,
            (value - before.getOrDefault(kind, 0L)) / per)));
        return line.toString().strip();
    }

    private static double median(List<double[]> runs, int figure) {
        double[] values = runs.stream().mapToDouble(run -> run[figure]).sorted().toArray();
        return values[(values.length - 1) / 2];
    }
}
