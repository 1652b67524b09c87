package io.timebank.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.timebank.cli.Timebank;
import jakarta.inject.Inject;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import picocli.CommandLine;

/** The operator CLI against the real server and broker: each command, its help and its errors. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CliTest implements TestPropertyProvider {

    @Inject
    @Client("/")
    HttpClient http;

    @Inject
    EmbeddedServer server;

    @Inject
    LedgerRuntime runtime;

    @Inject
    Tokens tokens;

    @Override
    public Map<String, String> getProperties() {
        return TestBank.properties("timebank-cli");
    }

    /** What one run of the CLI printed, and its exit code. */
    record Run(int exit, String out, String err) {
    }

    Run cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine line = Timebank.commandLine();
        line.setOut(new PrintWriter(out));
        line.setErr(new PrintWriter(err));
        int exit = line.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    /** {@code args} with the bank's address and an operator's token. */
    String[] withBank(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--url", server.getURI().toString(), "--token", tokens.operator("cli", 600)));
        return all.toArray(String[]::new);
    }

    @BeforeAll
    void fund() {
        runtime.awaitRunning(Duration.ofSeconds(60));
        for (String account : List.of("cli-alice", "cli-bob")) {
            http.toBlocking().exchange(HttpRequest.POST("/v1/activities", TestBank.activity("fund-" + account, "forum",
                account, Instant.now(), 20, 1, 1)).contentType(MediaType.APPLICATION_JSON)
                .bearerAuth(tokens.operator("cli", 600)), Argument.of(String.class), Argument.of(String.class));
        }
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> cli(withBank("balance", "cli-bob")).exit() == 0);
    }

    @Test
    void everyCommandHasHelpThatNamesItsOptions() {
        Map<String, List<String>> options = Map.of(
            "balance", List.of("--url", "--token", "ACCOUNT"),
            "statement", List.of("--from", "--to", "--csv"),
            "transfer", List.of("--from", "--to", "--amount", "--id"),
            "verify", List.of("--bootstrap-servers", "--topic"),
            "entries", List.of("--after", "--limit"),
            "explain", List.of("--at", "ACCOUNT"),
            "demo", List.of("--members", "--days", "--platforms", "--transfers", "--seed"),
            "load", List.of("--clients", "--duration", "--accounts"),
            "rebuild", List.of("--bootstrap-servers", "--compare-with", "--mean-lifetime", "--keep", "--timeout"),
            "tail", List.of("--bootstrap-servers", "--account", "--last", "--follow", "--dead-letters"));
        options.forEach((command, names) -> {
            Run help = cli(command, "--help");
            assertThat(help.exit()).as(command).isZero();
            assertThat(help.out()).as(command).contains("Usage: timebank " + command).contains(names);
        });
        assertThat(cli("--help").out()).contains("balance", "demo", "entries", "explain", "load", "rebuild", "statement",
            "transfer", "tail", "verify");
    }

    @Test
    void balanceShowsWhatTheApiShows() {
        BigDecimal before = new BigDecimal(json("/v1/accounts/cli-alice").at("/balances/0/available").asText());

        Run balance = cli(withBank("balance", "cli-alice"));

        BigDecimal after = new BigDecimal(json("/v1/accounts/cli-alice").at("/balances/0/available").asText());
        assertThat(balance.exit()).isZero();
        assertThat(balance.out()).contains("cli-alice (forum)");
        String attention = balance.out().lines().filter(line -> line.startsWith("ATTENTION")).findFirst().orElseThrow();
        // The balance decays between the reads: what the CLI printed lies between the API's before and after.
        assertThat(new BigDecimal(attention.split("\\s+")[2])).isBetween(after, before);
    }

    @Test
    void aTransferIsAppliedOnceWhateverTheRetriesAndARefusalIsExplained() {
        Run first = cli(withBank("transfer", "--from", "cli-alice", "--to", "cli-bob", "--amount", "2", "--id", "cli-t-1"));
        Run again = cli(withBank("transfer", "--from", "cli-alice", "--to", "cli-bob", "--amount", "2", "--id", "cli-t-1"));
        Run tooMuch = cli(withBank("transfer", "--from", "cli-alice", "--to", "cli-bob", "--amount", "5000"));

        assertThat(first.exit()).isZero();
        assertThat(first.out()).startsWith("cli-t-1 COMPLETED").contains("TransferDebited");
        assertThat(again.out()).startsWith("cli-t-1 COMPLETED");
        assertThat(tooMuch.exit()).isEqualTo(3);
        assertThat(tooMuch.err()).contains("409").contains("INSUFFICIENT_FUNDS");
        Run statement = cli(withBank("statement", "cli-alice", "--from", Instant.now().minusSeconds(3_600).toString()));
        assertThat(statement.out()).contains("TransferDebited").contains("closing");
        Run csv = cli(withBank("statement", "cli-alice", "--from", Instant.now().minusSeconds(3_600).toString(), "--csv"));
        assertThat(csv.out()).startsWith("asset,row,sequence").contains("ATTENTION,opening").contains("ATTENTION,closing");
    }

    @Test
    void entriesAndExplainShowTheHistoryAndWhereTheBalanceComesFrom() {
        JsonNode explained = json("/v1/accounts/cli-bob/explain");

        Run entries = cli(withBank("entries", "cli-bob", "--limit", "1"));
        Run explain = cli(withBank("explain", "cli-bob", "--at", explained.get("at").asText()));

        assertThat(entries.exit()).isZero();
        assertThat(entries.out()).contains("AccountOpened").contains("more: --after 0");
        assertThat(cli(withBank("entries", "cli-bob", "--after", "0")).out()).contains("Deposited", "20.000000");
        assertThat(explain.exit()).isZero();
        assertThat(explain.out()).contains("Deposited").contains("balance " + explained.get("balance").asText());
    }

    @Test
    void tailPrintsTheLedgersEventsOfAnAccountAndTheDeadLettersWithTheirReasons() {
        assertThat(cli(withBank("transfer", "--from", "cli-alice", "--to", "cli-bob", "--amount", "1", "--id",
            "cli-tail-1")).exit()).isZero();
        runtime.send(runtime.settings().topics().activities(), "cli-x", "{\"eventId\":\"cli-bad\"}".getBytes());

        Run alices = cli("tail", "--bootstrap-servers", runtime.bootstrapServers(), "--account", "cli-alice");
        Run lastOne = cli("tail", "--bootstrap-servers", runtime.bootstrapServers(), "--account", "cli-alice", "--last", "1");

        assertThat(alices.exit()).as(alices.err()).isZero();
        assertThat(alices.out().lines()).hasSizeGreaterThan(2).allSatisfy(line -> assertThat(line).contains(" cli-alice "));
        // 1 sent with its 0.1 % fee
        assertThat(alices.out()).contains("Deposited", "TransferDebited  ATTENTION -1.001000", "commandId=cli-tail-1 ",
            "to=cli-bob");
        assertThat(lastOne.out().lines()).containsExactly(alices.out().lines().toList().getLast());
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
            cli("tail", "--bootstrap-servers", runtime.bootstrapServers(), "--dead-letters").out())
            .contains("stage=invalid", "{\"eventId\":\"cli-bad\"}", "reason=").containsPattern("from=\\S*activities-"));
        assertThat(cli("tail", "--bootstrap-servers", runtime.bootstrapServers(), "--last", "0").exit()).isEqualTo(2);
    }

    @Test
    void demoFillsTheBankWithMembersOfEachPlatformAndTheirTransfers() {
        Run demo = cli(withBank("demo", "--members", "90", "--days", "2", "--transfers", "40", "--prefix", "cli-demo"));

        assertThat(demo.exit()).as(demo.err()).isZero();
        assertThat(demo.out()).contains("members", "90 on forum, video, market").containsPattern(
            "activities\\s+[\\d,]+ accepted, 0 refused").containsPattern("transfers completed\\s+\\d+");
        assertThat(demo.err()).contains("activities", "100%");
        for (String member : List.of("cli-demo-forum-01", "cli-demo-video-02", "cli-demo-market-90")) {
            Awaitility.await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                .until(() -> json("/v1/accounts/" + member).at("/balances/0/entries").asLong() >= 1);
        }
        JsonNode video = json("/v1/accounts/cli-demo-video-02/explain");
        assertThat(video.at("/sources/0/platform").asText()).isEqualTo("video");
    }

    @Test
    void loadRunsClientsForItsDurationAndSummarisesWhatTheBankAnswered() {
        Run load = cli(withBank("load", "--clients", "2", "--duration", "PT3S", "--accounts", "20", "--prefix", "cli-load"));

        assertThat(load.exit()).as(load.err()).isZero();
        assertThat(load.out()).contains("2 clients, 20 accounts").containsPattern("COMPLETED\\s+[\\d,]+")
            .containsPattern("throughput\\s+[\\d,]+ transfers/s").containsPattern("latency\\s+p50 [\\d.]+ ms");
        assertThat(load.err()).contains("load", "answered");
        long completed = Long.parseLong(load.out().lines().filter(line -> line.startsWith("COMPLETED")).findFirst()
            .orElseThrow().replaceAll("\\D", ""));
        // Every transfer the summary counts was booked: the accounts' entries say as much.
        long debited = 0;
        for (int n = 1; n <= 20; n++) {
            debited += json("/v1/accounts/cli-load-" + n + "/entries?limit=500").path("entries").findValuesAsText("type")
                .stream().filter("TransferDebited"::equals).count();
        }
        assertThat(debited).isGreaterThanOrEqualTo(completed).isPositive();
        assertThat(cli(withBank("load", "--clients", "0")).exit()).isEqualTo(2);
    }

    @Test
    void rebuildFoldsTheLedgerTopicIntoAccountsEqualToTheLiveOnesAndCleansUpAfterItself() throws Exception {
        Run rebuild = cli("rebuild", "--bootstrap-servers", runtime.bootstrapServers(), "--compare-with", "timebank-cli",
            "--timeout", "PT90S");
        Run elsewhere = cli("rebuild", "--bootstrap-servers", runtime.bootstrapServers(), "--compare-with", "no-such-bank",
            "--timeout", "PT90S");

        assertThat(rebuild.exit()).as(rebuild.out() + rebuild.err()).isZero();
        assertThat(rebuild.out()).containsPattern("accounts equal\\s+[1-9]").containsPattern("accounts that differ\\s+0")
            .containsPattern("accounts not rebuilt\\s+0");
        assertThat(rebuild.err()).contains("rebuild", "100%");
        assertThat(elsewhere.exit()).isEqualTo(1);
        assertThat(elsewhere.err()).contains("no topic no-such-bank-accounts-changelog");
        try (var admin = org.apache.kafka.clients.admin.Admin.create(Map.of("bootstrap.servers", runtime.bootstrapServers()))) {
            assertThat(admin.listTopics().names().get()).noneMatch(topic -> topic.startsWith("timebank-rebuild-"));
        }
    }

    @Test
    void verifyReportsThatEveryChainHolds() {
        Run verify = cli("verify", "--bootstrap-servers", runtime.bootstrapServers(), "--topic",
            runtime.settings().topics().ledger());
        Run nowhere = cli("verify", "--bootstrap-servers", runtime.bootstrapServers(), "--topic", "no-such-topic");

        assertThat(verify.exit()).as(verify.err()).isZero();
        assertThat(verify.out()).contains("every account's chain holds");
        assertThat(nowhere.exit()).isEqualTo(1);
        assertThat(nowhere.err()).contains("no topic no-such-topic");
    }

    @Test
    void withoutABankOrATokenTheErrorSaysWhatToDo() {
        Run noBank = cli("balance", "cli-alice", "--url", "http://127.0.0.1:1", "--token", "x");
        Run noToken = cli("balance", "cli-alice", "--url", server.getURI().toString(), "--data-directory", "/nonexistent");
        Run badArgument = cli("statement", "cli-alice");

        assertThat(noBank.exit()).isEqualTo(4);
        assertThat(noBank.err()).contains("no bank answers at http://127.0.0.1:1");
        assertThat(noToken.exit()).isEqualTo(1);
        assertThat(noToken.err()).contains("no token: pass --token");
        assertThat(badArgument.exit()).isEqualTo(2);
        assertThat(badArgument.err()).contains("Missing required option: '--from");
    }

    private JsonNode json(String path) {
        return TestBank.parse(http.toBlocking().retrieve(HttpRequest.GET(path).bearerAuth(tokens.operator("cli", 600))));
    }
}
