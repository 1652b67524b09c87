package io.timebank.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** The bank's HTTP API as the CLI uses it: JSON in and out, a problem+json answer turned into {@link Refused}. */
final class Api {

    static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    Api(URI base, String token) {
        this.base = base;
        this.token = token;
    }

    /** An answer other than success: its status and the problem's words, for a person. */
    static final class Refused extends RuntimeException {

        private final int status;

        Refused(int status, String message) {
            super(message);
            this.status = status;
        }

        /** The HTTP status (503 when the bank did not answer at all). */
        int status() {
            return status;
        }

        /** 3 for a refusal of the request (4xx), 4 for the bank failing to answer (5xx, no answer). */
        int exitCode() {
            return status >= 400 && status < 500 ? 3 : 4;
        }
    }

    JsonNode get(String path) {
        return json(send(request(path).GET(), "application/json"));
    }

    String getText(String path, String accept) {
        return send(request(path).GET(), accept).body();
    }

    JsonNode post(String path, JsonNode body) {
        return json(send(request(path).header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body.toString())), "application/json"));
    }

    /**
     * Waits until {@code accounts} are all open, up to {@code wait}: whether they are. The API has no way to
     * be told when an activity is credited, so this asks again every {@link #ACCOUNT_POLL}.
     */
    boolean awaitAccounts(java.util.List<String> accounts, Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        for (String account : accounts) {
            while (true) {
                try {
                    get("/v1/accounts/" + encode(account));
                    break;
                } catch (Refused notYet) {
                    if (notYet.status() != 404 && notYet.status() != 503 || System.nanoTime() > deadline) {
                        return false;
                    }
                    Thread.sleep(ACCOUNT_POLL.toMillis());
                }
            }
        }
        return true;
    }

    /** How often {@link #awaitAccounts} asks. */
    static final Duration ACCOUNT_POLL = Duration.ofMillis(200);

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30));
        return token == null ? builder : builder.header("Authorization", "Bearer " + token);
    }

    private HttpResponse<String> send(HttpRequest.Builder request, String accept) {
        HttpResponse<String> response;
        try {
            response = http.send(request.header("Accept", accept).build(), HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException refused) {
            throw new Refused(503, "no bank answers at " + base + " (is it running? --url sets where)");
        } catch (IOException failed) {
            throw new Refused(503, "the bank at " + base + " did not answer: " + failed.getMessage());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new Refused(503, "interrupted");
        }
        if (response.statusCode() >= 400) {
            throw new Refused(response.statusCode(), problem(response));
        }
        return response;
    }

    /** "403 Forbidden: from may only be your own account" and each field's error, from a problem+json answer. */
    private static String problem(HttpResponse<String> response) {
        try {
            JsonNode problem = JSON.readTree(response.body());
            StringBuilder text = new StringBuilder(response.statusCode() + " " + problem.path("title").asText("")
                + ": " + problem.path("detail").asText(""));
            if (problem.hasNonNull("reason")) {
                text.append(" (").append(problem.get("reason").asText()).append(')');
            }
            for (JsonNode error : problem.path("errors")) {
                text.append(System.lineSeparator()).append("  ").append(error.path("field").asText()).append(": ")
                    .append(error.path("message").asText());
            }
            return text.toString();
        } catch (IOException notJson) {
            return response.statusCode() + ": " + response.body();
        }
    }

    private static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException notJson) {
            throw new Refused(502, "the bank answered what is not JSON: " + response.body());
        }
    }
}
