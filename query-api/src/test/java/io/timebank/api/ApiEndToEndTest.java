package io.timebank.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The product as a client sees it: real HTTP, the real embedded broker, the real topology. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiEndToEndTest implements TestPropertyProvider {

    static final long[] INTERACTION = {4, 5, 3, 2, 5, 4, 3, 1, 2, 4};
    static final long[] ORIGINALITY = {2, 3, 1, 4, 2, 3, 1, 2, 4, 3};
    static final long[] ENGAGEMENT = {4, 3, 5, 2, 3, 5, 2, 4, 3, 4};

    @Inject
    @Client("/")
    HttpClient http;

    @Inject
    LedgerRuntime runtime;

    @Inject
    Tokens tokens;


    @Override
    public Map<String, String> getProperties() {
        return TestBank.properties("timebank-e2e", "timebank.fee-settlement-interval", "1s",
            "timebank.command-timeout", "20s", "timebank.kafka.security.protocol", "PLAINTEXT",
            "timebank.kafka.client.id", "e2e-client", "timebank.platform-caps.farm", "hard, cap=50, interval=10m",
            "timebank.rate-formula", "reserve-ratio", "timebank.rate-interval", "1s", "timebank.rate-samples", "1");
    }

    @Test
    void theSeedsActivitiesGiveTheReferenceBalance() {
        runtime.awaitRunning(Duration.ofSeconds(60));
        Instant start = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofDays(1));
        StringJoiner batch = new StringJoiner(",", "[", "]");
        for (int k = 1; k <= 10; k++) {
            batch.add(TestBank.activity("seed-" + k, "seed", "ref-alice", start.plus(Duration.ofHours(k)),
                INTERACTION[k - 1], ORIGINALITY[k - 1], ENGAGEMENT[k - 1]));
        }

        JsonNode receipt = json(post("/v1/activities", batch.toString()));
        assertThat(receipt.get("accepted").asInt()).isEqualTo(10);
        JsonNode account = awaitAccount("ref-alice", "?at=" + start.plus(Duration.ofHours(10)), 10);

        assertThat(account.at("/balances/0/asset").asText()).isEqualTo("ATTENTION");
        assertThat(account.at("/balances/0/amount").asText()).isEqualTo("271.449881");
        assertThat(account.at("/balances/0/lastEntryAt").asText()).isEqualTo(start.plus(Duration.ofHours(10)).toString());

        JsonNode explain = json(get("/v1/accounts/ref-alice/explain?at=" + start.plus(Duration.ofHours(10))));
        JsonNode contributions = explain.get("contributions");
        assertThat(contributions).hasSize(10);
        long[] scores = {32, 45, 15, 16, 30, 60, 6, 8, 24, 48};
        for (int k = 0; k < 10; k++) {
            JsonNode contribution = contributions.get(k);
            assertThat(contribution.at("/score/score").asText()).isEqualTo(scores[k] + ".000000");
            assertThat(contribution.at("/score/interactionFactor").asText()).isEqualTo(INTERACTION[k] + ".000000");
            double weight = Math.exp(-(10 - (k + 1)) / 100.0);
            assertThat(Double.parseDouble(contribution.get("weight").asText())).isCloseTo(weight,
                org.assertj.core.api.Assertions.within(1e-12));
            assertThat(Double.parseDouble(contribution.get("value").asText())).isCloseTo(scores[k] * weight,
                org.assertj.core.api.Assertions.within(5e-7));
        }
        assertThat(explain.get("balance").asText()).isEqualTo("271.449881");
        assertThat(Double.parseDouble(explain.get("total").asText())).isCloseTo(271.449881,
            org.assertj.core.api.Assertions.within(5e-6));
        assertThat(explain.has("earlier")).isFalse();
    }

    @Test
    void aFarmingMemberIsCappedAndTheExplainViewShowsWhatEachActivityWasCredited() {
        runtime.awaitRunning(Duration.ofSeconds(60));
        Instant start = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(1));
        StringJoiner batch = new StringJoiner(",", "[", "]");
        for (int k = 0; k < 4; k++) {
            // S = 32 each; the farm platform credits a member at most 50 a day.
            batch.add(TestBank.activity("farm-" + k, "farm", "farmer", start.plus(Duration.ofHours(k)), 4, 2, 4));
        }
        batch.add(TestBank.activity("farm-soon", "farm", "farmer", start.plus(Duration.ofMinutes(181)), 4, 2, 4));
        post("/v1/activities", batch.toString());
        Instant end = start.plus(Duration.ofHours(4));
        awaitAccount("farmer", "?at=" + end, 5);

        JsonNode contributions = json(get("/v1/accounts/farmer/explain?at=" + end)).get("contributions");
        assertThat(contributions).extracting(c -> c.at("/score/score").asText()).containsOnly("32.000000");
        assertThat(contributions).extracting(c -> c.at("/score/credited").asText())
            .containsExactly("32.000000", "18.000000", "0.000000", "0.000000", "0.000000");
        assertThat(contributions).extracting(c -> c.at("/score/factor").asText())
            .containsExactly("1.000000", "0.562500", "0.000000", "0.000000", "0.000000");
        assertThat(contributions.get(4).at("/score/spacing").asText()).as("a minute after the last full one, of ten")
            .isEqualTo("0.100000");
        assertThat(contributions).extracting(c -> c.get("amount").asText())
            .containsExactly("32.000000", "18.000000", "0.000000", "0.000000", "0.000000");
        JsonNode entries = json(get("/v1/accounts/farmer/entries?limit=3")).get("entries");
        assertThat(entries.get(2).at("/score/credited").asText()).as("after AccountOpened and the first deposit")
            .isEqualTo("18.000000");
    }

    @Test
    void theRateFloatsWithSupplyAgainstTheReserveAndIsPublishedWithItsInputs() {
        runtime.awaitRunning(Duration.ofSeconds(60));
        JsonNode funded = json(post("/v1/reserve/fundings", "{\"commandId\":\"fund-1\",\"amount\":\"1000\"}"));
        assertThat(funded.get("status").asText()).isEqualTo("COMPLETED");
        assertThat(funded.get("account").asText()).isEqualTo("bank-reserve");
        post("/v1/activities", TestBank.activity("rate-1", "forum", "rate-whale", Instant.now(), 1_000_000, 1, 1));
        awaitAccount("rate-whale", "", 1);

        // Published each second from the partitions' readings of the second before: await one that sees the whale.
        JsonNode current = Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
            .until(() -> json(get("/v1/rates/current")), rate -> rate.has("supply") && rate.get("sequence").asLong() >= 2
                && new BigDecimal(rate.get("supply").asText()).compareTo(new BigDecimal("999000")) > 0);
        assertThat(current.get("reserve").asText()).isEqualTo("1000.000000");
        BigDecimal supply = new BigDecimal(current.get("supply").asText());
        assertThat(new BigDecimal(current.get("target").asText())).as("reserve / (0.5 × supply)")
            .isEqualByComparingTo(new BigDecimal(1000).divide(supply.multiply(new BigDecimal("0.5")), 12, RoundingMode.HALF_EVEN));
        assertThat(new BigDecimal(current.get("rate").asText())).isLessThanOrEqualTo(new BigDecimal(current.get("previous").asText()));
        assertThat(current.get("formula").asText()).startsWith("reserve-ratio");
        assertThat(current.at("/parameters/maxStep").asText()).isEqualTo("0.05");

        JsonNode history = json(get("/v1/rates?from=" + Instant.now().minus(Duration.ofMinutes(10)) + "&limit=1000"));
        assertThat(history.get("rates")).extracting(rate -> rate.get("sequence").asLong()).isSorted()
            .contains(current.get("sequence").asLong());
        JsonNode page = json(get("/v1/rates?from=" + Instant.now().minus(Duration.ofMinutes(10)) + "&limit=1"));
        assertThat(page.get("rates")).hasSize(1);
        assertThat(page.has("nextFrom")).isTrue();

        assertProblem(failure(() -> get("/v1/rates?from=yesterday")), 422, "from");
        assertProblem(failure(() -> get("/v1/rates?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z")), 422, "to");
        assertProblem(failure(() -> get("/v1/rates?limit=0")), 422, "limit");
        HttpClientResponseException memberFunding = failure(() -> http.toBlocking().exchange(
            HttpRequest.POST("/v1/reserve/fundings", "{\"commandId\":\"fund-2\",\"amount\":\"1\"}")
                .contentType(MediaType.APPLICATION_JSON).bearerAuth(tokens.member("rate-whale")), String.class));
        assertThat(memberFunding.code()).as("operators only").isEqualTo(403);
    }

    @Test
    void anAccountsEntriesArePagedInBookingOrder() {
        Instant at = Instant.now().minus(Duration.ofMinutes(30));
        StringJoiner batch = new StringJoiner(",", "[", "]");
        for (int k = 1; k <= 5; k++) {
            batch.add(TestBank.activity("page-" + k, "forum", "p-alice", at.plusSeconds(k), k, 1, 1));
        }
        post("/v1/activities", batch.toString());
        awaitAccount("p-alice", "", 5);

        JsonNode first = json(get("/v1/accounts/p-alice/entries?limit=3"));
        JsonNode second = json(get("/v1/accounts/p-alice/entries?limit=3&after=" + first.get("nextAfter").asLong()));

        assertThat(first.at("/entries/0/type").asText()).isEqualTo("AccountOpened");
        assertThat(first.at("/entries/1/amount").asText()).isEqualTo("1.000000");
        assertThat(first.at("/entries/1/reference").asText()).isEqualTo("forum:page-1");
        assertThat(first.get("nextAfter").asLong()).isEqualTo(2);
        assertThat(second.get("entries")).extracting(entry -> entry.get("amount").asText())
            .containsExactly("3.000000", "4.000000", "5.000000");
        assertThat(second.hasNonNull("nextAfter")).as("a last page has no next").isFalse();
    }

    @Test
    void aBatchOfTransfersIsSentTogetherAndEachIsAnsweredOnItsOwn() {
        fund("b-alice", 100);
        fund("b-bob", 1);

        JsonNode answer = json(post("/v1/transfers/batch", "["
            + "{\"commandId\":\"batch-1\",\"from\":\"b-alice\",\"to\":\"b-bob\",\"amount\":\"10\"},"
            + "{\"commandId\":\"batch-2\",\"from\":\"b-alice\",\"to\":\"b-bob\",\"amount\":\"5000\"},"
            + "{\"commandId\":\"batch-3\",\"from\":\"b-alice\",\"to\":\"b-bob\",\"amount\":\"-1\"},"
            + "{\"commandId\":\"batch-4\",\"from\":\"b-alice\",\"to\":\"b-bob\",\"amount\":\"20\"}]"));
        HttpClientResponseException tooMany = failure(() -> post("/v1/transfers/batch", "[]"));

        JsonNode items = answer.get("transfers");
        assertThat(items).extracting(item -> item.get("status").asInt()).containsExactly(200, 409, 422, 200);
        assertThat(items.get(0).at("/outcome/status").asText()).isEqualTo("COMPLETED");
        assertThat(items.get(1).at("/problem/reason").asText()).isEqualTo("INSUFFICIENT_FUNDS");
        assertThat(items.get(2).at("/problem/errors/0/field").asText()).isEqualTo("amount");
        assertThat(items.get(3).at("/outcome/events/1/amount").asText()).isEqualTo("20.000000");
        assertThat(tooMany.code()).isEqualTo(413);
        assertThat(awaitAccount("b-bob", "", 3).at("/balances/0/amount").asText()).startsWith("30.99");
    }

    @Test
    void aCommandIdBelongsToItsSender() {
        fund("k-alice", 100);
        fund("k-bob", 100);
        fund("k-carol", 1);

        JsonNode alices = json(post("/v1/transfers",
            "{\"commandId\":\"pay-1\",\"from\":\"k-alice\",\"to\":\"k-carol\",\"amount\":\"10\"}"));
        JsonNode bobs = json(post("/v1/transfers",
            "{\"commandId\":\"pay-1\",\"from\":\"k-bob\",\"to\":\"k-carol\",\"amount\":\"25\"}"));
        JsonNode retried = json(post("/v1/transfers",
            "{\"commandId\":\"pay-1\",\"from\":\"k-bob\",\"to\":\"k-carol\",\"amount\":\"25\"}"));
        HttpClientResponseException reused = failure(() -> post("/v1/transfers",
            "{\"commandId\":\"pay-1\",\"from\":\"k-bob\",\"to\":\"k-carol\",\"amount\":\"26\"}"));

        // bob's pay-1 is bob's own transfer, applied, and nothing of alice's shows in its answer.
        assertThat(bobs.get("status").asText()).isEqualTo("COMPLETED");
        assertThat(bobs.get("account").asText()).isEqualTo("k-bob");
        assertThat(bobs.at("/events/0/amount").asText()).isEqualTo("25.000000");
        assertThat(bobs.toString()).doesNotContain("k-alice");
        assertThat(alices.at("/events/0/amount").asText()).isEqualTo("10.000000");
        // The same key and request again answers the first outcome; another request under it is refused.
        assertThat(retried).isEqualTo(bobs);
        assertThat(reused.code()).isEqualTo(409);
        assertThat(problem(reused).get("reason").asText()).isEqualTo("COMMAND_ID_REUSED");
        assertThat(json(get("/v1/accounts/k-bob/commands/pay-1")).at("/events/0/amount").asText()).isEqualTo("25.000000");
        assertThat(json(get("/v1/accounts/k-alice/commands/pay-1")).at("/events/0/amount").asText())
            .isEqualTo("10.000000");
        assertThat(awaitAccount("k-carol", "", 3).at("/balances/0/amount").asText()).startsWith("35.99");
        assertThat(json(get("/v1/accounts/k-bob")).at("/balances/0/amount").asText()).startsWith("74.9");
    }

    @Test
    void aTransferCompletesAndOneBeyondTheBalanceIsRejectedWithItsReason() {
        fund("t-alice", 100);
        fund("t-bob", 1);

        HttpResponse<String> completed = post("/v1/transfers",
            "{\"commandId\":\"e2e-t-1\",\"from\":\"t-alice\",\"to\":\"t-bob\",\"amount\":\"40\"}");
        HttpClientResponseException rejected = failure(() -> post("/v1/transfers",
            "{\"commandId\":\"e2e-t-2\",\"from\":\"t-alice\",\"to\":\"t-bob\",\"amount\":\"60\"}"));

        assertThat(completed.code()).isEqualTo(200);
        JsonNode outcome = json(completed);
        assertThat(outcome.get("status").asText()).isEqualTo("COMPLETED");
        assertThat(outcome.at("/events/0/amount").asText()).isEqualTo("40.000000");
        assertThat(outcome.at("/events/0/fee").asText()).isEqualTo("0.040000");
        assertThat(rejected.code()).isEqualTo(409);
        assertThat(problem(rejected).get("reason").asText()).isEqualTo("INSUFFICIENT_FUNDS");
        assertThat(json(get("/v1/accounts/t-alice/commands/e2e-t-2")).get("status").asText()).isEqualTo("REJECTED");
        assertThat(json(get("/v1/accounts/t-bob")).at("/balances/0/amount").asText()).startsWith("40.99");
    }

    @Test
    void anOperatorOpensACreditLineChangesItAndTheMemberSendsEverythingAvailable() {
        HttpResponse<String> opened = post("/v1/accounts",
            "{\"commandId\":\"e2e-o-1\",\"account\":\"o-alice\",\"platform\":\"forum\",\"creditLimit\":\"10\"}");
        HttpClientResponseException again = failure(() -> post("/v1/accounts",
            "{\"commandId\":\"e2e-o-2\",\"account\":\"o-alice\",\"platform\":\"forum\"}"));

        assertThat(json(opened).get("status").asText()).isEqualTo("COMPLETED");
        assertThat(json(opened).at("/events/0/type").asText()).isEqualTo("AccountOpened");
        assertThat(again.code()).isEqualTo(409);
        assertThat(problem(again).get("reason").asText()).isEqualTo("ACCOUNT_EXISTS");
        JsonNode view = json(get("/v1/accounts/o-alice"));
        assertThat(view.get("creditLimit").asText()).isEqualTo("10.000000");
        // Nothing deposited: a + 0.1 % of a (half-even) ≤ 10 gives 9.99001 (fee 0.00999).
        assertThat(view.at("/balances/0/available").asText()).isEqualTo("9.990010");

        HttpResponse<String> raised = put("/v1/accounts/o-alice/limits", "{\"commandId\":\"e2e-o-3\",\"creditLimit\":\"20\"}");
        assertThat(json(raised).at("/events/0/type").asText()).isEqualTo("CreditLimitChanged");
        assertThat(json(get("/v1/accounts/o-alice")).at("/balances/0/available").asText()).isEqualTo("19.980020");

        fund("o-bob", 1);
        HttpResponse<String> everything = post("/v1/transfers",
            "{\"commandId\":\"e2e-o-4\",\"from\":\"o-alice\",\"to\":\"o-bob\",\"amount\":\"available\"}");
        assertThat(json(everything).get("status").asText()).isEqualTo("COMPLETED");
        assertThat(json(everything).at("/events/0/amount").asText()).isEqualTo("19.980020");
        assertThat(json(everything).at("/events/0/fee").asText()).isEqualTo("0.019980");
        assertThat(json(get("/v1/accounts/o-alice")).at("/balances/0/available").asText()).isEqualTo("0.000000");

        // Lowered below what it owes: set all the same, and nothing more leaves the account.
        assertThat(put("/v1/accounts/o-alice/limits", "{\"commandId\":\"e2e-o-5\",\"creditLimit\":\"5\"}").code())
            .isEqualTo(200);
        assertThat(json(get("/v1/accounts/o-alice")).get("creditLimit").asText()).isEqualTo("5.000000");
        HttpClientResponseException refused = failure(() -> post("/v1/transfers",
            "{\"commandId\":\"e2e-o-6\",\"from\":\"o-alice\",\"to\":\"o-bob\",\"amount\":\"0.5\"}"));
        assertThat(refused.code()).isEqualTo(409);
        assertThat(problem(refused).get("reason").asText()).isEqualTo("INSUFFICIENT_FUNDS");
        // A retry of the "everything" transfer is answered with its first outcome, not sent again.
        assertThat(json(post("/v1/transfers",
            "{\"commandId\":\"e2e-o-4\",\"from\":\"o-alice\",\"to\":\"o-bob\",\"amount\":\"available\"}"))
            .at("/events/0/amount").asText()).isEqualTo("19.980020");
    }

    @Test
    void aStatementAddsUpToTheMicroUnitAsJsonAndAsCsv() throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        post("/v1/activities", "[" + TestBank.activity("st-1", "forum", "st-alice", now.minus(Duration.ofHours(3)), 5, 2, 3)
            + "," + TestBank.activity("st-2", "forum", "st-alice", now.minus(Duration.ofHours(2)), 4, 2, 2) + "]");
        fund("st-bob", 1);
        awaitAccount("st-alice", "", 2);
        post("/v1/transfers", "{\"commandId\":\"e2e-st-1\",\"from\":\"st-alice\",\"to\":\"st-bob\",\"amount\":\"7\","
            + "\"memo\":\"lunch\"}");
        JsonNode after = awaitAccount("st-alice", "", 3);
        Instant from = now.minus(Duration.ofMinutes(150));
        Instant to = Instant.parse(after.at("/balances/0/lastEntryAt").asText()).plusSeconds(60);

        JsonNode statement = json(get("/v1/accounts/st-alice/statement?from=" + from + "&to=" + to));

        assertThat(statement.get("provisional").asBoolean()).as("activities may still arrive late").isTrue();
        assertThat(statement.get("chainHead").asText()).matches("[0-9a-f]{64}");
        assertThat(json(get("/v1/accounts/st-alice/statement?from=" + now.minus(Duration.ofDays(12)) + "&to="
            + now.minus(Duration.ofDays(8)))).get("provisional").asBoolean()).isFalse();
        HttpResponse<String> jsonAsked = http.toBlocking().exchange(HttpRequest.GET("/v1/accounts/st-alice/statement?from="
            + from + "&format=json").accept("text/csv").bearerAuth(operator()), Argument.of(String.class),
            Argument.of(String.class));
        assertThat(jsonAsked.getContentType().orElseThrow().toString()).startsWith("application/json");
        JsonNode attention = statement.at("/assets/0");
        assertThat(attention.get("asset").asText()).isEqualTo("ATTENTION");
        assertThat(attention.get("lines")).hasSize(2);
        assertThat(attention.at("/lines/0/type").asText()).isEqualTo("Deposited");
        assertThat(attention.at("/lines/1/type").asText()).isEqualTo("TransferDebited");
        assertThat(attention.at("/lines/1/amount").asText()).isEqualTo("-7.007000"); // with its fee
        assertThat(attention.at("/lines/1/counterparty").asText()).isEqualTo("st-bob");
        assertThat(attention.at("/lines/1/memo").asText()).isEqualTo("lunch");
        BigDecimal opening = new BigDecimal(attention.get("opening").asText());
        BigDecimal closing = new BigDecimal(attention.get("closing").asText());
        assertThat(opening.add(new BigDecimal(attention.get("totalIn").asText()))
            .subtract(new BigDecimal(attention.get("totalOut").asText()))
            .subtract(new BigDecimal(attention.get("decay").asText()))).isEqualByComparingTo(closing);
        assertThat(opening).isGreaterThan(BigDecimal.ZERO); // the first deposit, 30 minutes decayed
        assertThat(closing.toPlainString()).isEqualTo(json(get("/v1/accounts/st-alice?at=" + to))
            .at("/balances/0/amount").asText());
        assertThat(new BigDecimal(attention.get("decay").asText())).isPositive();

        HttpResponse<String> csv = http.toBlocking().exchange(HttpRequest.GET("/v1/accounts/st-alice/statement?from="
            + from + "&to=" + to).accept("text/csv").bearerAuth(operator()), Argument.of(String.class), Argument.of(String.class));
        assertThat(csv.getContentType().orElseThrow().toString()).startsWith("text/csv");
        assertThat(csv.header("Content-Disposition")).startsWith("attachment; filename=\"statement-st-alice-");
        List<Map<String, String>> rows = new com.fasterxml.jackson.dataformat.csv.CsvMapper()
            .readerFor(Map.class).with(com.fasterxml.jackson.dataformat.csv.CsvSchema.emptySchema().withHeader())
            .<Map<String, String>>readValues(csv.body()).readAll();
        List<Map<String, String>> attentionRows = rows.stream().filter(row -> row.get("asset").equals("ATTENTION")).toList();
        assertThat(attentionRows).extracting(row -> row.get("row"))
            .containsExactly("opening", "entry", "entry", "decay", "closing");
        BigDecimal sum = attentionRows.subList(0, 4).stream().map(row -> new BigDecimal(row.get("amount")))
            .reduce(BigDecimal.ZERO, BigDecimal::add);
        assertThat(sum).isEqualByComparingTo(new BigDecimal(attentionRows.get(4).get("amount")));
        assertThat(attentionRows.get(2).get("memo")).isEqualTo("lunch");
    }

    @Test
    void aTransfersMetadataIsShownOnBothSidesAndFiltersAStatement() {
        Instant from = Instant.now().truncatedTo(ChronoUnit.MILLIS).minusSeconds(60);
        fund("md-alice", 50);
        fund("md-bob", 1);
        post("/v1/transfers", "{\"commandId\":\"e2e-md-1\",\"from\":\"md-alice\",\"to\":\"md-bob\",\"amount\":\"3\","
            + "\"metadata\":{\"category\":{\"type\":\"text\",\"value\":\"rent\"},"
            + "\"total\":{\"type\":\"decimal\",\"value\":\"12.50\"}}}");
        post("/v1/transfers", "{\"commandId\":\"e2e-md-2\",\"from\":\"md-alice\",\"to\":\"md-bob\",\"amount\":\"2\","
            + "\"metadata\":{\"category\":{\"type\":\"text\",\"value\":\"food\"}}}");
        awaitAccount("md-bob", "", 3);

        JsonNode received = json(get("/v1/accounts/md-bob/entries")).get("entries");
        JsonNode rentCredit = received.get(received.size() - 2);
        assertThat(rentCredit.get("type").asText()).isEqualTo("TransferCredited");
        assertThat(rentCredit.at("/metadata/category/value").asText()).isEqualTo("rent");
        assertThat(rentCredit.at("/metadata/total/value").asText()).isEqualTo("12.5"); // canonical
        assertThat(rentCredit.at("/metadata/total/type").asText()).isEqualTo("decimal");

        JsonNode rent = json(get("/v1/accounts/md-alice/statement?from=" + from + "&metadata.category=rent"));
        assertThat(rent.get("filter").asText()).isEqualTo("category=rent");
        assertThat(rent.at("/assets/0/lines")).hasSize(1);
        assertThat(rent.at("/assets/0/lines/0/reference").asText()).isEqualTo("e2e-md-1");
        assertThat(rent.at("/assets/0/totalOut").asText()).isEqualTo("3.003000");
        assertThat(json(get("/v1/accounts/md-alice/statement?from=" + from + "&metadata.total=12.5"))
            .at("/assets/0/lines")).hasSize(1);
    }

    @Test
    void aPendingTransferIsReservedThenPostedOrVoidedExactlyOnce() {
        fund("tp-alice", 50);
        fund("tp-bob", 1);
        JsonNode before = awaitAccount("tp-alice", "", 1);

        HttpResponse<String> reserved = post("/v1/transfers", "{\"commandId\":\"tp-1\",\"from\":\"tp-alice\","
            + "\"to\":\"tp-bob\",\"amount\":\"10\",\"pending\":true,\"timeout\":\"PT1H\"}");
        assertThat(json(reserved).at("/events/0/type").asText()).isEqualTo("TransferReserved");
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> json(get("/v1/accounts/tp-bob")).has("incoming"));
        JsonNode sender = json(get("/v1/accounts/tp-alice"));
        assertThat(sender.at("/pending/0/transfer").asText()).isEqualTo("tp-1");
        assertThat(sender.at("/pending/0/fee").asText()).isEqualTo("0.010000");
        assertThat(new BigDecimal(sender.at("/balances/0/available").asText()))
            .isLessThan(new BigDecimal(before.at("/balances/0/available").asText()).subtract(BigDecimal.TEN));
        assertThat(json(get("/v1/accounts/tp-bob")).at("/incoming/0/amount").asText()).isEqualTo("10.000000");

        HttpResponse<String> posted = post("/v1/accounts/tp-alice/transfers/tp-1/posting", "{}");
        assertThat(json(posted).get("status").asText()).isEqualTo("COMPLETED");
        assertThat(json(posted).get("commandId").asText()).isEqualTo("tp-1::post");
        assertThat(json(post("/v1/accounts/tp-alice/transfers/tp-1/posting", "{}")).get("commandId").asText())
            .as("a retry answers the first posting").isEqualTo("tp-1::post");
        HttpClientResponseException late = failure(() -> post("/v1/accounts/tp-alice/transfers/tp-1/voiding", "{}"));
        assertThat(late.code()).isEqualTo(409);
        assertThat(problem(late).get("reason").asText()).isEqualTo("NOT_PENDING");
        JsonNode bob = awaitAccount("tp-bob", "", 2);
        assertThat(bob.has("incoming")).isFalse();
        assertThat(new BigDecimal(bob.at("/balances/0/amount").asText())).isGreaterThan(BigDecimal.TEN);

        post("/v1/transfers", "{\"commandId\":\"tp-2\",\"from\":\"tp-alice\",\"to\":\"tp-bob\",\"amount\":\"5\","
            + "\"pending\":true}");
        HttpResponse<String> voided = post("/v1/accounts/tp-alice/transfers/tp-2/voiding", "{}");
        assertThat(json(voided).at("/events/0/type").asText()).isEqualTo("TransferVoided");
        assertThat(json(voided).at("/events/0/reason").asText()).isEqualTo("VOIDED");
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> !json(get("/v1/accounts/tp-bob")).has("incoming"));
        assertThat(json(get("/v1/accounts/tp-alice")).has("pending")).isFalse();
    }

    @Test
    void aMultiLegTransferCreditsEveryLegOrNone() {
        fund("l-alice", 100);
        fund("l-bob", 1);
        fund("l-carol", 1);

        HttpResponse<String> completed = post("/v1/transfers", "{\"commandId\":\"e2e-l-1\",\"from\":\"l-alice\","
            + "\"legs\":[{\"to\":\"l-bob\",\"amount\":\"10\",\"memo\":\"rent\"},{\"to\":\"l-carol\",\"amount\":\"20\"}]}");
        HttpClientResponseException refunded = failure(() -> post("/v1/transfers", "{\"commandId\":\"e2e-l-2\","
            + "\"from\":\"l-alice\",\"legs\":[{\"to\":\"l-bob\",\"amount\":\"5\"},{\"to\":\"l-nobody\",\"amount\":\"5\"}]}"));
        HttpClientResponseException invalid = failure(() -> post("/v1/transfers", "{\"commandId\":\"e2e-l-3\","
            + "\"from\":\"l-alice\",\"legs\":[{\"to\":\"l-bob\",\"amount\":\"5\"},{\"to\":\"l-bob\",\"amount\":\"1\"}]}"));

        assertThat(completed.code()).isEqualTo(200);
        JsonNode outcome = json(completed);
        assertThat(outcome.get("status").asText()).isEqualTo("COMPLETED");
        assertThat(outcome.at("/events/0/type").asText()).isEqualTo("LegsDebited");
        assertThat(outcome.at("/events/0/amount").asText()).isEqualTo("30.000000");
        assertThat(outcome.at("/events/0/fee").asText()).isEqualTo("0.030000");
        assertThat(json(get("/v1/accounts/l-bob")).at("/balances/0/amount").asText()).startsWith("10.99");
        assertThat(json(get("/v1/accounts/l-carol")).at("/balances/0/amount").asText()).startsWith("20.99");
        assertThat(problem(refunded).get("reason").asText()).isEqualTo("UNKNOWN_ACCOUNT");
        assertThat(problem(refunded).get("detail").asText()).startsWith("leg to l-nobody: no such account");
        assertThat(json(get("/v1/accounts/l-bob")).at("/balances/0/amount").asText()).startsWith("10.99"); // 5 not credited
        assertProblem(invalid, 422, "legs[1].to");
    }

    @Test
    void aStandingOrderPaysAtItsDueTimeIsListedAndCanBeCancelled() {
        fund("s-alice", 100);
        fund("s-bob", 1);
        Instant first = Instant.now().plusSeconds(2);
        String order = "{\"commandId\":\"e2e-rent\",\"from\":\"s-alice\",\"to\":\"s-bob\",\"amount\":\"10\","
            + "\"memo\":\"rent\",\"first\":\"" + first + "\",\"interval\":\"PT1M\",\"count\":3}";

        HttpResponse<String> placed = post("/v1/standing-orders", order);
        HttpClientResponseException tooOften = failure(() -> post("/v1/standing-orders",
            order.replace("e2e-rent", "e2e-often").replace("PT1M", "PT10S")));
        HttpClientResponseException past = failure(() -> post("/v1/standing-orders",
            order.replace("e2e-rent", "e2e-past").replace(first.toString(), first.minus(Duration.ofHours(1)).toString())));

        assertThat(placed.code()).isEqualTo(200);
        assertThat(json(placed).at("/events/0/type").asText()).isEqualTo("StandingOrderPlaced");
        assertProblem(tooOften, 422, "interval");
        assertProblem(past, 422, "first");
        // The scheduler runs the first occurrence at its due time: an ordinary transfer, e2e-rent::1.
        JsonNode occurrence = Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
            .ignoreExceptions().until(() -> json(get("/v1/accounts/s-alice/commands/e2e-rent::1")),
                outcome -> outcome.get("status").asText().equals("COMPLETED"));
        assertThat(occurrence.at("/events/0/type").asText()).isEqualTo("TransferDebited");
        assertThat(occurrence.at("/events/0/at").asText()).isEqualTo(first.truncatedTo(ChronoUnit.MILLIS).toString());
        assertThat(occurrence.at("/events/0/amount").asText()).isEqualTo("10.000000");
        JsonNode listed = json(get("/v1/accounts/s-alice/standing-orders"));
        assertThat(listed.at("/orders/0/id").asText()).isEqualTo("e2e-rent");
        assertThat(listed.at("/orders/0/next").asLong()).isEqualTo(2);
        assertThat(listed.at("/orders/0/nextDue").asText())
            .isEqualTo(first.truncatedTo(ChronoUnit.MILLIS).plus(Duration.ofMinutes(1)).toString());

        // An order to several receivers: each occurrence a multi-leg transfer, all legs or none.
        assertThat(post("/v1/standing-orders", "{\"commandId\":\"e2e-split\",\"from\":\"s-alice\",\"legs\":["
            + "{\"to\":\"s-bob\",\"amount\":\"1\",\"memo\":\"rent\"},{\"to\":\"s-carol\",\"amount\":\"2\"}],"
            + "\"first\":\"" + first.plus(Duration.ofDays(1)) + "\",\"interval\":\"P1M\"}").code()).isEqualTo(200);
        JsonNode split = json(get("/v1/accounts/s-alice/standing-orders")).get("orders").get(1);
        assertThat(split.get("id").asText()).isEqualTo("e2e-split");
        assertThat(split.get("amount").asText()).isEqualTo("3.000000");
        assertThat(split.at("/legs/1/to").asText()).isEqualTo("s-carol");
        assertThat(split.has("to")).isFalse();
        assertThat(delete("/v1/accounts/s-alice/standing-orders/e2e-split").code()).isEqualTo(200);

        HttpResponse<String> cancelled = delete("/v1/accounts/s-alice/standing-orders/e2e-rent");
        HttpResponse<String> again = delete("/v1/accounts/s-alice/standing-orders/e2e-rent");
        HttpClientResponseException unknown = failure(() -> delete("/v1/accounts/s-alice/standing-orders/e2e-none"));

        assertThat(json(cancelled).get("status").asText()).isEqualTo("COMPLETED");
        assertThat(json(again)).as("a retried cancellation answers the first").isEqualTo(json(cancelled));
        assertThat(problem(unknown).get("reason").asText()).isEqualTo("UNKNOWN_ORDER");
        assertThat(json(get("/v1/accounts/s-alice/standing-orders")).get("orders")).isEmpty();
    }

    @Test
    void membersContributeToAFundAndSeeThePayoutsComingToThem() {
        fund("f-alice", 100);
        fund("f-bob", 1);
        Instant first = Instant.now().plus(Duration.ofHours(1)).truncatedTo(ChronoUnit.MILLIS);

        HttpResponse<String> contributed = post("/v1/transfers",
            "{\"commandId\":\"e2e-give\",\"from\":\"f-alice\",\"to\":\"bank-payouts\",\"amount\":\"20\"}");
        HttpResponse<String> planned = post("/v1/payouts", "{\"commandId\":\"e2e-payout\",\"fund\":\"bank-payouts\","
            + "\"shares\":[{\"to\":\"f-bob\",\"weight\":1},{\"to\":\"f-alice\",\"weight\":3}],\"portion\":\"0.5\","
            + "\"first\":\"" + first + "\",\"interval\":\"P1M\"}");
        HttpClientResponseException takenOut = failure(() -> post("/v1/transfers",
            "{\"commandId\":\"e2e-take\",\"from\":\"bank-payouts\",\"to\":\"f-alice\",\"amount\":\"1\"}"));
        HttpClientResponseException noPortion = failure(() -> post("/v1/payouts", "{\"commandId\":\"e2e-p2\","
            + "\"fund\":\"bank-payouts\",\"shares\":[{\"to\":\"f-bob\",\"weight\":1}],\"first\":\"" + first
            + "\",\"interval\":\"P1M\"}"));

        assertThat(json(contributed).get("status").asText()).isEqualTo("COMPLETED");
        assertThat(json(planned).get("status").asText()).isEqualTo("COMPLETED");
        assertThat(problem(takenOut).get("reason").asText()).isEqualTo("RESERVED_ACCOUNT");
        assertProblem(noPortion, 422, "portion");
        JsonNode coming = json(get("/v1/accounts/f-bob/payouts"));
        assertThat(coming.at("/payouts/0/plan").asText()).isEqualTo("e2e-payout");
        assertThat(coming.at("/payouts/0/fund").asText()).isEqualTo("bank-payouts");
        assertThat(coming.at("/payouts/0/nextDue").asText()).isEqualTo(first.toString());
        assertThat(coming.at("/payouts/0/weight").asLong()).isEqualTo(1);
        assertThat(coming.at("/payouts/0/totalWeight").asLong()).isEqualTo(4);
        assertThat(coming.at("/payouts/0/portion").asText()).isEqualTo("0.500000");
        assertThat(json(get("/v1/accounts/f-nobody-here/payouts")).get("payouts")).isEmpty();
    }

    @Test
    void aPayoutPlanPaysItsMembersTheirSharesOfTheFundAtItsDueTime() {
        fund("g-alice", 100);
        fund("g-bob", 1);
        fund("g-carol", 1);
        post("/v1/transfers", "{\"commandId\":\"e2e-g-give\",\"from\":\"g-alice\",\"to\":\"bank-payouts\","
            + "\"amount\":\"40\"}");
        Instant first = Instant.now().plusSeconds(2).truncatedTo(ChronoUnit.MILLIS);

        post("/v1/payouts", "{\"commandId\":\"e2e-g-plan\",\"fund\":\"bank-payouts\",\"legs\":["
            + "{\"to\":\"g-bob\",\"amount\":\"1\"},{\"to\":\"g-carol\",\"amount\":\"3\"}],\"first\":\"" + first
            + "\",\"interval\":\"P1M\",\"count\":1}");

        // The fund pays by its plan alone: one multi-leg transfer out of it, every member or none.
        JsonNode paid = Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
            .ignoreExceptions().until(() -> json(get("/v1/accounts/bank-payouts/commands/e2e-g-plan::1")),
                outcome -> outcome.get("status").asText().equals("COMPLETED"));
        assertThat(paid.at("/events/0/type").asText()).isEqualTo("LegsDebited");
        assertThat(paid.at("/events/0/amount").asText()).isEqualTo("4.000000");
        assertThat(Double.parseDouble(json(get("/v1/accounts/g-carol")).at("/balances/0/amount").asText()))
            .isBetween(3.99, 4.0);
        assertThat(json(get("/v1/accounts/g-carol/payouts")).get("payouts")).as("the plan is done").isEmpty();
    }

    @Test
    void aTermDepositIsShownWithItsValuesAndComesBackWhenWithdrawn() {
        fund("d-alice", 100);

        HttpResponse<String> opened = post("/v1/term-deposits",
            "{\"commandId\":\"e2e-save\",\"account\":\"d-alice\",\"amount\":\"60\",\"term\":\"P30D\"}");
        HttpClientResponseException unknown = failure(() -> post("/v1/term-deposits",
            "{\"commandId\":\"e2e-save2\",\"account\":\"d-alice\",\"amount\":\"1\",\"term\":\"P7D\"}"));

        assertThat(json(opened).at("/events/0/type").asText()).isEqualTo("TermDepositOpened");
        assertProblem(unknown, 422, "term");
        JsonNode account = json(get("/v1/accounts/d-alice"));
        assertThat(Double.parseDouble(account.at("/balances/0/amount").asText())).isBetween(39.9, 40.0);
        JsonNode deposit = account.at("/termDeposits/0");
        assertThat(deposit.get("id").asText()).isEqualTo("e2e-save");
        assertThat(deposit.get("principal").asText()).isEqualTo("60.000000");
        assertThat(Double.parseDouble(deposit.get("valueAtMaturity").asText()))
            .isCloseTo(60 * Math.exp(-30 * 24 / 200.0), org.assertj.core.data.Offset.offset(0.000002));
        assertThat(Double.parseDouble(deposit.get("withdrawalNow").asText()))
            .isLessThanOrEqualTo(Double.parseDouble(deposit.get("valueNow").asText()));
        // The explain view shows the locked deposits beside the balance they left.
        assertThat(json(get("/v1/accounts/d-alice/explain")).at("/termDeposits/0/valueAtMaturity").asText())
            .isEqualTo(deposit.get("valueAtMaturity").asText());

        HttpResponse<String> withdrawn = post("/v1/accounts/d-alice/term-deposits/e2e-save/withdrawal", "");
        HttpResponse<String> again = post("/v1/accounts/d-alice/term-deposits/e2e-save/withdrawal", "");

        assertThat(json(withdrawn).at("/events/0/type").asText()).isEqualTo("TermDepositReturned");
        assertThat(json(again)).as("a retried withdrawal answers the first").isEqualTo(json(withdrawn));
        JsonNode after = json(get("/v1/accounts/d-alice"));
        assertThat(Double.parseDouble(after.at("/balances/0/amount").asText())).isBetween(99.9, 100.0);
        assertThat(after.has("termDeposits") && !after.get("termDeposits").isNull()).isFalse();
    }

    @Test
    void aLoanIsDisbursedItsInstallmentCollectedAtItsDueTimeAndTheRestPaidOff() {
        fund("n-alice", 100);
        fund("n-bob", 1);
        Instant first = Instant.now().plusSeconds(2).truncatedTo(ChronoUnit.MILLIS);
        String loan = "{\"commandId\":\"e2e-loan\",\"lender\":\"n-alice\",\"borrower\":\"n-bob\",\"amount\":\"30\","
            + "\"rate\":\"0.01\",\"count\":2,\"interval\":\"PT1M\",\"first\":\"" + first + "\"}";

        HttpResponse<String> granted = post("/v1/loans", loan);
        HttpClientResponseException usurious = failure(() -> post("/v1/loans",
            loan.replace("e2e-loan", "e2e-loan2").replace("0.01", "1.5")));

        assertThat(json(granted).get("status").asText()).isEqualTo("COMPLETED");
        assertThat(json(granted).at("/events/0/type").asText()).isEqualTo("LoanGranted");
        assertProblem(usurious, 422, "rate");
        JsonNode owed = json(get("/v1/accounts/n-bob/loans/e2e-loan"));
        assertThat(json(get("/v1/loans/e2e-loan?lender=n-alice"))).as("by its id and its lender").isEqualTo(owed);
        assertThat(json(get("/v1/loans/e2e-loan?borrower=n-bob"))).isEqualTo(owed);
        assertProblem(failure(() -> get("/v1/loans/e2e-loan")), 422, "borrower");
        assertThat(owed.get("lender").asText()).isEqualTo("n-alice");
        assertThat(owed.at("/installments/0/amount").asText()).isEqualTo("15.300000");
        assertThat(owed.at("/installments/1/amount").asText()).isEqualTo("15.150000");
        assertThat(owed.get("payoff").asText()).as("the principal and the first period's interest").isEqualTo("30.300000");

        // The bank collects the first installment by itself at its due time, for the lender.
        JsonNode collected = Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
            .ignoreExceptions().until(() -> json(get("/v1/accounts/n-bob/commands/e2e-loan::1")),
                outcome -> outcome.get("status").asText().equals("COMPLETED"));
        assertThat(collected.at("/events/0/type").asText()).isEqualTo("LoanPaid");
        assertThat(collected.at("/events/0/amount").asText()).isEqualTo("15.300000");
        JsonNode after = json(get("/v1/accounts/n-bob/loans")).at("/loans/0");
        assertThat(after.get("principalPaid").asText()).isEqualTo("15.000000");
        assertThat(after.get("arrears").asText()).isEqualTo("0.000000");

        HttpResponse<String> paidOff = post("/v1/accounts/n-bob/loans/e2e-loan/repayment", "{\"commandId\":\"e2e-payoff\"}");

        assertThat(json(paidOff).get("status").asText()).isEqualTo("COMPLETED");
        assertThat(json(paidOff).at("/events/0/amount").asText()).isEqualTo("15.150000");
        assertThat(json(get("/v1/accounts/n-bob/loans")).get("loans")).as("settled").isEmpty();
        assertThat(failure(() -> get("/v1/accounts/n-bob/loans/e2e-loan")).code()).isEqualTo(404);
        // The lender has its 30 back with 0.45 of interest, less a few seconds' decay.
        assertThat(Double.parseDouble(json(get("/v1/accounts/n-alice")).at("/balances/0/amount").asText()))
            .isBetween(100.3, 100.45);
    }

    @Test
    void aCollectionTakesEveryPayersLegUnderItsMandateOrNone() {
        fund("c-club", 1);
        fund("c-ann", 100);
        fund("c-ben", 100);
        post("/v1/mandates", "{\"commandId\":\"e2e-m-ann\",\"payer\":\"c-ann\",\"collector\":\"c-club\",\"max\":\"50\"}");
        HttpResponse<String> mandate = post("/v1/mandates",
            "{\"commandId\":\"e2e-m-ben\",\"payer\":\"c-ben\",\"collector\":\"c-club\",\"max\":\"50\"}");
        String dues = "{\"commandId\":\"e2e-dues\",\"to\":\"c-club\",\"legs\":[{\"from\":\"c-ann\",\"amount\":\"10\","
            + "\"memo\":\"dues\"},{\"from\":\"c-ben\",\"amount\":\"20\"}]}";

        HttpResponse<String> collected = post("/v1/collections", dues);
        HttpClientResponseException beyond = failure(() -> post("/v1/collections", dues.replace("e2e-dues", "e2e-dues2")
            .replace("\"20\"", "\"60\"")));
        HttpClientResponseException twice = failure(() -> post("/v1/collections", dues.replace("e2e-dues", "e2e-dues3")
            .replace("c-ben", "c-ann")));

        assertThat(json(mandate).get("status").asText()).isEqualTo("COMPLETED");
        assertThat(json(get("/v1/accounts/c-ben")).at("/mandates/0/collector").asText()).isEqualTo("c-club");
        assertThat(json(collected).get("status").asText()).isEqualTo("COMPLETED");
        assertThat(json(collected).at("/events/0/type").asText()).isEqualTo("CollectionOpened");
        assertThat(Double.parseDouble(json(get("/v1/accounts/c-club")).at("/balances/0/amount").asText()))
            .as("30 less the collector's fees of 0.1 % a leg").isBetween(30.9, 30.97);
        assertThat(Double.parseDouble(json(get("/v1/accounts/c-ben")).at("/balances/0/amount").asText()))
            .as("20, no fee").isBetween(79.99, 80.0);
        assertThat(beyond.code()).isEqualTo(409);
        assertThat(problem(beyond).get("reason").asText()).isEqualTo("UNKNOWN_MANDATE");
        assertThat(problem(beyond).get("detail").asText()).startsWith("leg from c-ben: no mandate to c-club");
        assertThat(Double.parseDouble(json(get("/v1/accounts/c-club")).at("/balances/0/amount").asText()))
            .as("nothing of the refunded collection").isBetween(30.9, 30.97);
        assertProblem(twice, 422, "legs[1].from");

        HttpResponse<String> revoked = post("/v1/accounts/c-ben/mandates/c-club/revocation",
            "{\"commandId\":\"e2e-stop\"}");
        assertThat(json(revoked).get("status").asText()).isEqualTo("COMPLETED");
        assertThat(json(get("/v1/accounts/c-ben")).has("mandates")).isFalse();
    }

    @Test
    void aRetriedCommandIdIsAnsweredWithTheFirstOutcomeAndAppliedOnce() {
        fund("r-alice", 100);
        fund("r-bob", 1);
        String transfer = "{\"commandId\":\"e2e-r-1\",\"from\":\"r-alice\",\"to\":\"r-bob\",\"amount\":\"10\"}";

        JsonNode first = json(post("/v1/transfers", transfer));
        JsonNode retried = json(post("/v1/transfers", transfer));
        HttpClientResponseException other = failure(() -> post("/v1/transfers",
            "{\"commandId\":\"e2e-r-1\",\"from\":\"r-alice\",\"to\":\"r-bob\",\"amount\":\"50\"}"));

        assertThat(retried).isEqualTo(first);
        assertThat(problem(other).get("reason").asText()).isEqualTo("COMMAND_ID_REUSED");
        String alice = json(get("/v1/accounts/r-alice")).at("/balances/0/amount").asText();
        assertThat(Double.parseDouble(alice)).isBetween(89.98, 89.99); // 100 − 10.01, decayed a few seconds
    }

    @Test
    void anExchangeConvertsAttentionIntoTheStableAsset() {
        fund("x-alice", 50);

        JsonNode outcome = json(post("/v1/exchanges", "{\"commandId\":\"e2e-x-1\",\"account\":\"x-alice\",\"amount\":\"20\"}"));
        HttpClientResponseException tooMuch = failure(() -> post("/v1/exchanges",
            "{\"commandId\":\"e2e-x-2\",\"account\":\"x-alice\",\"amount\":\"31\"}"));

        assertThat(outcome.get("status").asText()).isEqualTo("COMPLETED");
        BigDecimal rate = new BigDecimal(outcome.at("/events/0/rate").asText());
        JsonNode account = json(get("/v1/accounts/x-alice"));
        assertThat(account.at("/balances/1/asset").asText()).isEqualTo("STABLE");
        assertThat(account.at("/balances/1/amount").asText()).as("20 at the rate the exchange was booked at")
            .isEqualTo(new BigDecimal(20).multiply(rate).setScale(6, RoundingMode.FLOOR).toPlainString())
            .isEqualTo(outcome.at("/events/0/stable").asText());
        assertThat(tooMuch.code()).isEqualTo(409);
        assertThat(problem(tooMuch).get("reason").asText()).isEqualTo("INSUFFICIENT_FUNDS");
    }

    @Test
    void badRequestsAreAnsweredWithProblemsNamingTheField() {
        HttpClientResponseException tooManyPlaces = failure(() -> post("/v1/transfers",
            "{\"commandId\":\"e2e-b-1\",\"from\":\"a\",\"to\":\"b\",\"amount\":\"1.0000001\"}"));
        HttpClientResponseException sameAccount = failure(() -> post("/v1/transfers",
            "{\"commandId\":\"e2e-b-2\",\"from\":\"a\",\"to\":\"a\",\"amount\":\"1\"}"));
        HttpClientResponseException futureActivity = failure(() -> post("/v1/activities",
            TestBank.activity("e2e-b-3", "forum", "x", Instant.now().plus(Duration.ofHours(1)), 1, 1, 1)));
        HttpClientResponseException malformed = failure(() -> post("/v1/transfers", "{\"commandId\":"));
        HttpClientResponseException badInstant = failure(() -> get("/v1/accounts/a?at=yesterday"));
        HttpClientResponseException unknown = failure(() -> get("/v1/accounts/nobody-at-all"));

        assertProblem(tooManyPlaces, 422, "amount");
        assertProblem(sameAccount, 422, "to");
        assertProblem(futureActivity, 422, "occurredAt");
        assertThat(malformed.code()).isEqualTo(400);
        assertThat(malformed.getResponse().getContentType().orElseThrow().toString()).isEqualTo(Problem.MEDIA_TYPE);
        assertProblem(badInstant, 422, "at");
        assertThat(unknown.code()).isEqualTo(404);
        assertThat(problem(unknown).get("detail").asText()).isEqualTo("no account nobody-at-all");
    }

    @Test
    void aBatchAnswersWhatItAcceptedAndNamesWhatItDidNot() {
        Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        String batch = "[" + TestBank.activity("e2e-m-1", "forum", "m-1", at, 1, 2, 3) + ","
            + "{\"eventId\":\"e2e-m-2\",\"platform\":\"forum\",\"account\":\"m 2\",\"occurredAt\":\"" + at
            + "\",\"measures\":{\"interaction\":-1,\"originality\":1,\"engagement\":1}}]";

        JsonNode receipt = json(post("/v1/activities", batch));

        assertThat(receipt.get("accepted").asInt()).isEqualTo(1);
        assertThat(receipt.at("/rejected/0/index").asInt()).isEqualTo(1);
        assertThat(receipt.at("/rejected/0/errors/0/field").asText()).isEqualTo("account");
        assertThat(receipt.at("/rejected/0/errors/1/field").asText()).isEqualTo("measures.interaction");
        assertThat(awaitAccount("m-1", "?at=" + at, 1).at("/balances/0/amount").asText()).isEqualTo("6.000000");
    }

    @Test
    void kafkaClientSettingsReachTheClientsFlat() throws Exception {
        // How TLS/SASL settings for a real cluster get in: timebank.kafka.* as flat client properties. Seen
        // from the clients themselves: Kafka Streams' consumers and producers, and the API's own producer.
        runtime.awaitRunning(Duration.ofSeconds(60));
        assertThat(runtime.streams().metrics().keySet()).extracting(name -> name.tags().get("client-id"))
            .filteredOn(java.util.Objects::nonNull)
            .anySatisfy(client -> assertThat(client).startsWith("e2e-client-StreamThread-").endsWith("-consumer"))
            .anySatisfy(client -> assertThat(client).startsWith("e2e-client-StreamThread-").endsWith("-producer"));
        assertThat(java.lang.management.ManagementFactory.getPlatformMBeanServer().queryNames(
            new javax.management.ObjectName("kafka.producer:type=producer-metrics,client-id=e2e-client"), null))
            .as("the API's producer").hasSize(1);
    }

    @Test
    void healthAndTheOpenApiDocumentNeedNoCredentials() {
        runtime.awaitRunning(Duration.ofSeconds(60));

        assertThat(json(anonymous("/health")).at("/details/ledger/details/streams").asText()).isEqualTo("RUNNING");
        assertThat(anonymous("/openapi/timebank-v1.yml").body()).contains("/v1/transfers").contains("/v1/accounts/{account}");
    }

    private void fund(String account, long units) {
        post("/v1/activities", TestBank.activity("fund-" + account, "forum", account, Instant.now(), units, 1, 1));
        awaitAccount(account, "", 1);
    }

    private JsonNode awaitAccount(String account, String query, int entries) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                JsonNode view = json(get("/v1/accounts/" + account + query));
                if (view.at("/balances/0/entries").asInt() >= entries) {
                    return view;
                }
            } catch (HttpClientResponseException notYet) {
                assertThat(notYet.code()).isIn(404, 503);
            }
            TestBank.pause();
        }
        throw new AssertionError("account " + account + " did not reach " + entries + " entries");
    }

    @Test
    void aTransferSentInJsonOnTheCommandsTopicIsAnsweredLikeOneSentOverHttp() {
        Instant now = Instant.now();
        post("/v1/activities", "[" + TestBank.activity("jc-1", "forum", "jc-alice", now, 5, 1, 1) + ","
            + TestBank.activity("jc-2", "forum", "jc-bob", now, 1, 1, 1) + "]");
        Awaitility.await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
            .until(() -> get("/v1/accounts/jc-bob").code() == 200 && get("/v1/accounts/jc-alice").code() == 200);

        runtime.send(runtime.settings().topics().commands(), "jc-alice", ("{\"type\":\"transfer\",\"commandId\":\"jc-t-1\","
            + "\"from\":\"jc-alice\",\"to\":\"jc-bob\",\"amount\":\"2\"}").getBytes(java.nio.charset.StandardCharsets.UTF_8));

        Awaitility.await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() ->
            assertThat(json(get("/v1/accounts/jc-alice/commands/jc-t-1")).at("/status").asText()).isEqualTo("COMPLETED"));
        assertThat(json(get("/v1/accounts/jc-bob")).at("/balances/0/amount").asText()).startsWith("2.9");
    }

    @Test
    void theBanksFiguresAreOnPrometheus() {
        double debited = metric("timebank_transfers_total", "outcome=\"debited\"", "reason=\"none\"");
        double refused = metric("timebank_transfers_total", "outcome=\"rejected\"", "reason=\"INSUFFICIENT_FUNDS\"");
        double deposits = metric("timebank_deposits_total");
        double undecodable = metric("timebank_dead_letters_total", "stage=\"undecodable\"");
        double answered = metric("timebank_command_answer_seconds_count", "settled=\"true\"");
        Instant now = Instant.now();
        post("/v1/activities", "[" + TestBank.activity("m-1", "forum", "m-alice", now, 5, 1, 1) + ","
            + TestBank.activity("m-2", "forum", "m-bob", now, 1, 1, 1) + "]");
        Awaitility.await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
            .until(() -> get("/v1/accounts/m-bob").code() == 200 && get("/v1/accounts/m-alice").code() == 200);

        post("/v1/transfers", "{\"commandId\":\"m-t-1\",\"from\":\"m-alice\",\"to\":\"m-bob\",\"amount\":\"1\"}");
        failure(() -> post("/v1/transfers", "{\"commandId\":\"m-t-2\",\"from\":\"m-alice\",\"to\":\"m-bob\","
            + "\"amount\":\"1000\"}"));
        runtime.send(runtime.settings().topics().activities(), "m-alice", "neither Avro nor JSON".getBytes());

        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(metric("timebank_transfers_total", "outcome=\"debited\"", "reason=\"none\"")).isGreaterThanOrEqualTo(debited + 1);
            assertThat(metric("timebank_transfers_total", "outcome=\"rejected\"", "reason=\"INSUFFICIENT_FUNDS\""))
                .isGreaterThanOrEqualTo(refused + 1);
            assertThat(metric("timebank_deposits_total")).isGreaterThanOrEqualTo(deposits + 2);
            assertThat(metric("timebank_dead_letters_total", "stage=\"undecodable\"")).isGreaterThanOrEqualTo(undecodable + 1);
            assertThat(metric("timebank_command_answer_seconds_count", "settled=\"true\"")).isGreaterThanOrEqualTo(answered + 2);
        });
        assertThat(metric("timebank_fees_total")).isPositive();
        assertThat(metric("timebank_rate")).isPositive();
        // The Grafana dashboard in docs/ reads only figures the bank publishes.
        String scraped = get("/prometheus").body();
        java.util.regex.Matcher used = java.util.regex.Pattern.compile("\\b((?:timebank|kafka_stream|http_server)_\\w+)")
            .matcher(readDashboard());
        java.util.Set<String> names = new java.util.TreeSet<>();
        while (used.find()) {
            names.add(used.group(1));
        }
        assertThat(names).hasSizeGreaterThan(10).allSatisfy(name -> assertThat(scraped).contains("\n" + name));
    }

    private static String readDashboard() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("..", "docs", "grafana-dashboard.json"));
        } catch (java.io.IOException missing) {
            throw new java.io.UncheckedIOException(missing);
        }
    }

    /** A sample's value on /prometheus: the sum over the lines of {@code name} carrying every label given (0 for none). */
    private double metric(String name, String... labels) {
        return get("/prometheus").body().lines()
            .filter(line -> line.startsWith(name + "{") || line.startsWith(name + " "))
            .filter(line -> java.util.Arrays.stream(labels).allMatch(line::contains))
            .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }

    /** As an operator: these tests are about the ledger; AccessTest is about who may do what. */
    private HttpResponse<String> post(String path, String body) {
        return http.toBlocking().exchange(HttpRequest.POST(path, body).contentType(MediaType.APPLICATION_JSON)
            .bearerAuth(operator()), Argument.of(String.class), Argument.of(String.class));
    }

    private HttpResponse<String> put(String path, String body) {
        return http.toBlocking().exchange(HttpRequest.PUT(path, body).contentType(MediaType.APPLICATION_JSON)
            .bearerAuth(operator()), Argument.of(String.class), Argument.of(String.class));
    }

    private HttpResponse<String> delete(String path) {
        return http.toBlocking().exchange(HttpRequest.DELETE(path).bearerAuth(operator()), Argument.of(String.class),
            Argument.of(String.class));
    }

    private HttpResponse<String> get(String path) {
        return http.toBlocking().exchange(HttpRequest.GET(path).bearerAuth(operator()), Argument.of(String.class),
            Argument.of(String.class));
    }

    private HttpResponse<String> anonymous(String path) {
        return http.toBlocking().exchange(HttpRequest.GET(path), Argument.of(String.class), Argument.of(String.class));
    }

    private String operator() {
        return tokens.operator("e2e", 3_600);
    }

    private static HttpClientResponseException failure(Runnable request) {
        try {
            request.run();
        } catch (HttpClientResponseException expected) {
            return expected;
        }
        throw new AssertionError("the request succeeded");
    }

    private static void assertProblem(HttpClientResponseException failure, int status, String field) {
        assertThat(failure.code()).isEqualTo(status);
        assertThat(failure.getResponse().getContentType().orElseThrow().toString()).isEqualTo(Problem.MEDIA_TYPE);
        assertThat(problem(failure).at("/errors/0/field").asText()).isEqualTo(field);
    }

    private static JsonNode problem(HttpClientResponseException failure) {
        return TestBank.parse(failure.getResponse().getBody(String.class).orElseThrow());
    }

    private static JsonNode json(HttpResponse<String> response) {
        return TestBank.parse(response.body());
    }
}
