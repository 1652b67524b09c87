package io.timebank.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Whatever a client sends — odd paths, query strings and bodies for every endpoint, generated —
 * the API answers with a 2xx or a 4xx problem, never a 5xx, while the ledger is healthy.
 */
class HttpFuzzTest {

    static EmbeddedServer server;
    static HttpClient http;
    static String operator;

    @BeforeContainer
    static void start() throws IOException, InterruptedException {
        Map<String, Object> settings = new java.util.HashMap<>(TestBank.properties("timebank-fuzz",
            "timebank.command-timeout", "1s"));
        settings.put("micronaut.server.port", "-1");
        server = ApplicationContext.run(EmbeddedServer.class, settings);
        server.getApplicationContext().getBean(LedgerRuntime.class).awaitRunning(Duration.ofSeconds(60));
        operator = server.getApplicationContext().getBean(Tokens.class).operator("fuzz", 3_600);
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        send("POST", "/v1/activities", TestBank.activity("fuzz-open", "forum", "alice", Instant.now(), 50, 1, 1));
    }

    @AfterContainer
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** Path segments and values: ordinary, at the limits, and odd. */
    @Provide
    Arbitrary<String> words() {
        return Arbitraries.oneOf(
            Arbitraries.of("alice", "bob", "bank-fees", "t-1", "", " ", "..", "a/b", "%", "%2F", "ü", "\u0000", "null",
                "-1", "0", "9223372036854775807", "9223372036854775808", "1e309", "NaN", "true", "[]", "{}",
                "a".repeat(128), "a".repeat(129), "x".repeat(5_000), "2026-01-01T00:00:00Z",
                "+1000000000-12-31T23:59:59Z", "-999999999-01-01T00:00:00Z", "1970-01-01T00:00:00Z"),
            Arbitraries.strings().ofMaxLength(40));
    }

    /** JSON values for a body's fields. */
    @Provide
    Arbitrary<String> jsonValues() {
        return Arbitraries.oneOf(
            words().map(HttpFuzzTest::quoted),
            Arbitraries.of("0", "-1", "1.5", "1e308", "-1e308", "1e-320", "123456789012345678901234567890", "null",
                "true", "[]", "{}", "[1,2]", "{\"a\":1}", "\"1000000000000.000001\"", "\"0.0000001\"", "\"-0\""));
    }

    @Provide
    Arbitrary<String> bodies() {
        Arbitrary<String> transfer = Combinators.combine(jsonValues(), jsonValues(), jsonValues(), jsonValues(),
            jsonValues()).as((id, from, to, amount, memo) -> "{\"commandId\":" + id + ",\"from\":" + from + ",\"to\":"
            + to + ",\"amount\":" + amount + ",\"memo\":" + memo + "}");
        Arbitrary<String> exchange = Combinators.combine(jsonValues(), jsonValues(), jsonValues())
            .as((id, account, amount) -> "{\"commandId\":" + id + ",\"account\":" + account + ",\"amount\":" + amount + "}");
        Arbitrary<String> activity = Combinators.combine(jsonValues(), jsonValues(), jsonValues(), jsonValues(),
            jsonValues()).as((id, platform, account, at, measure) -> "{\"eventId\":" + id + ",\"platform\":" + platform
            + ",\"account\":" + account + ",\"occurredAt\":" + at + ",\"measures\":{\"interaction\":" + measure
            + ",\"originality\":1,\"engagement\":1}}");
        Arbitrary<String> token = jsonValues().map(account -> "{\"account\":" + account + "}");
        Arbitrary<String> broken = Arbitraries.of("", "{", "[", "[{}]", "null", "\"x\"", "{\"a\":}", "{}{}", "[[[[[[]]]]]]",
            "{\"commandId\":\"t\",\"commandId\":\"u\"}");
        return Arbitraries.oneOf(transfer, exchange, activity, activity.map(one -> "[" + one + "," + one + "]"), token,
            transfer.list().ofMaxSize(3).map(list -> "[" + String.join(",", list) + "]"), broken,
            Arbitraries.strings().ofMaxLength(100));
    }

    @Property(tries = 150)
    void noReadAnswers5xx(@ForAll("words") String account, @ForAll("words") String value,
                          @ForAll("words") String commandId) throws Exception {
        String encoded = encode(account);
        for (String path : List.of("/v1/accounts/" + encoded, "/v1/accounts/" + encoded + "?at=" + encode(value),
            "/v1/accounts/" + encoded + "/entries?after=" + encode(value) + "&limit=" + encode(value),
            "/v1/accounts/" + encoded + "/explain?at=" + encode(value),
            "/v1/accounts/" + encoded + "/commands/" + encode(commandId))) {
            HttpResponse<String> response = send("GET", path, null);
            assertThat(response.statusCode()).as("GET %s: %s", path, response.body()).isBetween(200, 499);
        }
    }

    @Property(tries = 150)
    void noCommandOrActivityAnswers5xx(@ForAll("bodies") String body) throws Exception {
        for (String path : List.of("/v1/transfers", "/v1/transfers/batch", "/v1/exchanges", "/v1/activities",
            "/v1/tokens")) {
            HttpResponse<String> response = send("POST", path, body);
            assertThat(response.statusCode()).as("POST %s %s: %s", path, body, response.body()).isBetween(200, 499);
        }
    }

    private static HttpResponse<String> send(String method, String path, String body)
        throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.getURL() + path))
            .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + operator);
        if (body == null) {
            request.GET();
        } else {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String quoted(String text) {
        StringBuilder json = new StringBuilder("\"");
        for (char character : text.toCharArray()) {
            switch (character) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                default -> json.append(character < 0x20 ? String.format("\\u%04x", (int) character) : character);
            }
        }
        return json.append('"').toString();
    }
}
