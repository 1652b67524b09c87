package io.timebank.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.timebank.api.BankHistory.Answer;
import io.timebank.broker.EmbeddedKafkaBroker;
import io.timebank.ledger.AccountId;
import io.timebank.ledger.Amount;
import io.timebank.ledger.Asset;
import io.timebank.ledger.CommandId;
import io.timebank.ledger.CommandKey;
import io.timebank.ledger.InputLimits;
import io.timebank.ledger.LedgerCommand;
import io.timebank.ledger.LedgerEvent;
import io.timebank.ledger.Schedule;
import io.timebank.ledger.StandingOrder;
import io.timebank.ledger.TransferRequest;
import io.timebank.ledger.Validated;
import io.timebank.schemas.ActivityCodec;
import io.timebank.schemas.LedgerCommandCodec;
import io.timebank.schemas.LedgerEventCodec;
import io.timebank.stream.DeadLetter;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The bank test, in the spirit of Jepsen's bank workload. The broker and the application run as
 * JVMs of their own; accounts are opened with deposits; concurrent HTTP clients issue random
 * transfers (retrying with the same command id whenever an answer does not come) and a few fresh
 * deposits, while a nemesis kills the application with SIGKILL and restarts the broker (SIGKILL
 * or SIGTERM) at random moments. When the clients have stopped and every command is answered,
 * {@link BankChecks} compares what the clients were told, the ledger topic and the API.
 *
 * <p>Run the long version with {@code ./mvnw -Pbank -DskipTests package} (docs/OPERATIONS.md).
 */
final class BankWorkload {

    /**
     * @param faultGap       mean time between the end of one fault's recovery and the next fault
     * @param guarantee      the application's processing guarantee (exactly_once_v2; at_least_once
     *                       to see the checks fail)
     * @param commitInterval Kafka Streams' commit interval (the product's default is 25 ms)
     * @param brokerDowntime the longest a restarted broker stays down (each time a random share of it)
     */
    record Plan(int accounts, int clients, Duration duration, Duration faultGap, long seed, String guarantee,
                Duration commitInterval, Duration brokerDowntime) {
    }

    /** @param applicationRecoveries from each SIGKILL of the application to its restart answering healthy */
    record Report(Plan plan, int applicationKills, int brokerRestarts, List<String> faults,
                  List<Duration> applicationRecoveries, int duplicatesSent,
                  int transfersIssued, Map<String, Long> answers, Map<String, Long> multiLegAnswers,
                  int depositsSent, Map<String, Integer> retries, BankChecks.Totals totals, List<String> violations,
                  Duration elapsed) {

        String summary() {
            StringBuilder text = new StringBuilder();
            text.append(String.format("bank test: %d accounts, %d clients, %d s, guarantee %s, commit interval %d ms, "
                    + "seed %d%n", plan.accounts(), plan.clients(), plan.duration().toSeconds(), plan.guarantee(),
                plan.commitInterval().toMillis(), plan.seed()));
            text.append(String.format("faults: %d application kills (SIGKILL), %d broker restarts%n", applicationKills,
                brokerRestarts));
            faults.forEach(fault -> text.append("  ").append(fault).append('\n'));
            text.append(String.format("sent again after recoveries (each must be refused as a duplicate): %d ids%n",
                duplicatesSent));
            text.append(String.format("transfers issued: %d, answered: %s, retries: %s%n", transfersIssued, answers,
                retries));
            text.append(String.format("  of which multi-leg (1 to 4 legs, all or none): %s%n", multiLegAnswers));
            if (totals != null) {
                text.append(String.format("ledger: %d accounts, %d deposits (%d sent), %d debits, %d credits, "
                        + "%d refunds, %d rejections%n", totals.accounts(), totals.deposits(), depositsSent,
                    totals.debits(), totals.credits(), totals.refunds(), totals.rejections()));
                text.append(String.format("standing orders: %d placed, %d occurrences due by the verdict, %d booked "
                        + "(run by the ledger's scheduler through the faults)%n", totals.ordersPlaced(),
                    totals.occurrencesDue(), totals.occurrencesBooked()));
                text.append(String.format("loans: %d taken, %d installments due by the verdict, %d collected (by the "
                    + "scheduler, through the faults)%n", totals.loansTaken(), totals.installmentsDue(),
                    totals.installmentsBooked()));
                text.append(String.format("collections (many-to-one, under mandates): %d completed, %d refunded whole%n",
                    totals.collectionsCompleted(), totals.collectionsRefunded()));
                text.append(String.format("pending transfers (two-phase), by how they ended: %s%n", totals.pendingEnds()));
                text.append(String.format("term deposits: %d opened, %d returned at maturity by the scheduler, %d withdrawn "
                    + "early%n", totals.termsOpened(), totals.termsMatured(), totals.termsWithdrawn()));
                text.append(String.format("sum of balances %s, deposits decayed to the same instant %.6f%n",
                    new Amount(totals.balancesMicros()), totals.depositsDecayedMicros() / 1e6));
            }
            text.append(String.format("took %d s; %d violations%n", elapsed.toSeconds(), violations.size()));
            violations.stream().limit(25).forEach(violation -> text.append("  ").append(violation).append('\n'));
            return text.toString();
        }
    }

    private static final String SECRET = TestBank.SECRET;
    static final String PLATFORM = "bank-test";
    private static final long OPENING_DEPOSIT = 1_000;
    private static final long MAX_TRANSFER_MICROS = 200_000_000L; // 200 units: some transfers find too little
    private static final Duration MEAN_LIFETIME = Duration.ofHours(100);
    private static final Duration FEE_SETTLEMENT = Duration.ofSeconds(1);
    /** The bank test's one term: a minute, so deposits mature during the run, at τ_term = 1000 h. */
    static final Duration TERM = Duration.ofMinutes(1);
    static final Duration TERM_MEAN_LIFETIME = Duration.ofHours(1_000);
    private static final String FEE_RATE = "0.001";
    private static final String FEE_MINIMUM = "0.000001";
    private static final int PARTITIONS = 4;
    private static final Duration RECOVERY_TIMEOUT = Duration.ofSeconds(180);
    /** How long the clients may keep retrying their last commands after the run. */
    private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(120);

    private final Plan plan;
    private final Path directory;
    private final BankHistory history = new BankHistory();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final String token = operatorToken();
    private final int brokerPort = EmbeddedKafkaBroker.freePort();
    private final int httpPort = EmbeddedKafkaBroker.freePort();
    private final AtomicInteger applicationKills = new AtomicInteger();
    private final AtomicInteger brokerRestarts = new AtomicInteger();
    private final List<String> faults = new CopyOnWriteArrayList<>();
    private final List<Duration> applicationRecoveries = new CopyOnWriteArrayList<>();
    private volatile ChildJvm broker;
    private volatile ChildJvm application;
    private volatile Instant end;
    private KafkaProducer<String, byte[]> rawProducer;

    BankWorkload(Plan plan, Path directory) {
        this.plan = plan;
        this.directory = directory;
    }

    Report run() throws Exception {
        long started = System.nanoTime();
        Thread cleanup = new Thread(this::stopAll, "bank-test-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        ExecutorService clients = Executors.newFixedThreadPool(plan.clients() + 1);
        try {
            startBroker();
            startApplication();
            openAccounts();
            placeOrders();
            end = Instant.now().plus(plan.duration());
            List<Future<?>> running = new ArrayList<>();
            for (int index = 0; index < plan.clients(); index++) {
                int client = index;
                running.add(clients.submit(() -> client(client)));
            }
            Future<?> nemesis = clients.submit(this::nemesis);
            nemesis.get();
            for (Future<?> client : running) {
                client.get();
            }
            awaitHealthy();
            return verdict(started);
        } finally {
            clients.shutdownNow();
            stopAll();
            Runtime.getRuntime().removeShutdownHook(cleanup);
        }
    }

    String logs() {
        return (broker == null ? "" : broker.logTail(40)) + "\n" + (application == null ? "" : application.logTail(80));
    }

    // --- the cluster -----------------------------------------------------------------------------

    private void startBroker() {
        broker = ChildJvm.start("broker", directory.resolve("broker.log"), Map.of(),
            "io.timebank.broker.EmbeddedKafkaBroker", directory.resolve("kafka").toString(), String.valueOf(brokerPort));
        Properties properties = new Properties();
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        long deadline = System.nanoTime() + RECOVERY_TIMEOUT.toNanos();
        try (Admin admin = Admin.create(properties)) {
            while (true) {
                try {
                    if (!admin.describeCluster().nodes().get(2, TimeUnit.SECONDS).isEmpty()) {
                        return;
                    }
                } catch (Exception notYet) {
                    // still starting
                }
                if (!broker.alive() || System.nanoTime() > deadline) {
                    throw new IllegalStateException("the broker did not start\n" + broker.logTail(60));
                }
                pause(200);
            }
        }
    }

    private void startApplication() {
        Map<String, String> settings = new TreeMap<>();
        settings.put("micronaut.server.host", "127.0.0.1");
        settings.put("micronaut.server.port", String.valueOf(httpPort));
        settings.put("timebank.bootstrap-servers", bootstrapServers());
        settings.put("timebank.data-directory", directory.resolve("application").toString());
        settings.put("timebank.application-id", "bank-test");
        settings.put("timebank.jwt-secret", SECRET);
        settings.put("timebank.mean-lifetime", MEAN_LIFETIME.toHours() + "h");
        settings.put("timebank.fee-settlement-interval", FEE_SETTLEMENT.toSeconds() + "s");
        settings.put("timebank.fee-rate", FEE_RATE);
        settings.put("timebank.fee-minimum", FEE_MINIMUM);
        settings.put("timebank.partitions", String.valueOf(PARTITIONS));
        settings.put("timebank.processing-guarantee", plan.guarantee());
        settings.put("timebank.commit-interval", plan.commitInterval().toMillis() + "ms");
        settings.put("timebank.terms", TERM + "=" + TERM_MEAN_LIFETIME.toHours() + "h");
        // No group.instance.id: the product's default (static membership with the id kept in the
        // data directory) must bring a killed instance back without waiting out its session.
        application = ChildJvm.start("application", directory.resolve("application.log"), settings,
            "io.timebank.api.Application");
        awaitHealthy();
    }

    private void awaitHealthy() {
        long deadline = System.nanoTime() + RECOVERY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!application.alive()) {
                throw new IllegalStateException("the application exited\n" + application.logTail(80));
            }
            try {
                HttpResponse<String> health = http.send(request("/health").timeout(Duration.ofSeconds(2)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
                if (health.statusCode() == 200) {
                    JsonNode body = TestBank.parse(health.body());
                    if (body.path("status").asText().equals("UP")
                        && body.path("details").path("ledger").path("details").path("streams").asText().equals("RUNNING")) {
                        return;
                    }
                }
            } catch (IOException notYet) {
                // not listening yet
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(interrupted);
            }
            pause(200);
        }
        throw new IllegalStateException("the application was not healthy within " + RECOVERY_TIMEOUT + "\n" + logs());
    }

    private String bootstrapServers() {
        return "127.0.0.1:" + brokerPort;
    }

    private synchronized void stopAll() {
        if (rawProducer != null) {
            rawProducer.close(Duration.ofSeconds(5));
            rawProducer = null;
        }
        if (application != null) {
            application.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    // --- the nemesis -----------------------------------------------------------------------------

    /** Kills the application first, restarts the broker second, then either at random, until the run ends. */
    private void nemesis() {
        Random random = new Random(plan.seed() ^ 0x5DEECE66DL);
        int done = 0;
        while (done < 2 || Instant.now().isBefore(end)) {
            long gap = plan.faultGap().toMillis();
            pause(gap / 2 + (long) (random.nextDouble() * gap));
            if (done >= 2 && !Instant.now().isBefore(end)) {
                break;
            }
            boolean killApplication = done == 0 || (done > 1 && random.nextBoolean());
            long second = Duration.between(end.minus(plan.duration()), Instant.now()).toSeconds();
            long faulted = System.nanoTime();
            String fault;
            if (killApplication) {
                application.kill();
                applicationKills.incrementAndGet();
                fault = "application SIGKILL";
                startApplication();
            } else {
                boolean clean = random.nextBoolean();
                if (clean) {
                    broker.stop();
                } else {
                    broker.kill();
                }
                brokerRestarts.incrementAndGet();
                fault = "broker " + (clean ? "SIGTERM" : "SIGKILL");
                long downtime = 500 + (long) (random.nextDouble() * Math.max(0, plan.brokerDowntime().toMillis() - 500));
                pause(downtime);
                long restarted = System.nanoTime();
                startBroker();
                fault += String.format(", down %.1f s, serving %.1f s after its restart", downtime / 1e3,
                    (System.nanoTime() - restarted) / 1e9);
                awaitHealthy();
            }
            Duration recovery = Duration.ofNanos(System.nanoTime() - faulted);
            if (killApplication) {
                applicationRecoveries.add(recovery);
            }
            faults.add(String.format("%s at +%d s: healthy again after %.1f s", fault, second, recovery.toMillis() / 1e3));
            done++;
            afterRecovery(random);
        }
    }

    /**
     * Idempotency across restarts: the opening deposits go through the API again, and ten answered
     * transfers straight onto the commands topic (the API would answer those from the outcome
     * store without sending them). Each must be refused as a duplicate, not applied again.
     */
    private void afterRecovery(Random random) {
        List<BankHistory.Deposit> openings = IntStream.range(0, plan.accounts())
            .mapToObj(account -> history.deposits.get("open-" + account)).toList();
        if (postActivities(openings)) {
            openings.forEach(opening -> history.duplicatesSent.add(opening.eventId()));
        }
        List<String> answered = new ArrayList<>(new TreeSet<>(history.answers.keySet().stream()
            .filter(history.transfers::containsKey).toList()));
        for (int resend = 0; resend < 10 && !answered.isEmpty(); resend++) {
            BankHistory.Transfer transfer = history.transfers.get(answered.get(random.nextInt(answered.size())));
            TransferRequest request = transfer.multiLeg()
                ? new TransferRequest(transfer.commandId(), transfer.from(), null, "ATTENTION", null, null,
                    transfer.legs().stream().map(leg -> new TransferRequest.LegRequest(leg.to(),
                        new Amount(leg.micros()).toString(), null)).toList())
                : new TransferRequest(transfer.commandId(), transfer.from(), transfer.to(), "ATTENTION",
                    new Amount(transfer.micros()).toString(), null);
            LedgerCommand command = switch (request.validate(Instant.now(), InputLimits.DEFAULT)) {
                case Validated.Valid<LedgerCommand> valid -> valid.value();
                case Validated.Invalid<LedgerCommand> invalid ->
                    throw new IllegalStateException("issued an invalid transfer: " + invalid.errors());
            };
            try {
                rawProducer().send(new ProducerRecord<>("timebank.commands", transfer.from(),
                    new LedgerCommandCodec().encode(command))).get(30, TimeUnit.SECONDS);
                history.duplicatesSent.add(transfer.commandId());
            } catch (Exception notSent) {
                history.retried("duplicate not sent");
            }
        }
        // A standing order placed again: refused as a duplicate, so its occurrences never run twice.
        List<BankHistory.Order> placed = history.orders.values().stream()
            .filter(order -> history.answers.containsKey(order.id())).sorted(java.util.Comparator.comparing(
                BankHistory.Order::id)).toList();
        if (!placed.isEmpty()) {
            BankHistory.Order order = placed.get(random.nextInt(placed.size()));
            LedgerCommand command = new LedgerCommand.PlaceStandingOrder(AccountId.of(order.from()), StandingOrder.of(
                CommandId.of(order.id()), AccountId.of(order.to()), Asset.ATTENTION, new Amount(order.micros()), "",
                new Schedule(order.first(), order.interval(), order.count(), null), 3), Instant.now());
            try {
                rawProducer().send(new ProducerRecord<>("timebank.commands", order.from(),
                    new LedgerCommandCodec().encode(command))).get(30, TimeUnit.SECONDS);
                history.duplicatesSent.add(order.id());
            } catch (Exception notSent) {
                history.retried("duplicate not sent");
            }
        }
    }

    private synchronized KafkaProducer<String, byte[]> rawProducer() {
        if (rawProducer == null) {
            Properties properties = new Properties();
            properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
            properties.put(ProducerConfig.ACKS_CONFIG, "all");
            rawProducer = new KafkaProducer<>(properties, new StringSerializer(), new ByteArraySerializer());
        }
        return rawProducer;
    }

    // --- the clients -----------------------------------------------------------------------------

    private void openAccounts() {
        Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        List<BankHistory.Deposit> openings = new ArrayList<>();
        for (int account = 0; account < plan.accounts(); account++) {
            BankHistory.Deposit deposit = new BankHistory.Deposit("open-" + account, member(account),
                OPENING_DEPOSIT * 1_000_000, at);
            history.deposits.put(deposit.eventId(), deposit);
            openings.add(deposit);
        }
        if (!postActivities(openings)) {
            throw new IllegalStateException("the opening deposits were not accepted: " + history.violations + " "
                + history.retries + "\n" + logs());
        }
        long deadline = System.nanoTime() + RECOVERY_TIMEOUT.toNanos();
        for (int account = 0; account < plan.accounts(); account++) {
            while (get("/v1/accounts/" + member(account)) == null) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("account " + member(account) + " never opened\n" + logs());
                }
                pause(100);
            }
        }
    }

    private void client(int index) {
        Random random = new Random(plan.seed() * 31 + index);
        Instant giveUp = end.plus(SETTLE_TIMEOUT);
        for (int sequence = 0; Instant.now().isBefore(end); sequence++) {
            int roll = random.nextInt(100);
            if (roll < 4) {
                BankHistory.Deposit deposit = new BankHistory.Deposit("deposit-" + index + "-" + sequence,
                    member(random.nextInt(plan.accounts())), (1 + random.nextInt(100)) * 1_000_000L,
                    Instant.now().truncatedTo(ChronoUnit.MILLIS));
                history.deposits.put(deposit.eventId(), deposit);
                while (!postActivities(List.of(deposit)) && Instant.now().isBefore(giveUp)) {
                    pause(250);
                }
            } else if (roll < 5) {
                // An early withdrawal of an odd member's term deposit (one per deposit id; the first answer counts);
                // the even members' deposits are left to mature.
                String deposit = "term-" + (1 + 2 * random.nextInt(plan.accounts() / 2));
                BankHistory.TermDeposit opened = history.termDeposits.get(deposit);
                command("/v1/accounts/" + opened.account() + "/term-deposits/" + deposit + "/withdrawal",
                    deposit + "::withdraw", "{}", giveUp);
            } else if (roll < 12) {
                checkLimit(member(random.nextInt(plan.accounts())));
            } else if (roll < 20) {
                // A multi-leg transfer to two or three other members; one in ten has a leg to nobody (refunded whole).
                int from = random.nextInt(plan.accounts());
                List<BankHistory.Leg> legs = new ArrayList<>();
                Set<Integer> receivers = new TreeSet<>();
                for (int leg = 0, count = 2 + random.nextInt(2); leg < count; leg++) {
                    int to = (from + 1 + random.nextInt(plan.accounts() - 1)) % plan.accounts();
                    if (receivers.add(to)) {
                        legs.add(new BankHistory.Leg(member(to), 1 + random.nextLong(MAX_TRANSFER_MICROS / 2)));
                    }
                }
                if (random.nextInt(10) == 0) {
                    legs.add(new BankHistory.Leg("ghost-" + index + "-" + sequence, 1 + random.nextLong(MAX_TRANSFER_MICROS / 2)));
                }
                BankHistory.Transfer transfer = new BankHistory.Transfer("bank-" + index + "-" + sequence, member(from), null,
                    legs.stream().mapToLong(BankHistory.Leg::micros).sum(), legs);
                history.issued(transfer);
                transfer(transfer, giveUp);
            } else if (roll < 24 && plan.accounts() > 4) {
                collect(random, index, sequence, giveUp);
            } else if (roll < 27) {
                pending(random, index, sequence, giveUp);
            } else {
                int from = random.nextInt(plan.accounts());
                int to = (from + 1 + random.nextInt(plan.accounts() - 1)) % plan.accounts();
                String receiver = random.nextInt(50) == 0 ? "ghost-" + index + "-" + sequence : member(to);
                BankHistory.Transfer transfer = new BankHistory.Transfer("bank-" + index + "-" + sequence, member(from),
                    receiver, 1 + random.nextLong(MAX_TRANSFER_MICROS));
                history.issued(transfer);
                transfer(transfer, giveUp);
            }
        }
    }

    /**
     * A pending transfer (one in ten to nobody: refused by its receiver, voided) with a timeout of a few
     * seconds, then posted or voided at once by its client, or left to time out.
     */
    private void pending(Random random, int index, int sequence, Instant giveUp) {
        int from = random.nextInt(plan.accounts());
        int to = (from + 1 + random.nextInt(plan.accounts() - 1)) % plan.accounts();
        String receiver = random.nextInt(10) == 0 ? "ghost-pending-" + index + "-" + sequence : member(to);
        String intent = List.of("post", "void", "expire").get(random.nextInt(3));
        BankHistory.Pending pending = new BankHistory.Pending("pending-" + index + "-" + sequence, member(from), receiver,
            1 + random.nextLong(MAX_TRANSFER_MICROS), Duration.ofSeconds(3 + random.nextInt(6)), Instant.now(), intent);
        history.pendings.put(pending.id(), pending);
        command("/v1/transfers", pending.id(), "{\"commandId\":\"" + pending.id() + "\",\"from\":\"" + pending.from()
            + "\",\"to\":\"" + pending.to() + "\",\"amount\":\"" + new Amount(pending.micros()) + "\",\"pending\":true,"
            + "\"timeout\":\"" + pending.timeout() + "\"}", giveUp);
        Answer created = history.answers.get(pending.id());
        if (!intent.equals("expire") && created != null && created.status().equals("COMPLETED")) {
            String step = intent.equals("post") ? "posting" : "voiding";
            command("/v1/accounts/" + pending.from() + "/transfers/" + pending.id() + "/" + step,
                pending.id() + (intent.equals("post") ? "::post" : "::void"), "{}", giveUp);
        }
    }

    /**
     * One standing order per member, to the next member (one in six to nobody: each occurrence
     * refunded), two occurrences a minute apart, the first due during the run: the first ones run
     * through the faults, some while the application or the broker is down.
     */
    private void placeOrders() {
        Random random = new Random(plan.seed() * 17);
        Instant start = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        long spread = Math.max(1, plan.duration().toMillis() * 2 / 3);
        Instant giveUp = start.plus(RECOVERY_TIMEOUT);
        for (int account = 0; account < plan.accounts(); account++) {
            String to = account % 6 == 5 ? "ghost-order-" + account : member((account + 1) % plan.accounts());
            BankHistory.Order order = new BankHistory.Order("order-" + account, member(account), to,
                (1 + random.nextInt(50)) * 1_000_000L, start.plusMillis(3_000 + random.nextLong(spread)),
                Duration.ofMinutes(1), 2);
            history.orders.put(order.id(), order);
            // And a term deposit of 50 for a minute: it matures during the faults, unless withdrawn first.
            BankHistory.TermDeposit deposit = new BankHistory.TermDeposit("term-" + account, member(account), 50_000_000L,
                TERM);
            history.termDeposits.put(deposit.id(), deposit);
            command("/v1/term-deposits", deposit.id(), "{\"commandId\":\"" + deposit.id() + "\",\"account\":\""
                + deposit.account() + "\",\"amount\":\"" + new Amount(deposit.micros()) + "\",\"term\":\"" + TERM + "\"}",
                giveUp);
            command("/v1/standing-orders", order.id(), "{\"commandId\":\"" + order.id() + "\",\"from\":\"" + order.from()
                + "\",\"to\":\"" + order.to() + "\",\"amount\":\"" + new Amount(order.micros()) + "\",\"first\":\""
                + order.first() + "\",\"interval\":\"" + order.interval() + "\",\"count\":" + order.count() + "}", giveUp);
            if (account % 3 == 0) {
                grantLoan(account, random, start, spread, giveUp);
            }
        }
        grantMandates(giveUp);
    }

    /** The members that collect: each other member but one in four gave both a mandate of {@link #MANDATE_MICROS}. */
    private static final int COLLECTORS = 2;
    private static final long MANDATE_MICROS = 20_000_000L;

    /** Every member from the third on, but one in four, lets both collectors collect from it. */
    private void grantMandates(Instant giveUp) {
        for (int account = COLLECTORS; account < plan.accounts(); account++) {
            if (account % 4 == 3) {
                continue;
            }
            for (int collector = 0; collector < COLLECTORS; collector++) {
                BankHistory.Mandate mandate = new BankHistory.Mandate("mandate-" + account + "-" + collector,
                    member(account), member(collector), MANDATE_MICROS);
                history.mandates.put(mandate.id(), mandate);
                command("/v1/mandates", mandate.id(), "{\"commandId\":\"" + mandate.id() + "\",\"payer\":\""
                    + mandate.payer() + "\",\"collector\":\"" + mandate.collector() + "\",\"max\":\""
                    + new Amount(mandate.maxMicros()) + "\"}", giveUp);
            }
        }
    }

    /**
     * A collection by one of the collectors from one to three other members, each leg up to the
     * mandate (one in ten above it): completed whole, or refunded whole (no mandate, too little).
     */
    private void collect(Random random, int index, int sequence, Instant giveUp) {
        int collector = random.nextInt(COLLECTORS);
        List<BankHistory.Contribution> legs = new ArrayList<>();
        Set<Integer> payers = new TreeSet<>();
        for (int leg = 0, count = 1 + random.nextInt(3); leg < count; leg++) {
            int payer = COLLECTORS + random.nextInt(plan.accounts() - COLLECTORS);
            if (payers.add(payer)) {
                long micros = random.nextInt(10) == 0 ? MANDATE_MICROS + 1 : 1_000_000L + random.nextLong(MANDATE_MICROS - 1_000_000L);
                legs.add(new BankHistory.Contribution(member(payer), micros));
            }
        }
        BankHistory.Collection collection = new BankHistory.Collection("collect-" + index + "-" + sequence,
            member(collector), legs);
        history.collections.put(collection.id(), collection);
        command("/v1/collections", collection.id(), "{\"commandId\":\"" + collection.id() + "\",\"to\":\""
            + collection.to() + "\",\"legs\":[" + String.join(",", legs.stream().map(leg -> "{\"from\":\"" + leg.from()
                + "\",\"amount\":\"" + new Amount(leg.micros()) + "\"}").toList()) + "]}", giveUp);
    }

    /**
     * A loan of 30 from a member to the member two along (one in four to nobody: refunded), two
     * installments a minute apart at 1 %, the first due during the run: borrowers that have spent
     * their balance pay what they can and owe the rest, collected at the intervals that follow.
     */
    private void grantLoan(int account, Random random, Instant start, long spread, Instant giveUp) {
        String borrower = account % 12 == 9 ? "ghost-loan-" + account : member((account + 2) % plan.accounts());
        BankHistory.Loan loan = new BankHistory.Loan("loan-" + account, member(account), borrower, 30_000_000L, "0.01", 2,
            start.plusMillis(3_000 + random.nextLong(spread)), Duration.ofMinutes(1));
        history.loans.put(loan.id(), loan);
        command("/v1/loans", loan.id(), "{\"commandId\":\"" + loan.id() + "\",\"lender\":\"" + loan.lender()
            + "\",\"borrower\":\"" + loan.borrower() + "\",\"amount\":\"" + new Amount(loan.micros()) + "\",\"rate\":\""
            + loan.rate() + "\",\"count\":" + loan.count() + ",\"interval\":\"" + loan.interval() + "\",\"first\":\""
            + loan.first() + "\"}", giveUp);
    }

    /** Sends the transfer until it has a definite answer, always with the same command id. */
    private void transfer(BankHistory.Transfer transfer, Instant giveUp) {
        command("/v1/transfers", transfer.commandId(), "{\"commandId\":\"" + transfer.commandId() + "\",\"from\":\""
            + transfer.from() + "\",\"asset\":\"ATTENTION\"," + (transfer.multiLeg()
                ? "\"legs\":[" + String.join(",", transfer.legs().stream().map(leg -> "{\"to\":\"" + leg.to()
                    + "\",\"amount\":\"" + new Amount(leg.micros()) + "\"}").toList()) + "]}"
                : "\"to\":\"" + transfer.to() + "\",\"amount\":\"" + new Amount(transfer.micros()) + "\"}"), giveUp);
    }

    /** Posts a command until it has a definite answer, always with the same command id. */
    private void command(String path, String commandId, String body, Instant giveUp) {
        while (Instant.now().isBefore(giveUp)) {
            HttpResponse<String> response;
            try {
                response = http.send(request(path).timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            } catch (IOException noAnswer) {
                history.retried("no answer");
                pause(250);
                continue;
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                return;
            }
            int status = response.statusCode();
            if (status == 200) {
                history.answered(commandId, new Answer("COMPLETED", null));
                return;
            }
            if (status == 409 || status == 422) {
                JsonNode problem = TestBank.parse(response.body());
                String title = problem.path("title").asText();
                if (!title.startsWith("Command ") || !problem.hasNonNull("reason")) {
                    history.violations.add("command " + commandId + " refused as bad input: " + response.body());
                    return;
                }
                history.answered(commandId, new Answer(title.substring("Command ".length()).toUpperCase(),
                    problem.path("reason").asText()));
                return;
            }
            if (status == 202 || status >= 500) {
                history.retried(status == 202 ? "202 in flight" : status + "");
                pause(status == 202 ? 0 : 250);
                continue;
            }
            history.violations.add("command " + commandId + " answered " + status + ": " + response.body());
            return;
        }
    }

    /** Posts activities; true once the API has taken every one of them. */
    private boolean postActivities(List<BankHistory.Deposit> deposits) {
        String body = deposits.stream().map(deposit -> TestBank.activity(deposit.eventId(), PLATFORM, deposit.account(),
                deposit.at(), deposit.micros() / 1_000_000, 1, 1))
            .collect(Collectors.joining(",", "[", "]"));
        try {
            HttpResponse<String> response = http.send(request("/v1/activities").timeout(Duration.ofSeconds(35))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 202 && TestBank.parse(response.body()).path("accepted").asInt() == deposits.size()) {
                deposits.forEach(deposit -> history.depositsAcknowledged.add(deposit.eventId()));
                return true;
            }
            if (response.statusCode() < 500) {
                history.violations.add("activities refused: " + response.statusCode() + " " + response.body());
            }
            history.retried("activities " + response.statusCode());
        } catch (IOException noAnswer) {
            history.retried("activities: no answer");
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
        return false;
    }

    /** During the run: a balance read through the API is never below the account's limit. */
    private void checkLimit(String account) {
        JsonNode read = get("/v1/accounts/" + account);
        if (read == null) {
            return;
        }
        BankChecks.AccountRead balance = accountRead(read);
        if (balance.balanceMicros() < -balance.creditLimitMicros()) {
            history.violations.add("during the run, " + account + " read " + read);
        }
    }

    // --- the verdict -----------------------------------------------------------------------------

    private Report verdict(long started) {
        BankChecks checks = new BankChecks(MEAN_LIFETIME, new BigDecimal(FEE_RATE), Amount.parse(FEE_MINIMUM).micros(),
            PARTITIONS, TERM, TERM_MEAN_LIFETIME);
        List<LedgerEvent> events;
        Map<String, BankChecks.AccountRead> accounts;
        Instant at;
        // Every occurrence due and run before the verdict reads: none may be in flight while it does.
        Instant lastDue = history.orders.values().stream().map(BankHistory.Order::lastDue).max(Instant::compareTo)
            .orElse(Instant.now());
        Instant lastInstallment = history.loans.values().stream().map(BankHistory.Loan::lastDue).max(Instant::compareTo)
            .orElse(lastDue);
        lastDue = lastDue.isAfter(lastInstallment) ? lastDue : lastInstallment;
        Instant lastMaturity = Instant.now(); // deposits opened before the run: each matures within a TERM of its opening
        lastDue = lastDue.isAfter(lastMaturity) ? lastDue : lastMaturity;
        Instant lastTimeout = history.pendings.values().stream().map(pending -> pending.createdAt().plus(pending.timeout()))
            .max(Instant::compareTo).orElse(lastDue);
        lastDue = lastDue.isAfter(lastTimeout) ? lastDue : lastTimeout;
        pause(Math.max(0, Duration.between(Instant.now(), lastDue.plus(BankChecks.OCCURRENCE_SLACK)).toMillis()));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        List<String> stillHeld = new ArrayList<>();
        while (true) {
            pause(FEE_SETTLEMENT.toMillis());
            events = readLedger();
            at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            accounts = new HashMap<>();
            stillHeld.clear();
            for (String account : BankChecks.accounts(events)) {
                JsonNode read = get("/v1/accounts/" + account + "?at=" + at);
                if (read != null) {
                    accounts.put(account, accountRead(read));
                    // Every pending transfer has ended, every multi-leg transfer and collection settled: nothing held.
                    if (read.has("pending") || read.has("incoming")) {
                        stillHeld.add(account + " still lists " + read.path("pending") + " pending, " + read.path("incoming")
                            + " incoming");
                    }
                }
            }
            // Quiescent: every partition has settled its fees (less than one micro-unit left each),
            // and nothing landed between reading the ledger and reading the accounts.
            boolean settled = checks.unsettledFeesMicros(events, at) < checks.partitions();
            if ((settled && readLedger().size() == events.size()) || System.nanoTime() > deadline) {
                break;
            }
        }
        history.violations.addAll(stillHeld);
        Map<String, String> outcomes = new HashMap<>();
        List<BankHistory.Transfer> commands = new ArrayList<>(history.transfers.values());
        for (BankHistory.Order order : history.orders.values()) {
            commands.add(new BankHistory.Transfer(order.id(), order.from(), order.to(), order.micros()));
            for (int n = 1; n <= order.count(); n++) {
                commands.add(order.occurrence(n));
            }
        }
        for (BankHistory.Collection collection : history.collections.values()) {
            commands.add(new BankHistory.Transfer(collection.id(), collection.to(), null, 0));
        }
        for (BankHistory.Loan loan : history.loans.values()) {
            commands.add(new BankHistory.Transfer(loan.id(), loan.lender(), loan.borrower(), loan.micros()));
            for (int n = 1; n <= loan.count(); n++) {
                commands.add(new BankHistory.Transfer(loan.id() + "::" + n, loan.borrower(), loan.lender(), 0));
            }
        }
        for (BankHistory.Transfer transfer : commands) {
            String commandId = transfer.commandId();
            JsonNode outcome = get("/v1/accounts/" + transfer.from() + "/commands/" + commandId);
            if (outcome != null) {
                outcomes.put(commandId, outcome.path("status").asText());
            }
        }
        BankChecks.Verdict verdict = checks.check(history, events, accounts, outcomes, refusedDuplicates(), at);
        // Through every kill and broker restart, each account's hash chain holds on the topic.
        io.timebank.stream.LedgerVerification.Report chains = io.timebank.stream.LedgerVerification.verify(
            bootstrapServers(), "timebank.ledger", Map.of());
        chains.firstBreak().ifPresent(broken -> verdict.violations().add(broken.toString()));
        if (chains.links() == 0) {
            verdict.violations().add("no event of the ledger topic is chained");
        }
        Map<String, Long> answers = new TreeMap<>(history.transfers.keySet().stream().map(history.answers::get)
            .filter(java.util.Objects::nonNull).collect(Collectors.groupingBy(Answer::toString, Collectors.counting())));
        answers.put("unanswered", history.transfers.keySet().stream().filter(id -> !history.answers.containsKey(id)).count());
        Map<String, Long> multiLegAnswers = new TreeMap<>(history.transfers.values().stream()
            .filter(BankHistory.Transfer::multiLeg)
            .collect(Collectors.groupingBy(transfer -> String.valueOf(history.answers.get(transfer.commandId())),
                Collectors.counting())));
        return new Report(plan, applicationKills.get(), brokerRestarts.get(), List.copyOf(faults),
            List.copyOf(applicationRecoveries),
            history.duplicatesSent.size(),
            history.transfers.size(), answers, multiLegAnswers,
            history.deposits.size(), new TreeMap<>(history.retries), verdict.totals(), verdict.violations(),
            Duration.ofNanos(System.nanoTime() - started));
    }

    /** The whole ledger topic as a read-committed consumer sees it. */
    private List<LedgerEvent> readLedger() {
        LedgerEventCodec codec = new LedgerEventCodec();
        return readTopic("timebank.ledger").stream().map(record -> codec.decode(record.value())).toList();
    }

    /** The ids of the activities and commands the dead-letter topic holds as refused duplicates. */
    private Set<String> refusedDuplicates() {
        LedgerCommandCodec commands = new LedgerCommandCodec();
        ActivityCodec activities = new ActivityCodec();
        Set<String> refused = new HashSet<>();
        for (ConsumerRecord<byte[], byte[]> record : readTopic("timebank.dead-letter")) {
            if (!"duplicate".equals(DeadLetter.header(record.headers(), DeadLetter.STAGE))) {
                continue;
            }
            try {
                CommandKey.of(commands.decode(record.value())).ifPresent(key -> refused.add(key.id().value()));
            } catch (RuntimeException notACommand) {
                refused.add(activities.decode(record.value()).eventId());
            }
        }
        return refused;
    }

    private List<ConsumerRecord<byte[], byte[]>> readTopic(String topic) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(properties, new ByteArrayDeserializer(),
            new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> endOffsets = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (partitions.stream().anyMatch(partition -> consumer.position(partition) < endOffsets.get(partition))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + topic + " to its end");
                }
                consumer.poll(Duration.ofMillis(500)).forEach(records::add);
            }
        }
        return records;
    }

    // --- HTTP ------------------------------------------------------------------------------------

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
            .header("Authorization", "Bearer " + token);
    }

    /** A GET answered 200, as JSON; null for anything else. */
    private JsonNode get(String path) {
        try {
            HttpResponse<String> response = http.send(request(path).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? TestBank.parse(response.body()) : null;
        } catch (IOException noAnswer) {
            return null;
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static BankChecks.AccountRead accountRead(JsonNode account) {
        long balance = 0;
        for (JsonNode entry : account.path("balances")) {
            if (entry.path("asset").asText().equals("ATTENTION")) {
                balance = Amount.parse(entry.path("amount").asText()).micros();
            }
        }
        return new BankChecks.AccountRead(balance, Amount.parse(account.path("creditLimit").asText()).micros());
    }

    private static String member(int index) {
        return "member-" + index;
    }

    private static String operatorToken() {
        try {
            JWTClaimsSet claims = new JWTClaimsSet.Builder().subject("bank-test").claim("roles", List.of("operator"))
                .issueTime(new Date()).expirationTime(Date.from(Instant.now().plus(Duration.ofDays(1)))).build();
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
            jwt.sign(new MACSigner(SECRET.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            return jwt.serialize();
        } catch (JOSEException unsigned) {
            throw new IllegalStateException(unsigned);
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(interrupted);
        }
    }

    /**
     * The long run: {@code ./mvnw -Pbank -DskipTests package [-Dbank.seconds=600]
     * [-Dbank.guarantee=at_least_once] [-Dbank.seed=…] [-Dbank.commit-interval-ms=100]}. Exits 1
     * when a check fails.
     */
    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 600;
        String guarantee = args.length > 1 ? args[1] : "exactly_once_v2";
        long seed = args.length > 2 && Long.parseLong(args[2]) != 0 ? Long.parseLong(args[2]) : System.nanoTime();
        Duration commitInterval = args.length > 3 ? Duration.ofMillis(Long.parseLong(args[3])) : Duration.ofMillis(100);
        Duration brokerDowntime = args.length > 4 ? Duration.ofSeconds(Long.parseLong(args[4])) : Duration.ofSeconds(2);
        Plan plan = new Plan(16, 6, Duration.ofSeconds(seconds), Duration.ofSeconds(15), seed, guarantee,
            commitInterval, brokerDowntime);
        Path directory = Files.createTempDirectory("timebank-bank-test");
        BankWorkload workload = new BankWorkload(plan, directory);
        Report report = workload.run();
        System.out.println(report.summary());
        System.out.println("logs in " + directory);
        System.exit(report.violations().isEmpty() ? 0 : 1);
    }
}
