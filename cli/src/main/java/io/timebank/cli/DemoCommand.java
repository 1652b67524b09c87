package io.timebank.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Fill a running bank with demo data: members of a few platforms whose raw scales differ, each with "
        + "activity spread over the last days (some busy, most occasional), then transfers between them. Everything "
        + "goes through the HTTP API as an operator; the same --seed makes the same members and activities.")
final class DemoCommand implements Callable<Integer> {

    /** Activities per request (the bank's activity-batch-max is 1,000) and transfers per batch (its transfer-batch-max is 500). */
    static final int ACTIVITIES_PER_REQUEST = 1_000;
    static final int TRANSFERS_PER_REQUEST = 500;

    /** Requests in flight at once: enough to keep the bank busy on two cores. */
    static final int REQUESTS_IN_FLIGHT = 4;

    /** The most members and days one demo makes. */
    static final int MEMBERS_MAX = 100_000;
    static final int DAYS_MAX = 366;

    /** How long the demo waits for the activities to be credited before it sends transfers, and how it looks. */
    static final Duration CREDIT_WAIT = Duration.ofSeconds(60);
    static final int CREDIT_CHECKS = 8;

    /** How far inside the bank's window for late activity the oldest demo activity stays. */
    static final Duration MARGIN = Duration.ofMinutes(30);

    @Mixin
    Connection connection;

    @Option(names = "--members", defaultValue = "3000", description = "How many members (default: ${DEFAULT-VALUE}).")
    int members;

    @Option(names = "--days", defaultValue = "6", description = "Over how many past days their activity is spread "
        + "(default: ${DEFAULT-VALUE}; the bank credits activity up to timebank.event-age-max old, 7 days unless set: "
        + "start it with TIMEBANK_EVENT_AGE_MAX=100d for --days 90).")
    int days;

    @Option(names = "--platforms", split = ",", defaultValue = "forum,video,market",
        description = "The platforms, comma-separated; each one's raw measures are on a scale 3 times the one "
            + "before (default: ${DEFAULT-VALUE}).")
    List<String> platforms;

    @Option(names = "--transfers", defaultValue = "1000", description = "How many transfers between members (default: ${DEFAULT-VALUE}).")
    int transfers;

    @Option(names = "--prefix", defaultValue = "demo", description = "The members' names: <prefix>-<platform>-<n> "
        + "(default: ${DEFAULT-VALUE}).")
    String prefix;

    @Option(names = "--seed", defaultValue = "1", description = "The random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** One member: their platform, and how many activities a day they have on average. */
    record Member(String account, String platform, int scale, double perDay) {
    }

    @Override
    public Integer call() throws Exception {
        if (members < 1 || members > MEMBERS_MAX || days < 1 || days > DAYS_MAX || platforms.isEmpty() || transfers < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--members must be 1 to " + MEMBERS_MAX
                + ", --days 1 to " + DAYS_MAX + ", --transfers at least 0, and --platforms name at least one");
        }
        Api api = connection.api();
        PrintWriter out = spec.commandLine().getOut();
        Random random = new Random(seed);
        List<Member> people = members(random);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant oldest = now.minus(Duration.ofDays(days)).plus(MARGIN);
        long[] counts = people.stream().mapToLong(member -> count(member, random)).toArray();
        long planned = java.util.Arrays.stream(counts).sum();
        long started = System.nanoTime();
        AtomicLong accepted = new AtomicLong();
        AtomicLong rejected = new AtomicLong();
        ExecutorService requests = Executors.newFixedThreadPool(REQUESTS_IN_FLIGHT);
        try (ProgressBar bar = bar("activities", planned)) {
            List<Future<?>> inFlight = new ArrayList<>();
            ArrayNode batch = Api.JSON.createArrayNode();
            Random activity = new Random(seed + 1);
            long made = 0;
            for (int m = 0; m < people.size(); m++) {
                Member member = people.get(m);
                for (long k = 0; k < counts[m]; k++) {
                    batch.add(activity(member, made++, oldest, now, activity));
                    if (batch.size() == ACTIVITIES_PER_REQUEST) {
                        inFlight.add(send(requests, api, batch, bar, accepted, rejected));
                        batch = Api.JSON.createArrayNode();
                        awaitAllButLast(inFlight);
                    }
                }
            }
            if (!batch.isEmpty()) {
                inFlight.add(send(requests, api, batch, bar, accepted, rejected));
            }
            for (Future<?> each : inFlight) {
                each.get();
            }
        } finally {
            requests.shutdown();
            spec.commandLine().getErr().println();
        }
        // The ledger credits each partition's activities in order: once the last members' accounts are open,
        // the earlier ones' are credited too, and transfers find funds.
        if (!api.awaitAccounts(people.subList(Math.max(0, people.size() - CREDIT_CHECKS), people.size()).stream()
            .map(Member::account).toList(), CREDIT_WAIT)) {
            spec.commandLine().getErr().println("not every activity was credited within " + CREDIT_WAIT
                + ": some transfers may be refused");
        }
        Map<String, Long> outcomes = transfers(api, people, random);
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        out.printf("%-28s %,d on %s%n", "members", people.size(), String.join(", ", platforms));
        out.printf("%-28s %,d accepted, %,d refused (%s to %s)%n", "activities", accepted.get(), rejected.get(),
            oldest.truncatedTo(ChronoUnit.MINUTES), now);
        outcomes.forEach((status, count) -> out.printf("%-28s %,d%n", "transfers " + status, count));
        out.printf("%-28s %.1f s (%,.0f activities/s)%n", "took", took.toMillis() / 1000.0,
            accepted.get() / Math.max(0.001, took.toMillis() / 1000.0));
        out.printf("Look one up: ./timebank balance %s, or sign in at %s with the operator token and name it.%n",
            people.getFirst().account(), connection.url);
        out.flush();
        return rejected.get() == 0 ? 0 : 1;
    }

    private List<Member> members(Random random) {
        List<Member> made = new ArrayList<>();
        int width = String.valueOf(members).length();
        for (int n = 1; n <= members; n++) {
            int index = (n - 1) % platforms.size();
            String platform = platforms.get(index);
            // Most members are occasional and a few are busy: activities a day drawn log-normally, median 1.5.
            double perDay = Math.min(40, 1.5 * Math.exp(0.9 * random.nextGaussian()));
            made.add(new Member(prefix + "-" + platform + "-" + String.format("%0" + width + "d", n), platform,
                (int) Math.pow(3, index), perDay));
        }
        return made;
    }

    /** How many activities a member has over the days: at least one, so every member has an account. */
    private long count(Member member, Random random) {
        return Math.max(1, Math.round(member.perDay() * days * (0.5 + random.nextDouble())));
    }

    /** One activity at a random instant of the window, its measures on the member's platform's scale. */
    private static ObjectNode activity(Member member, long number, Instant oldest, Instant newest, Random random) {
        long span = Duration.between(oldest, newest).toMillis();
        Instant at = oldest.plusMillis((long) (random.nextDouble() * span));
        ObjectNode measures = Api.JSON.createObjectNode()
            .put("interaction", measure(member.scale() * (1 + random.nextInt(6))))
            .put("originality", measure(member.scale() * (0.5 + 3 * random.nextDouble())))
            .put("engagement", measure(member.scale() * (1 + 4 * random.nextDouble() * random.nextDouble())));
        return Api.JSON.createObjectNode().put("eventId", member.account() + "-" + number)
            .put("platform", member.platform()).put("account", member.account()).put("occurredAt", at.toString())
            .set("measures", measures);
    }

    /** A measure with at most six decimal places, as the bank takes them. */
    private static double measure(double value) {
        return Math.round(value * 1_000_000) / 1_000_000.0;
    }

    private static Future<?> send(ExecutorService requests, Api api, ArrayNode batch, ProgressBar bar, AtomicLong accepted,
                                  AtomicLong rejected) {
        return requests.submit(() -> {
            JsonNode receipt = api.post("/v1/activities", batch);
            int refused = receipt.path("rejected").size();
            accepted.addAndGet(receipt.path("accepted").asLong());
            rejected.addAndGet(refused);
            bar.stepBy(batch.size());
        });
    }

    /** Keeps at most {@link #REQUESTS_IN_FLIGHT} requests waiting: the producer never runs far ahead of the bank. */
    private static void awaitAllButLast(List<Future<?>> inFlight) throws Exception {
        while (inFlight.size() > REQUESTS_IN_FLIGHT) {
            inFlight.removeFirst().get();
        }
    }

    /** Transfers between random members, in batches; their outcomes counted by status (and reason when refused). */
    private Map<String, Long> transfers(Api api, List<Member> people, Random random) {
        Map<String, Long> outcomes = new TreeMap<>();
        if (transfers == 0 || people.size() < 2) {
            return outcomes;
        }
        try (ProgressBar bar = bar("transfers", transfers)) {
            for (int sent = 0; sent < transfers; sent += TRANSFERS_PER_REQUEST) {
                ArrayNode batch = Api.JSON.createArrayNode();
                for (int k = sent; k < Math.min(transfers, sent + TRANSFERS_PER_REQUEST); k++) {
                    Member from = people.get(random.nextInt(people.size()));
                    Member to = people.get(random.nextInt(people.size()));
                    if (to.equals(from)) {
                        to = people.get((people.indexOf(from) + 1) % people.size());
                    }
                    batch.add(Api.JSON.createObjectNode().put("commandId", prefix + "-transfer-" + seed + "-" + k)
                        .put("from", from.account()).put("to", to.account())
                        .put("amount", String.valueOf(1 + random.nextInt(20))).put("memo", "demo"));
                }
                for (JsonNode item : api.post("/v1/transfers/batch", batch).path("transfers")) {
                    JsonNode outcome = item.path("outcome");
                    String reason = outcome.hasNonNull("reason") ? outcome.path("reason").asText()
                        : item.path("problem").path("reason").asText(item.path("problem").path("title").asText(""));
                    String status = switch (outcome.path("status").asText("REJECTED")) {
                        case "COMPLETED" -> "completed";
                        case "REJECTED" -> "refused: " + reason;
                        default -> "still in flight";
                    };
                    outcomes.merge(status, 1L, Long::sum);
                }
                bar.stepBy(batch.size());
            }
        }
        spec.commandLine().getErr().println();
        return outcomes;
    }

    private ProgressBar bar(String task, long total) {
        return Progress.bar(spec, task, total, task, 100, true);
    }
}
