package io.timebank.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.StringJoiner;
import java.util.stream.Stream;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Bad HTTP requests, one a row: each answered 4xx problem+json naming the field (or the reason). */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HttpBadInputCatalogueTest implements TestPropertyProvider {

    @Inject
    @Client("/")
    HttpClient http;

    @Inject
    LedgerRuntime runtime;

    @Inject
    Tokens tokens;

    @Override
    public Map<String, String> getProperties() {
        return TestBank.properties("timebank-bad");
    }

    static Arguments row(String name, String method, String path, String contentType, String body, int status,
                         String field) {
        return Arguments.of(name, method, path, contentType, body, status, field);
    }

    static String transfer(String fields) {
        return "{\"commandId\":\"h-1\",\"from\":\"alice\",\"to\":\"bob\",\"amount\":\"1\"" + fields + "}";
    }

    static String legs(String legs) {
        return "{\"commandId\":\"h-1\",\"from\":\"alice\",\"legs\":[" + legs + "]}";
    }

    static final String FIRST = Instant.now().plus(Duration.ofHours(1)).toString();

    static String order(String replace, String with) {
        return ("{\"commandId\":\"h-o\",\"from\":\"alice\",\"to\":\"bob\",\"amount\":\"1\",\"first\":\"" + FIRST
            + "\",\"interval\":\"P1M\",\"count\":12}").replace(replace, with);
    }

    static String activity(String replace, String with) {
        return TestBank.activity("h-a", "forum", "alice", Instant.now(), 1, 1, 1).replace(replace, with);
    }

    /** A loan an operator may grant; each row below breaks one field of it. */
    static final String LOAN = "{\"commandId\":\"h-l\",\"lender\":\"alice\",\"borrower\":\"bob\",\"amount\":\"1\","
        + "\"rate\":\"0.01\",\"count\":3,\"interval\":\"P1M\",\"first\":\"2100-01-01T00:00:00Z\"}";

    static Stream<Arguments> catalogue() {
        String json = MediaType.APPLICATION_JSON;
        StringJoiner oversized = new StringJoiner(",", "[", "]");
        for (int i = 0; i < 1_001; i++) {
            oversized.add(TestBank.activity("o-" + i, "forum", "alice", Instant.now(), 1, 1, 1));
        }
        return Stream.of(
            row("too many decimal places", "POST", "/v1/transfers", json, transfer("").replace("\"1\"", "\"1.0000001\""), 422, "amount"),
            row("a NaN amount", "POST", "/v1/transfers", json, transfer("").replace("\"1\"", "\"NaN\""), 422, "amount"),
            row("an exponent amount", "POST", "/v1/transfers", json, transfer("").replace("\"1\"", "\"1e30\""), 422, "amount"),
            row("a negative amount", "POST", "/v1/transfers", json, transfer("").replace("\"1\"", "\"-5\""), 422, "amount"),
            row("an empty amount", "POST", "/v1/transfers", json, transfer("").replace("\"1\"", "\"\""), 422, "amount"),
            row("a huge amount", "POST", "/v1/transfers", json,
                transfer("").replace("\"1\"", "\"99999999999999999999999\""), 422, "amount"),
            row("a missing amount", "POST", "/v1/transfers", json, "{\"commandId\":\"h-2\",\"from\":\"a\",\"to\":\"b\"}", 422, "amount"),
            row("a transfer to oneself", "POST", "/v1/transfers", json, transfer("").replace("\"bob\"", "\"alice\""), 422, "to"),
            row("a missing command id", "POST", "/v1/transfers", json, transfer("").replace("\"commandId\":\"h-1\",", ""), 422, "commandId"),
            row("an over-long command id", "POST", "/v1/transfers", json, transfer("").replace("h-1", "c".repeat(200)), 422, "commandId"),
            row("an injection-looking account", "POST", "/v1/transfers", json,
                transfer("").replace("\"alice\"", "\"alice' OR '1'='1\""), 422, "from"),
            row("an unknown asset", "POST", "/v1/transfers", json, transfer(",\"asset\":\"GOLD\""), 422, "asset"),
            row("a memo with control characters", "POST", "/v1/transfers", json, transfer(",\"memo\":\"a\\u0000b\""), 422, "memo"),
            row("an over-long memo", "POST", "/v1/transfers", json, transfer(",\"memo\":\"" + "m".repeat(300) + "\""), 422, "memo"),
            row("legs beside a receiver", "POST", "/v1/transfers", json, transfer(",\"legs\":[{\"to\":\"carol\",\"amount\":\"1\"}]"),
                422, "to"),
            row("no legs", "POST", "/v1/transfers", json, legs(""), 422, "legs"),
            row("a leg without an amount", "POST", "/v1/transfers", json, legs("{\"to\":\"bob\"}"), 422, "legs[0].amount"),
            row("two legs to one receiver", "POST", "/v1/transfers", json,
                legs("{\"to\":\"bob\",\"amount\":\"1\"},{\"to\":\"bob\",\"amount\":\"2\"}"), 422, "legs[1].to"),
            row("a leg to the payer", "POST", "/v1/transfers", json, legs("{\"to\":\"alice\",\"amount\":\"1\"}"), 422,
                "legs[0].to"),
            row("a null leg", "POST", "/v1/transfers", json, legs("null"), 422, "legs[0]"),
            row("legs that are not a list", "POST", "/v1/transfers", json,
                "{\"commandId\":\"h-1\",\"from\":\"alice\",\"legs\":\"bob\"}", 400, null),
            row("malformed JSON", "POST", "/v1/transfers", json, "{\"commandId\":", 400, null),
            row("a wrong content type", "POST", "/v1/transfers", MediaType.TEXT_PLAIN, "amount=1", 415, null),
            row("an exchange of too many places", "POST", "/v1/exchanges", json,
                "{\"commandId\":\"h-x\",\"account\":\"alice\",\"amount\":\"0.1234567\"}", 422, "amount"),
            row("a transfer from an unknown account", "POST", "/v1/transfers", json,
                transfer("").replace("h-1", "h-unknown").replace("\"alice\"", "\"nobody-here\""), 422, "UNKNOWN_ACCOUNT"),
            row("a NaN measure", "POST", "/v1/activities", json, activity("\"interaction\":1", "\"interaction\":\"NaN\""), 422,
                "measures.interaction"),
            row("a negative measure", "POST", "/v1/activities", json, activity("\"engagement\":1", "\"engagement\":-1"), 422,
                "measures.engagement"),
            row("an extra field", "POST", "/v1/activities", json, activity("\"platform\"", "\"nickname\":\"m\",\"platform\""),
                422, "nickname"),
            row("a future activity", "POST", "/v1/activities", json,
                activity(Instant.now().toString().substring(0, 13), Instant.now().plus(Duration.ofDays(1)).toString().substring(0, 13)),
                422, "occurredAt"),
            row("an ancient activity", "POST", "/v1/activities", json,
                TestBank.activity("h-old", "forum", "alice", Instant.parse("2001-01-01T00:00:00Z"), 1, 1, 1), 422, "occurredAt"),
            row("an over-long platform", "POST", "/v1/activities", json, activity("\"forum\"", "\"" + "p".repeat(129) + "\""),
                422, "platform"),
            row("an activity that is a number", "POST", "/v1/activities", json, "42", 400, null),
            row("malformed activity JSON", "POST", "/v1/activities", json, "[{\"eventId\":", 400, null),
            row("an oversized batch", "POST", "/v1/activities", json, oversized.toString(), 413, null),
            row("an empty batch", "POST", "/v1/activities", json, "[]", 413, null),
            row("a balance at a time that is not an instant", "GET", "/v1/accounts/alice?at=noon", null, null, 422, "at"),
            row("a balance a billion years ahead", "GET", "/v1/accounts/alice?at=%2B1000000000-12-31T23%3A59%3A59Z", null,
                null, 422, "at"),
            row("an explanation before year 0", "GET", "/v1/accounts/alice/explain?at=-0001-01-01T00%3A00%3A00Z", null,
                null, 422, "at"),
            row("rates from a time that is not an instant", "GET", "/v1/rates?from=yesterday", null, null, 422, "from"),
            row("rates to before from", "GET", "/v1/rates?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z", null, null,
                422, "to"),
            row("rates a page too long", "GET", "/v1/rates?limit=100000", null, null, 422, "limit"),
            row("a reserve funding of a negative amount", "POST", "/v1/reserve/fundings", json,
                "{\"commandId\":\"h-f\",\"amount\":\"-3\"}", 422, "amount"),
            row("a reserve funding without a command id", "POST", "/v1/reserve/fundings", json, "{\"amount\":\"3\"}", 422,
                "commandId"),
            row("a standing order due in the past", "POST", "/v1/standing-orders", json,
                order(FIRST, "2020-01-01T00:00:00Z"), 422, "first"),
            row("a standing order without a first due time", "POST", "/v1/standing-orders", json,
                order("\"first\":\"" + FIRST + "\",", ""), 422, "first"),
            row("a standing order every second", "POST", "/v1/standing-orders", json, order("P1M", "PT1S"), 422, "interval"),
            row("a standing order every month and a day, sideways", "POST", "/v1/standing-orders", json,
                order("P1M", "monthly"), 422, "interval"),
            row("a standing order of no occurrences", "POST", "/v1/standing-orders", json, order(":12", ":0"), 422, "count"),
            row("a standing order ending before it starts", "POST", "/v1/standing-orders", json,
                order("\"count\":12", "\"until\":\"2020-01-01T00:00:00Z\""), 422, "until"),
            row("a standing order until a billion years ahead", "POST", "/v1/standing-orders", json,
                order("\"count\":12", "\"until\":\"+1000000000-12-31T23:59:59Z\""), 422, "until"),
            row("a standing order with legs of ten huge amounts", "POST", "/v1/standing-orders", json,
                order("\"to\":\"bob\",\"amount\":\"1\",", "\"legs\":[" + String.join(",", java.util.stream.IntStream
                    .range(0, 10).mapToObj(i -> "{\"to\":\"m" + i + "\",\"amount\":\"1000000000000\"}").toList()) + "],"),
                422, "legs"),
            row("a transfer with legs of ten huge amounts", "POST", "/v1/transfers", json, legs(String.join(",",
                java.util.stream.IntStream.range(0, 10).mapToObj(i -> "{\"to\":\"m" + i + "\",\"amount\":\"1000000000000\"}")
                    .toList())), 422, "legs"),
            row("a cancellation of an order id too long to be one", "DELETE",
                "/v1/accounts/alice/standing-orders/" + "o".repeat(125), null, null, 422, "order"),
            row("a withdrawal of a deposit id too long to be one", "POST",
                "/v1/accounts/alice/term-deposits/" + "d".repeat(125) + "/withdrawal", json, "", 422, "deposit"),
            row("a standing order with an occurrence's id", "POST", "/v1/standing-orders", json, order("h-o", "rent::1"),
                422, "commandId"),
            row("a standing order id too long for its occurrences", "POST", "/v1/standing-orders", json,
                order("h-o", "o".repeat(101)), 422, "commandId"),
            row("a standing order with legs beside a receiver", "POST", "/v1/standing-orders", json,
                order(",\"count\"", ",\"legs\":[{\"to\":\"carol\",\"amount\":\"1\"}],\"count\""), 422, "to"),
            row("a standing order with a leg to its payer", "POST", "/v1/standing-orders", json,
                order("\"to\":\"bob\",\"amount\":\"1\",", "\"legs\":[{\"to\":\"alice\",\"amount\":\"1\"}],"), 422,
                "legs[0].to"),
            row("a standing order to oneself", "POST", "/v1/standing-orders", json, order("\"bob\"", "\"alice\""), 422,
                "to"),
            row("a cancellation of an order no one placed", "DELETE", "/v1/accounts/alice/standing-orders/nothing", null, null,
                422, "UNKNOWN_ORDER"),
            row("a cancellation of an occurrence's id", "DELETE", "/v1/accounts/alice/standing-orders/rent::1", null, null,
                422, "order"),
            row("a term deposit of a term the bank does not offer", "POST", "/v1/term-deposits", json,
                "{\"commandId\":\"h-t\",\"account\":\"alice\",\"amount\":\"1\",\"term\":\"P7D\"}", 422, "term"),
            row("a term deposit of a term that is no duration", "POST", "/v1/term-deposits", json,
                "{\"commandId\":\"h-t\",\"account\":\"alice\",\"amount\":\"1\",\"term\":\"a month\"}", 422, "term"),
            row("a withdrawal of a deposit no one opened", "POST", "/v1/accounts/alice/term-deposits/nothing/withdrawal",
                json, "", 422, "UNKNOWN_DEPOSIT"),
            row("a loan at more than 100 % an installment", "POST", "/v1/loans", json,
                LOAN.replace("0.01", "1.01"), 422, "rate"),
            row("a loan rate that is no number", "POST", "/v1/loans", json, LOAN.replace("0.01", "1 %"), 422, "rate"),
            row("a loan rate finer than twelve places", "POST", "/v1/loans", json,
                LOAN.replace("0.01", "0.0000000000001"), 422, "rate"),
            row("a loan of no installments", "POST", "/v1/loans", json, LOAN.replace(":3", ":0"), 422, "count"),
            row("a loan of more installments than a plan may have", "POST", "/v1/loans", json,
                LOAN.replace(":3", ":1201"), 422, "count"),
            row("a loan to its lender", "POST", "/v1/loans", json, LOAN.replace("\"bob\"", "\"alice\""), 422,
                "borrower"),
            row("a loan with an installment's id", "POST", "/v1/loans", json, LOAN.replace("h-l", "l::1"), 422,
                "commandId"),
            row("a loan whose first installment is past", "POST", "/v1/loans", json,
                LOAN.replace("2100-01-01", "2020-01-01"), 422, "first"),
            row("a loan without its first due time", "POST", "/v1/loans", json,
                LOAN.replace(",\"first\":\"2100-01-01T00:00:00Z\"", ""), 422, "first"),
            row("a loan whose last installment falls after the year 9999", "POST", "/v1/loans", json,
                LOAN.replace("P1M", "P5000Y"), 422, "interval"),
            row("a payoff without a command id", "POST", "/v1/accounts/bob/loans/h-l/repayment", json, "{}", 422,
                "commandId"),
            row("a payoff of a loan no one granted", "POST", "/v1/accounts/bob/loans/nothing/repayment", json,
                "{\"commandId\":\"h-r\"}", 422, "UNKNOWN_ORDER"),
            row("a collection without legs", "POST", "/v1/collections", json,
                "{\"commandId\":\"h-c\",\"to\":\"alice\"}", 422, "legs"),
            row("a collection from its collector", "POST", "/v1/collections", json,
                "{\"commandId\":\"h-c\",\"to\":\"alice\",\"legs\":[{\"from\":\"alice\",\"amount\":\"1\"}]}", 422,
                "legs[0].from"),
            row("a collection leg of no amount", "POST", "/v1/collections", json,
                "{\"commandId\":\"h-c\",\"to\":\"alice\",\"legs\":[{\"from\":\"bob\",\"amount\":\"0\"}]}", 422,
                "legs[0].amount"),
            row("a collection with an occurrence's id", "POST", "/v1/collections", json,
                "{\"commandId\":\"c::1\",\"to\":\"alice\",\"legs\":[{\"from\":\"bob\",\"amount\":\"1\"}]}", 422,
                "commandId"),
            row("a collection into no account", "POST", "/v1/collections", json,
                "{\"commandId\":\"h-c\",\"to\":\"nobody-c\",\"legs\":[{\"from\":\"bob\",\"amount\":\"1\"}]}", 422,
                "UNKNOWN_ACCOUNT"),
            row("a mandate to oneself", "POST", "/v1/mandates", json,
                "{\"commandId\":\"h-m\",\"payer\":\"alice\",\"collector\":\"alice\",\"max\":\"1\"}", 422, "collector"),
            row("a mandate of a negative maximum", "POST", "/v1/mandates", json,
                "{\"commandId\":\"h-m\",\"payer\":\"alice\",\"collector\":\"bob\",\"max\":\"-1\"}", 422, "max"),
            row("a withdrawal of a mandate never given", "POST", "/v1/accounts/alice/mandates/carol/revocation", json,
                "{\"commandId\":\"h-r\"}", 409, "UNKNOWN_MANDATE"),
            row("an account opened with a negative credit limit", "POST", "/v1/accounts", json,
                "{\"commandId\":\"h-o\",\"account\":\"dave\",\"platform\":\"forum\",\"creditLimit\":\"-1\"}", 422,
                "creditLimit"),
            row("an account opened without a platform", "POST", "/v1/accounts", json,
                "{\"commandId\":\"h-o\",\"account\":\"dave\"}", 422, "platform"),
            row("a credit limit beyond the largest balance", "PUT", "/v1/accounts/alice/limits", json,
                "{\"commandId\":\"h-l\",\"creditLimit\":\"1000000000000.000001\"}", 422, "creditLimit"),
            row("a credit limit that is no number", "PUT", "/v1/accounts/alice/limits", json,
                "{\"commandId\":\"h-l\",\"creditLimit\":\"lots\"}", 422, "creditLimit"),
            row("a credit limit without a command id", "PUT", "/v1/accounts/alice/limits", json,
                "{\"creditLimit\":\"5\"}", 422, "commandId"),
            row("a credit limit of an account never opened", "PUT", "/v1/accounts/nobody-l/limits", json,
                "{\"commandId\":\"h-l\",\"creditLimit\":\"5\"}", 422, "UNKNOWN_ACCOUNT"),
            row("everything available in a leg", "POST", "/v1/transfers", json,
                legs("{\"to\":\"bob\",\"amount\":\"available\"}"), 422, "legs[0].amount"),
            row("a statement without its start", "GET", "/v1/accounts/alice/statement", null, null, 422, "from"),
            row("a statement that ends before it begins", "GET",
                "/v1/accounts/alice/statement?from=2026-05-02T00:00:00Z&to=2026-05-01T00:00:00Z", null, null, 422, "to"),
            row("a statement of ten years and more", "GET",
                "/v1/accounts/alice/statement?from=2016-01-01T00:00:00Z&to=2026-05-01T00:00:00Z", null, null, 422, "to"),
            row("a statement in an unknown format", "GET",
                "/v1/accounts/alice/statement?from=2026-05-01T00:00:00Z&format=xml", null, null, 422, "format"),
            row("a statement from no instant", "GET", "/v1/accounts/alice/statement?from=yesterday", null, null, 422,
                "from"),
            row("a statement of an unknown account", "GET",
                "/v1/accounts/nobody-s/statement?from=2026-05-01T00:00:00Z", null, null, 404, null),
            row("metadata of an unknown type", "POST", "/v1/transfers", json,
                transfer(",\"metadata\":{\"category\":{\"type\":\"colour\",\"value\":\"red\"}}"), 422,
                "metadata.category.type"),
            row("metadata whose value is not of its type", "POST", "/v1/transfers", json,
                transfer(",\"metadata\":{\"due\":{\"type\":\"date\",\"value\":\"tomorrow\"}}"), 422,
                "metadata.due.value"),
            row("too many metadata fields", "POST", "/v1/transfers", json, transfer(",\"metadata\":{"
                + java.util.stream.IntStream.range(0, 9).mapToObj(i -> "\"f" + i + "\":{\"type\":\"text\",\"value\":\"x\"}")
                    .collect(java.util.stream.Collectors.joining(",")) + "}"), 422, "metadata"),
            row("a statement filtered by no key", "GET",
                "/v1/accounts/alice/statement?from=2026-05-01T00:00:00Z&metadata.Bad=1", null, null, 422, "metadata.Bad"),
            row("a pending transfer of an absurd timeout", "POST", "/v1/transfers", json,
                transfer(",\"pending\":true,\"timeout\":\"P400D\""), 422, "timeout"),
            row("a pending transfer of no duration", "POST", "/v1/transfers", json,
                transfer(",\"pending\":true,\"timeout\":\"soon\""), 422, "timeout"),
            row("a timeout on an immediate transfer", "POST", "/v1/transfers", json, transfer(",\"timeout\":\"PT1H\""),
                422, "timeout"),
            row("a pending transfer of everything available", "POST", "/v1/transfers", json,
                transfer(",\"pending\":true").replace("\"1\"", "\"available\""), 422, "amount"),
            row("posting a transfer never created", "POST", "/v1/accounts/alice/transfers/nothing-here/posting", json,
                "{}", 409, "NOT_PENDING"),
            row("voiding a transfer never created", "POST", "/v1/accounts/alice/transfers/nothing-here/voiding", json,
                "{}", 409, "NOT_PENDING"),
            row("a balance of an unknown account", "GET", "/v1/accounts/nobody-here", null, null, 404, null));
    }

    @ParameterizedTest(name = "{0} → {5}")
    @MethodSource("catalogue")
    void aBadRequestIsAnsweredWithAProblemNamingTheField(String name, String method, String path, String contentType,
                                                         String body, int status, String field) {
        runtime.awaitRunning(Duration.ofSeconds(60));
        HttpRequest<?> request = (switch (method) {
            case "GET" -> HttpRequest.GET(path);
            case "DELETE" -> HttpRequest.DELETE(path);
            case "PUT" -> HttpRequest.PUT(path, body).contentType(contentType);
            default -> HttpRequest.POST(path, body).contentType(contentType);
        }).bearerAuth(tokens.operator("catalogue", 600));

        HttpClientResponseException failure;
        try {
            http.toBlocking().exchange(request, Argument.of(String.class), Argument.of(String.class));
            throw new AssertionError(name + " was accepted");
        } catch (HttpClientResponseException expected) {
            failure = expected;
        }

        assertThat(failure.code()).as(name).isEqualTo(status);
        assertThat(failure.getResponse().getContentType().orElseThrow().toString()).as(name).isEqualTo(Problem.MEDIA_TYPE);
        JsonNode problem = TestBank.parse(failure.getResponse().getBody(String.class).orElseThrow());
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("detail").asText()).as(name).isNotBlank();
        if (field != null && field.equals(field.toUpperCase())) {
            assertThat(problem.get("reason").asText()).as(name).isEqualTo(field);
        } else if (field != null) {
            assertThat(problem.at("/errors/0/field").asText()).as(name + ": " + problem).isEqualTo(field);
        }
    }
}
