package io.timebank.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The product starts on the class path the README's run command gives it (the runtime scope, as
 * Maven writes it to target/runtime-classpath.txt), with its embedded broker: a dependency that only
 * the tests' class path carries (the broker's HdrHistogram was once taken off by a test-scoped
 * declaration) fails here instead of on a user's first command. It logs JSON here (TIMEBANK_LOG_FORMAT=json).
 */
class RunClasspathTest {

    @Test
    void theProductStartsOnItsRunClasspathWithTheEmbeddedBroker(@TempDir Path data) throws IOException {
        String classPath = System.getProperty("timebank.main-classes") + java.io.File.pathSeparator
            + Files.readString(Path.of(System.getProperty("timebank.runtime-classpath"))).strip();
        int http = freePort();
        try (ChildJvm product = ChildJvm.start("product", data.resolve("product.log"), classPath, Map.of(
                "micronaut.server.port", String.valueOf(http), "timebank.embedded-broker-port", String.valueOf(freePort()),
                "timebank.data-directory", data.resolve("data").toString(), "TIMEBANK_LOG_FORMAT", "json"),
                "io.timebank.api.Application")) {
            HttpClient client = HttpClient.newHttpClient();
            Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250))
                .ignoreExceptionsInstanceOf(IOException.class)
                .until(() -> {
                    if (!product.alive()) {
                        throw new AssertionError("the product exited:\n" + product.logTail(40));
                    }
                    HttpResponse<String> health = client.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + http + "/health")).build(), HttpResponse.BodyHandlers.ofString());
                    return health.statusCode() == 200 && health.body().startsWith("{\"name\":\"timebank\",\"status\":\"UP\"");
                });
            String log = product.logTail(10_000);
            assertThat(log).doesNotContain("NoClassDefFoundError", "ClassNotFoundException");
            // The JSON log switch: each event one JSON object, the start-up's among them.
            List<JsonNode> events = log.lines().filter(line -> line.startsWith("{")).map(TestBank::parse).toList();
            assertThat(events).isNotEmpty().allSatisfy(event -> assertThat(event.has("level")).isTrue());
            assertThat(events).anySatisfy(event -> assertThat(event.path("formattedMessage").asText())
                .contains("timebank is up"));
        }
    }

    @Test
    void aLogFormatOtherThanTextOrJsonStopsTheStartNamingTheSetting(@TempDir Path data) throws IOException {
        String classPath = System.getProperty("timebank.main-classes") + java.io.File.pathSeparator
            + Files.readString(Path.of(System.getProperty("timebank.runtime-classpath"))).strip();
        try (ChildJvm product = ChildJvm.start("product", data.resolve("product.log"), classPath, Map.of(
                "TIMEBANK_LOG_FORMAT", "JSON", "timebank.data-directory", data.resolve("data").toString()),
            "io.timebank.api.Application")) {
            assertThat(product.exitCode(60)).as(product.logTail(20)).isEqualTo(2);
            assertThat(product.logTail(20)).contains("TIMEBANK_LOG_FORMAT must be one of [text, json], was 'JSON'");
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
