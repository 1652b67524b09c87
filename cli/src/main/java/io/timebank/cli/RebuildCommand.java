package io.timebank.cli;

import io.timebank.ledger.Account;
import io.timebank.ledger.AccountId;
import io.timebank.ledger.Decay;
import io.timebank.schemas.StateCodec;
import io.timebank.stream.CommittedReader;
import io.timebank.stream.LedgerApplication;
import io.timebank.stream.LedgerSettings;
import io.timebank.stream.LedgerStores;
import io.timebank.stream.LedgerTopics;
import io.timebank.stream.OrderSettings;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import me.tongfei.progressbar.ProgressBar;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "rebuild", mixinStandardHelpOptions = true,
    description = "Rebuild the bank's stores from the ledger topic alone, under an application id of their own, and "
        + "compare every account with the running bank's (its accounts changelog): exit 0 when each one is equal bit "
        + "for bit, 1 when one differs or is missing. Run it while the bank is quiet: an account that moves on while "
        + "the rebuild runs is reported as such, not as a difference, but one opened meanwhile counts as not rebuilt. "
        + "The rebuild's own topics and group are deleted afterwards unless --keep.")
final class RebuildCommand implements Callable<Integer> {

    /** How long the rebuild may take to start and to catch up with the ledger topic. */
    static final Duration START_WAIT = Duration.ofSeconds(120);
    static final Duration POLL = Duration.ofMillis(500);

    /** How far back from a partition's end its last committed record is looked for. */
    static final long TAIL_READ = 1_000;

    @Option(names = "--bootstrap-servers", required = true, defaultValue = "${env:TIMEBANK_BOOTSTRAP_SERVERS}",
        description = "The Kafka cluster (default: TIMEBANK_BOOTSTRAP_SERVERS; the laptop run's broker is 127.0.0.1:9092).")
    String bootstrapServers;

    @Option(names = "--topic-prefix", defaultValue = "timebank.", description = "The bank's topic prefix (default: ${DEFAULT-VALUE}).")
    String topicPrefix;

    @Option(names = "--partitions", defaultValue = "4", description = "The bank's partitions (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--mean-lifetime", defaultValue = "PT100H",
        description = "The bank's τ, which balances are kept with (ISO-8601; default: ${DEFAULT-VALUE}).")
    Duration meanLifetime;

    @Option(names = "--payout-funds", split = ",", defaultValue = "bank-payouts",
        description = "The bank's payout funds, as timebank.payout-funds (default: ${DEFAULT-VALUE}).")
    List<String> payoutFunds;

    @Option(names = "--compare-with", defaultValue = "timebank",
        description = "The running bank's application id, whose accounts are compared (default: ${DEFAULT-VALUE}).")
    String liveApplicationId;

    @Option(names = "--application-id", description = "The rebuild's application id (default: timebank-rebuild-<time>).")
    String applicationId;

    @Option(names = "--state-directory", description = "Where the rebuilt stores are kept (default: a temporary directory, "
        + "deleted afterwards).")
    Path stateDirectory;

    @Option(names = "--timeout", defaultValue = "PT30M",
        description = "How long the rebuild may take to read the ledger (ISO-8601; default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--keep", description = "Keep the rebuilt stores, topics and consumer group (to look at them, or to "
        + "recover from them).")
    boolean keep;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** How the rebuilt accounts compare with the running bank's. */
    record Comparison(int equal, int movedOn, List<String> differ, List<String> missing) {
    }

    @Override
    public Integer call() throws Exception {
        LedgerSettings defaults = LedgerSettings.defaults(topicPrefix);
        OrderSettings orders = OrderSettings.DEFAULT;
        Set<AccountId> funds = payoutFunds.stream().map(AccountId::of).collect(Collectors.toSet());
        LedgerSettings settings = new LedgerSettings(defaults.topics(), partitions, Decay.ofMeanLifetime(meanLifetime),
            defaults.fees(), defaults.feeAccount(), defaults.exchangeRate(), defaults.limits(), defaults.defaultRule(),
            defaults.rules(), defaults.populations(), defaults.feeSettlementInterval(), defaults.systemAccounts(),
            defaults.caps(), defaults.quality(), defaults.floatingRate(),
            new OrderSettings(orders.schedulerInterval(), orders.perAccountMax(), orders.failuresMax(), funds));
        String id = applicationId != null ? applicationId : "timebank-rebuild-" + System.currentTimeMillis();
        if (id.equals(liveApplicationId)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--application-id must not be the bank's own ("
                + liveApplicationId + "): the rebuild would join its group, and its topics are deleted afterwards");
        }
        Path state = stateDirectory != null ? stateDirectory : Files.createTempDirectory("timebank-rebuild");
        PrintWriter out = spec.commandLine().getOut();
        Properties properties = LedgerApplication.streamsProperties(id, bootstrapServers, state, 1);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            Map<TopicPartition, Long> ends = ends(settings.topics());
            long total = ends.values().stream().mapToLong(Long::longValue).sum();
            Comparison comparison;
            try (LedgerApplication rebuild = LedgerApplication.startRebuild(settings, properties)) {
                rebuild.awaitRunning(START_WAIT);
                catchUp(rebuild, admin, id, ends, total);
                comparison = compare(rebuild.accounts(), live(settings));
            } finally {
                if (!keep) {
                    forget(admin, id, state);
                }
            }
            out.printf("%-26s %,d offsets of %s%n", "ledger read", total, settings.topics().ledger());
            out.printf("%-26s %,d%n", "accounts equal", comparison.equal());
            out.printf("%-26s %,d%n", "accounts moved on since", comparison.movedOn());
            out.printf("%-26s %,d%s%n", "accounts that differ", comparison.differ().size(), listed(comparison.differ()));
            out.printf("%-26s %,d%s%n", "accounts not rebuilt", comparison.missing().size(), listed(comparison.missing()));
            out.println(keep ? "kept: application id " + id + ", stores in " + state : "the rebuild's topics, group and stores are deleted");
            out.flush();
            return comparison.differ().isEmpty() && comparison.missing().isEmpty() ? 0 : 1;
        }
    }

    /**
     * Where the rebuild must have read each partition of the ledger to: just past its last committed
     * record now. (Not the end offset: a transaction's commit marker may follow the last record, and
     * a reader's committed position need not pass it.)
     */
    private Map<TopicPartition, Long> ends(LedgerTopics topics) {
        try (KafkaConsumer<String, byte[]> consumer = CommittedReader.open(bootstrapServers, Map.of())) {
            List<TopicPartition> partitions = CommittedReader.partitions(consumer, topics.ledger(), " at " + bootstrapServers);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            Map<TopicPartition, Long> begins = consumer.beginningOffsets(partitions);
            Map<TopicPartition, Long> lastRecords = new HashMap<>();
            consumer.assign(partitions);
            for (TopicPartition partition : partitions) {
                consumer.seek(partition, Math.max(begins.get(partition), ends.get(partition) - TAIL_READ));
                lastRecords.put(partition, 0L);
            }
            while (partitions.stream().anyMatch(partition -> consumer.position(partition) < ends.get(partition))) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                    TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                    if (record.offset() < ends.get(partition)) {
                        lastRecords.merge(partition, record.offset() + 1, Math::max);
                    }
                }
            }
            return lastRecords;
        }
    }

    /** Waits, with a progress bar, until the rebuild has committed its reading of the ledger up to {@code ends}. */
    private void catchUp(LedgerApplication rebuild, Admin admin, String id, Map<TopicPartition, Long> ends, long total)
        throws InterruptedException, ExecutionException {
        PrintWriter err = spec.commandLine().getErr();
        long deadline = System.nanoTime() + timeout.toNanos();
        try (ProgressBar bar = Progress.bar(spec, "rebuild", total, "records", 100, true)) {
            while (true) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(id)
                    .partitionsToOffsetAndMetadata().get();
                long read = 0;
                boolean caughtUp = true;
                for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
                    OffsetAndMetadata offset = committed.get(end.getKey());
                    long position = offset == null ? 0 : offset.offset();
                    read += Math.min(position, end.getValue());
                    caughtUp &= position >= end.getValue();
                }
                bar.stepTo(read);
                if (caughtUp) {
                    bar.stepTo(Math.max(1, total));
                    break;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the rebuild did not catch up with the ledger within " + timeout);
                }
                KafkaStreams.State state = rebuild.streams().state();
                if (state == KafkaStreams.State.ERROR || state == KafkaStreams.State.NOT_RUNNING
                    || state == KafkaStreams.State.PENDING_ERROR || state == KafkaStreams.State.PENDING_SHUTDOWN) {
                    throw new IllegalStateException("the rebuild stopped (" + state + "): an event could not be folded "
                        + "with these settings (--mean-lifetime, --payout-funds as the bank's?); its log says which");
                }
                Thread.sleep(POLL.toMillis());
            }
        }
        err.println();
    }

    /** The running bank's accounts: the latest value of each key of its accounts changelog. */
    private Map<String, byte[]> live(LedgerSettings settings) {
        String changelog = liveApplicationId + "-" + LedgerStores.ACCOUNTS + "-changelog";
        Map<String, byte[]> accounts = new HashMap<>();
        try (KafkaConsumer<String, byte[]> consumer = CommittedReader.open(bootstrapServers, Map.of())) {
            List<TopicPartition> partitions = CommittedReader.partitions(consumer, changelog,
                ": is --compare-with the bank's application id?");
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(partition -> consumer.position(partition) < ends.get(partition))) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                    if (record.value() == null) {
                        accounts.remove(record.key());
                    } else {
                        accounts.put(record.key(), record.value());
                    }
                }
            }
        }
        return accounts;
    }

    static Comparison compare(Map<String, Account> rebuilt, Map<String, byte[]> live) {
        int equal = 0;
        int movedOn = 0;
        List<String> differ = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (Map.Entry<String, Account> fromLedger : rebuilt.entrySet()) {
            byte[] bank = live.get(fromLedger.getKey());
            if (bank == null) {
                differ.add(fromLedger.getKey() + " (not in the bank's stores)");
            } else if (Arrays.equals(StateCodec.encodeAccount(fromLedger.getValue()), bank)) {
                equal++;
            } else if (StateCodec.decodeAccount(bank).entryCount() > fromLedger.getValue().entryCount()) {
                movedOn++;
            } else {
                differ.add(fromLedger.getKey());
            }
        }
        // An account the bank has and the rebuild has not: opened after the rebuild read the ledger, or lost.
        live.keySet().stream().filter(account -> !rebuilt.containsKey(account)).forEach(missing::add);
        differ.sort(Comparator.naturalOrder());
        missing.sort(Comparator.naturalOrder());
        return new Comparison(equal, movedOn, differ, missing);
    }

    private static String listed(List<String> accounts) {
        return accounts.isEmpty() ? "" : ": " + String.join(", ", accounts.subList(0, Math.min(10, accounts.size())))
            + (accounts.size() > 10 ? ", …" : "");
    }

    /** Deletes what the rebuild left: its internal topics, its consumer group, its local stores. */
    private void forget(Admin admin, String id, Path state) throws InterruptedException {
        try {
            List<String> topics = admin.listTopics().names().get().stream().filter(name -> name.startsWith(id + "-")).toList();
            admin.deleteTopics(topics).all().get();
            admin.deleteConsumerGroups(List.of(id)).all().get();
        } catch (ExecutionException notDeleted) {
            spec.commandLine().getErr().println("could not delete the rebuild's topics or group " + id + ": "
                + notDeleted.getCause().getMessage());
        }
        if (stateDirectory == null) {
            try (Stream<Path> files = Files.walk(state)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            } catch (IOException notDeleted) {
                spec.commandLine().getErr().println("could not delete " + state + ": " + notDeleted.getMessage());
            }
        }
    }
}
