package io.timebank.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Nobody moves, reads or explains another's value; nothing is reachable without credentials but health and OpenAPI. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AccessTest implements TestPropertyProvider {

    static final String FORUM_KEY = "forum-api-key-for-tests";

    @Inject
    @Client("/")
    HttpClient http;

    @Inject
    LedgerRuntime runtime;

    @Inject
    Tokens tokens;

    @Override
    public Map<String, String> getProperties() {
        return TestBank.properties("timebank-access", "timebank.platform-keys.forum", FORUM_KEY,
            "timebank.command-timeout", "20s");
    }

    @BeforeAll
    void openAccounts() {
        runtime.awaitRunning(Duration.ofSeconds(60));
        for (String member : new String[] {"alice", "bob"}) {
            call(HttpRequest.POST("/v1/activities", TestBank.activity("open-" + member, "forum", member,
                Instant.now(), 10, 1, 1)).contentType(MediaType.APPLICATION_JSON).header(ApiKeyAuthentication.HEADER, FORUM_KEY));
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                call(HttpRequest.GET("/v1/accounts/bob").bearerAuth(tokens.member("bob")));
                call(HttpRequest.GET("/v1/accounts/alice").bearerAuth(tokens.member("alice")));
                return;
            } catch (HttpClientResponseException notYet) {
                TestBank.pause();
            }
        }
    }

    @Test
    void withoutCredentialsOnlyHealthAndTheOpenApiDocumentAnswer() {
        assertThat(status(HttpRequest.GET("/health"))).isEqualTo(200);
        assertThat(status(HttpRequest.GET("/openapi/timebank-v1.yml"))).isEqualTo(200);
        assertThat(status(HttpRequest.GET("/v1/accounts/alice"))).isEqualTo(401);
        assertThat(status(HttpRequest.GET("/v1/accounts/alice/entries"))).isEqualTo(401);
        assertThat(status(HttpRequest.GET("/v1/accounts/alice/explain"))).isEqualTo(401);
        assertThat(status(HttpRequest.GET("/v1/accounts/alice/commands/anything"))).isEqualTo(401);
        assertThat(status(json("/v1/activities", TestBank.activity("x", "forum", "alice", Instant.now(), 1, 1, 1))))
            .isEqualTo(401);
        assertThat(status(json("/v1/transfers", transfer("n-1", "alice", "bob")))).isEqualTo(401);
        assertThat(status(json("/v1/exchanges", "{\"commandId\":\"n-2\",\"account\":\"alice\",\"amount\":\"1\"}")))
            .isEqualTo(401);
        assertThat(status(json("/v1/tokens", "{\"account\":\"alice\"}"))).isEqualTo(401);
        assertThat(status(HttpRequest.GET("/v1/accounts/alice/curve"))).isEqualTo(401);
        assertThat(status(HttpRequest.GET("/v1/accounts/alice/fee?amount=1"))).isEqualTo(401);
        assertThat(status(HttpRequest.GET("/prometheus"))).isEqualTo(401);
        // The wallet page and Swagger UI are files anyone may load; what they show comes from the API.
        assertThat(status(HttpRequest.GET("/wallet/"))).isEqualTo(200);
        assertThat(status(HttpRequest.GET("/swagger-ui/"))).isEqualTo(200);
        assertThat(status(HttpRequest.GET("/webjars/uplot/1.6.30/dist/uPlot.iife.min.js"))).isEqualTo(200);
    }

    @Test
    void aMemberCannotTransferFromAnothersAccount() {
        String operator = tokens.operator("admin", 60);
        JsonNode before = TestBank.parse(call(HttpRequest.GET("/v1/accounts/bob").bearerAuth(operator)).body());

        HttpClientResponseException denied = failure(json("/v1/transfers", transfer("m-1", "bob", "alice"))
            .bearerAuth(tokens.member("alice")));

        assertThat(denied.code()).isEqualTo(403);
        assertThat(problem(denied).at("/errors/0/field").asText()).isEqualTo("from");
        // Nothing of it reached the ledger: bob has no such command and not one entry more.
        assertThat(status(HttpRequest.GET("/v1/accounts/bob/commands/m-1").bearerAuth(operator))).isEqualTo(404);
        JsonNode after = TestBank.parse(call(HttpRequest.GET("/v1/accounts/bob").bearerAuth(operator)).body());
        assertThat(after.at("/balances/0/entries").asLong()).isEqualTo(before.at("/balances/0/entries").asLong());
        assertThat(after.at("/balances/0/lastEntryAt")).isEqualTo(before.at("/balances/0/lastEntryAt"));
    }

    @Test
    void theBanksOwnAccountsGetNoMemberTokenAndNoPlatformCredit() {
        HttpClientResponseException token = failure(json("/v1/tokens", "{\"account\":\"bank-fees\"}")
            .bearerAuth(tokens.operator("admin", 60)));
        HttpClientResponseException credit = failure(json("/v1/activities",
            TestBank.activity("r-1", "forum", "bank-fees", Instant.now(), 1, 1, 1))
            .header(ApiKeyAuthentication.HEADER, FORUM_KEY));
        HttpClientResponseException transfer = failure(json("/v1/transfers", transfer("r-2", "alice", "bank-fees"))
            .bearerAuth(tokens.member("alice")));

        assertThat(token.code()).isEqualTo(422);
        assertThat(problem(token).at("/errors/0/field").asText()).isEqualTo("account");
        assertThat(credit.code()).isEqualTo(422);
        assertThat(problem(credit).at("/errors/0/field").asText()).isEqualTo("account");
        assertThat(transfer.code()).isEqualTo(422);
        assertThat(problem(transfer).get("reason").asText()).isEqualTo("RESERVED_ACCOUNT");
    }

    @Test
    void aMemberCannotPlaceOrCancelAnothersStandingOrder() {
        String alice = tokens.member("alice");
        String order = "{\"commandId\":\"so-1\",\"from\":\"bob\",\"to\":\"alice\",\"amount\":\"1\",\"first\":\""
            + java.time.Instant.now().plusSeconds(3_600) + "\",\"interval\":\"P1D\"}";

        HttpClientResponseException placed = failure(json("/v1/standing-orders", order).bearerAuth(alice));
        HttpClientResponseException cancelled = failure(HttpRequest.DELETE("/v1/accounts/bob/standing-orders/so-1")
            .bearerAuth(alice));

        assertThat(placed.code()).isEqualTo(403);
        assertThat(problem(placed).at("/errors/0/field").asText()).isEqualTo("from");
        assertThat(cancelled.code()).isEqualTo(403);
        assertThat(failure(json("/v1/payouts", "{\"commandId\":\"pay-1\",\"fund\":\"bank-payouts\"}").bearerAuth(alice))
            .code()).as("payout plans are operators'").isEqualTo(403);
        assertThat(problem(cancelled).at("/errors/0/field").asText()).isEqualTo("account");
        assertThat(status(HttpRequest.GET("/v1/accounts/bob/commands/so-1").bearerAuth(tokens.operator("admin", 60))))
            .isEqualTo(404);
    }

    @Test
    void onlyAPayerGivesItsMandateAndOnlyACollectorCollects() {
        HttpClientResponseException forBob = failure(json("/v1/mandates", "{\"commandId\":\"m-1\",\"payer\":\"bob\","
            + "\"collector\":\"alice\",\"max\":\"5\"}").bearerAuth(tokens.member("alice")));
        HttpClientResponseException intoBob = failure(json("/v1/collections", "{\"commandId\":\"c-1\",\"to\":\"bob\","
            + "\"legs\":[{\"from\":\"alice\",\"amount\":\"1\"}]}").bearerAuth(tokens.member("alice")));
        HttpClientResponseException bobsMandate = failure(json("/v1/accounts/bob/mandates/alice/revocation",
            "{\"commandId\":\"r-1\"}").bearerAuth(tokens.member("alice")));

        assertThat(forBob.code()).isEqualTo(403);
        assertThat(problem(forBob).at("/errors/0/field").asText()).isEqualTo("payer");
        assertThat(intoBob.code()).isEqualTo(403);
        assertThat(problem(intoBob).at("/errors/0/field").asText()).isEqualTo("to");
        assertThat(bobsMandate.code()).isEqualTo(403);
    }

    @Test
    void onlyAnOperatorGrantsALoanAndOnlyItsPartiesReadIt() {
        String loan = "{\"commandId\":\"loan-1\",\"lender\":\"alice\",\"borrower\":\"bob\",\"amount\":\"2\","
            + "\"rate\":\"0.01\",\"count\":2,\"interval\":\"P1D\",\"first\":\"" + Instant.now().plusSeconds(3_600) + "\"}";

        HttpClientResponseException byMember = failure(json("/v1/loans", loan).bearerAuth(tokens.member("alice")));
        call(json("/v1/loans", loan).bearerAuth(tokens.operator("admin", 60)));

        assertThat(byMember.code()).as("loans are operators'").isEqualTo(403);
        assertThat(status(HttpRequest.GET("/v1/accounts/bob/loans/loan-1").bearerAuth(tokens.member("bob"))))
            .as("its borrower").isEqualTo(200);
        assertThat(status(HttpRequest.GET("/v1/accounts/bob/loans/loan-1").bearerAuth(tokens.member("alice"))))
            .as("its lender").isEqualTo(200);
        assertThat(status(HttpRequest.GET("/v1/accounts/bob/loans/loan-1").bearerAuth(tokens.member("carol"))))
            .as("anyone else").isEqualTo(403);
        assertThat(status(HttpRequest.GET("/v1/accounts/bob/loans/other").bearerAuth(tokens.member("carol"))))
            .as("whether or not it exists").isEqualTo(403);
        assertThat(status(HttpRequest.GET("/v1/accounts/bob/loans").bearerAuth(tokens.member("alice"))))
            .as("the borrower's list is the borrower's").isEqualTo(403);
        assertThat(status(HttpRequest.GET("/v1/loans/loan-1").bearerAuth(tokens.member("bob"))))
            .as("by its id alone, for its borrower").isEqualTo(200);
        assertThat(status(HttpRequest.GET("/v1/loans/loan-1").bearerAuth(tokens.member("alice"))))
            .as("and for its lender").isEqualTo(200);
        assertThat(status(HttpRequest.GET("/v1/loans/loan-1").bearerAuth(tokens.member("carol"))))
            .as("no loan of carol's by that id").isEqualTo(404);
        assertThat(status(HttpRequest.GET("/v1/loans/loan-1?lender=alice").bearerAuth(tokens.member("carol"))))
            .as("nor another's").isEqualTo(403);
        assertThat(failure(json("/v1/accounts/bob/loans/loan-1/repayment", "{\"commandId\":\"payoff\"}")
            .bearerAuth(tokens.member("alice"))).code()).as("only the borrower pays it off").isEqualTo(403);
    }

    @Test
    void onlyAnOperatorOpensAccountsAndSetsCreditLimits() {
        String opening = "{\"commandId\":\"open-1\",\"account\":\"dora\",\"platform\":\"forum\",\"creditLimit\":\"5\"}";
        String limit = "{\"commandId\":\"limit-1\",\"creditLimit\":\"50\"}";

        assertThat(failure(json("/v1/accounts", opening).bearerAuth(tokens.member("dora"))).code())
            .as("not even one's own").isEqualTo(403);
        assertThat(failure(HttpRequest.PUT("/v1/accounts/alice/limits", limit).contentType(MediaType.APPLICATION_JSON)
            .bearerAuth(tokens.member("alice"))).code()).as("nor one's own limit").isEqualTo(403);
        assertThat(call(json("/v1/accounts", opening).bearerAuth(tokens.operator("admin", 60))).code()).isEqualTo(200);
        assertThat(call(HttpRequest.PUT("/v1/accounts/dora/limits", limit).contentType(MediaType.APPLICATION_JSON)
            .bearerAuth(tokens.operator("admin", 60))).code()).isEqualTo(200);
    }

    @Test
    void aMemberCannotReadExplainOrPageAnothersAccount() {
        String alice = tokens.member("alice");

        for (String path : new String[] {"/v1/accounts/bob", "/v1/accounts/bob/explain", "/v1/accounts/bob/entries",
            "/v1/accounts/bob/standing-orders", "/v1/accounts/bob/curve", "/v1/accounts/bob/fee?amount=1",
            "/v1/accounts/bob/entries?order=newest", "/v1/accounts/bob/statement?from=2026-01-01T00:00:00Z"}) {
            HttpClientResponseException denied = failure(HttpRequest.GET(path).bearerAuth(alice));
            assertThat(denied.code()).as(path).isEqualTo(403);
            assertThat(problem(denied).at("/errors/0/field").asText()).as(path).isEqualTo("account");
        }
        assertThat(status(HttpRequest.GET("/v1/accounts/alice/explain").bearerAuth(alice))).isEqualTo(200);
        assertThat(status(HttpRequest.GET("/v1/accounts/alice/curve").bearerAuth(alice))).isEqualTo(200);
        // The bank's figures are the operators': a member sees no one's business but their own.
        assertThat(status(HttpRequest.GET("/prometheus").bearerAuth(alice))).isEqualTo(403);
    }

    @Test
    void aMemberMovesTheirOwnValueAndCannotSeeAnothersCommand() {
        HttpResponse<String> own = call(json("/v1/transfers", transfer("m-2", "alice", "bob"))
            .bearerAuth(tokens.member("alice")));

        assertThat(own.code()).isEqualTo(200);
        assertThat(status(HttpRequest.GET("/v1/accounts/alice/commands/m-2").bearerAuth(tokens.member("alice"))))
            .isEqualTo(200);
        assertThat(status(HttpRequest.GET("/v1/accounts/alice/commands/m-2").bearerAuth(tokens.member("bob"))))
            .isEqualTo(403);
        // bob's own command with the same id is another command: he has none, and sees nothing of alice's.
        assertThat(status(HttpRequest.GET("/v1/accounts/bob/commands/m-2").bearerAuth(tokens.member("bob"))))
            .isEqualTo(404);
        assertThat(status(json("/v1/exchanges", "{\"commandId\":\"m-3\",\"account\":\"bob\",\"amount\":\"1\"}")
            .bearerAuth(tokens.member("alice")))).isEqualTo(403);
    }

    @Test
    void aPlatformPostsOnlyItsOwnActivities() {
        Function<String, MutableHttpRequest<String>> asForum = body -> json("/v1/activities", body)
            .header(ApiKeyAuthentication.HEADER, FORUM_KEY);

        HttpClientResponseException other = failure(asForum.apply(
            TestBank.activity("p-1", "guild", "carol", Instant.now(), 1, 1, 1)));

        assertThat(other.code()).isEqualTo(403);
        assertThat(problem(other).at("/errors/0/field").asText()).isEqualTo("platform");
        assertThat(status(asForum.apply(TestBank.activity("p-2", "forum", "carol", Instant.now(), 1, 1, 1))))
            .isEqualTo(202);
        assertThat(status(json("/v1/transfers", transfer("p-3", "alice", "bob"))
            .header(ApiKeyAuthentication.HEADER, FORUM_KEY))).isEqualTo(403);
    }

    @Test
    void forgedAndUnknownCredentialsAreRefused() {
        String forged = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJib2IiLCJyb2xlcyI6WyJvcGVyYXRvciJdfQ."
            + "c2lnbmVkLXdpdGgtYW5vdGhlci1zZWNyZXQ";

        assertThat(status(HttpRequest.GET("/v1/accounts/bob").bearerAuth(forged))).isEqualTo(401);
        assertThat(status(HttpRequest.GET("/v1/accounts/bob").header(ApiKeyAuthentication.HEADER, "guessed"))).isEqualTo(401);
        assertThat(status(json("/v1/tokens", "{\"account\":\"bob\"}").bearerAuth(tokens.member("alice")))).isEqualTo(403);
        JsonNode minted = TestBank.parse(call(json("/v1/tokens", "{\"account\":\"bob\"}")
            .bearerAuth(tokens.operator("admin", 60))).body());
        assertThat(status(HttpRequest.GET("/v1/accounts/bob").bearerAuth(minted.get("token").asText()))).isEqualTo(200);
    }

    @Test
    void aTokenSaysWhomItSpeaksFor() {
        JsonNode member = TestBank.parse(call(HttpRequest.GET("/v1/tokens/current").bearerAuth(tokens.member("alice")))
            .body());
        assertThat(member.get("subject").asText()).isEqualTo("alice");
        assertThat(member.get("roles").toString()).isEqualTo("[\"member\"]");
        JsonNode operator = TestBank.parse(call(HttpRequest.GET("/v1/tokens/current")
            .bearerAuth(tokens.operator("admin", 60))).body());
        assertThat(operator.get("subject").asText()).isEqualTo("admin");
        assertThat(operator.get("roles").toString()).contains("operator");
        assertThat(status(HttpRequest.GET("/v1/tokens/current"))).isEqualTo(401);
    }

    private static String transfer(String id, String from, String to) {
        return "{\"commandId\":\"" + id + "\",\"from\":\"" + from + "\",\"to\":\"" + to + "\",\"amount\":\"1\"}";
    }

    private static MutableHttpRequest<String> json(String path, String body) {
        return HttpRequest.POST(path, body).contentType(MediaType.APPLICATION_JSON);
    }

    private HttpResponse<String> call(HttpRequest<?> request) {
        return http.toBlocking().exchange(request, Argument.of(String.class), Argument.of(String.class));
    }

    private int status(HttpRequest<?> request) {
        try {
            return call(request).code();
        } catch (HttpClientResponseException answered) {
            return answered.code();
        }
    }

    private HttpClientResponseException failure(HttpRequest<?> request) {
        try {
            call(request);
        } catch (HttpClientResponseException expected) {
            return expected;
        }
        throw new AssertionError("the request succeeded");
    }

    private static JsonNode problem(HttpClientResponseException failure) {
        return TestBank.parse(failure.getResponse().getBody(String.class).orElseThrow());
    }
}
