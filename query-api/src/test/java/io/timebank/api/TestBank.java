package io.timebank.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.timebank.schemas.ActivityCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** What the HTTP tests share: a whole product's test settings, activities as JSON, reading answers. */
final class TestBank {

    static final String SECRET = "test-secret-for-end-to-end-tests-0123456789";

    private TestBank() {
    }

    /**
     * The product on a random HTTP port, a free broker port, a fresh data directory and the test
     * secret; {@code extra} adds or overrides settings as name, value, name, value…
     */
    static Map<String, String> properties(String applicationId, String... extra) {
        Map<String, String> properties = new HashMap<>();
        properties.put("micronaut.server.port", "-1");
        properties.put("timebank.embedded-broker-port", "0");
        properties.put("timebank.application-id", applicationId);
        properties.put("timebank.jwt-secret", SECRET);
        try {
            properties.put("timebank.data-directory", Files.createTempDirectory(applicationId).toString());
        } catch (IOException noTemp) {
            throw new UncheckedIOException(noTemp);
        }
        for (int i = 0; i + 1 < extra.length; i += 2) {
            properties.put(extra[i], extra[i + 1]);
        }
        return properties;
    }

    static String activity(String id, String platform, String account, Instant at, long i, long o, long e) {
        return "{\"eventId\":\"" + id + "\",\"platform\":\"" + platform + "\",\"account\":\"" + account
            + "\",\"occurredAt\":\"" + at + "\",\"measures\":{\"interaction\":" + i + ",\"originality\":" + o
            + ",\"engagement\":" + e + "}}";
    }

    static JsonNode parse(String body) {
        try {
            return ActivityCodec.JSON.readTree(body);
        } catch (IOException notJson) {
            throw new AssertionError("not JSON: " + body, notJson);
        }
    }

    /** A short wait between polls of something asynchronous. */
    static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new AssertionError(interrupted);
        }
    }
}
