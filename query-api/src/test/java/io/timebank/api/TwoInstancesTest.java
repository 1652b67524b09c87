package io.timebank.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.ApplicationContext;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.runtime.server.EmbeddedServer;
import io.timebank.broker.EmbeddedKafkaBroker;
import io.timebank.stream.LedgerStores;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Two instances of the application share the ledger; either one answers for every account,
 * forwarding the caller's credentials to the other — over HTTPS when the instances serve HTTPS.
 */
class TwoInstancesTest {

    static final int ACCOUNTS = 40;

    @TempDir
    Path data;

    @ParameterizedTest(name = "over {0}")
    @ValueSource(strings = {"http", "https"})
    void everyAccountIsAnsweredByBothInstancesWithTheSameBalance(String scheme) throws Exception {
        Map<String, String> tls = scheme.equals("https") ? PeerCertificates.make(data.resolve("tls")) : Map.of();
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(data.resolve("broker"), 0);
             EmbeddedServer first = start(broker, "a", tls);
             EmbeddedServer second = start(broker, "b", tls);
             HttpClient toFirst = HttpClient.create(first.getURL(), clientConfiguration(first));
             HttpClient toSecond = HttpClient.create(second.getURL(), clientConfiguration(second))) {
            assertThat(first.getURL().getProtocol()).isEqualTo(scheme);
            awaitBothHoldPartitions(first, second);
            Instant at = Instant.now().minus(Duration.ofMinutes(1)).truncatedTo(ChronoUnit.MILLIS);
            StringJoiner batch = new StringJoiner(",", "[", "]");
            for (int i = 0; i < ACCOUNTS; i++) {
                batch.add(TestBank.activity("two-" + i, "forum", "two-" + i, at, i + 1, 1, 1));
            }
            String operator = first.getApplicationContext().getBean(Tokens.class).operator("two", 600);
            toFirst.toBlocking().exchange(HttpRequest.POST("/v1/activities", batch.toString())
                .contentType(MediaType.APPLICATION_JSON).bearerAuth(operator), String.class);

            Set<HostInfo> owners = new HashSet<>();
            KafkaStreams streams = first.getApplicationContext().getBean(LedgerRuntime.class).streams();
            for (int i = 0; i < ACCOUNTS; i++) {
                String path = "/v1/accounts/two-" + i + "?at=" + at;
                String fromFirst = await(toFirst, path, operator);
                String fromSecond = await(toSecond, path, operator);

                assertThat(fromSecond).as("account two-" + i).isEqualTo(fromFirst);
                assertThat(fromFirst).contains("\"amount\":\"" + (i + 1) + ".000000\"");
                owners.add(streams.queryMetadataForKey(LedgerStores.ACCOUNTS, "two-" + i, Serdes.String().serializer())
                    .activeHost());
            }
            // Each instance held some accounts: half the answers above were forwarded.
            assertThat(owners).hasSize(2);
        }
    }

    private EmbeddedServer start(EmbeddedKafkaBroker broker, String name, Map<String, String> tls) throws IOException {
        String port = String.valueOf(freePort());
        Map<String, Object> settings = new HashMap<>(Map.of(
            "micronaut.server.port", port,
            "timebank.bootstrap-servers", broker.bootstrapServers(),
            "timebank.data-directory", data.resolve(name).toString(),
            "timebank.application-id", "timebank-two",
            "timebank.topic-prefix", "two.",
            "timebank.jwt-secret", TestBank.SECRET));
        if (!tls.isEmpty()) {
            settings.putAll(tls);
            settings.put("micronaut.server.ssl.port", port);
        }
        return ApplicationContext.run(EmbeddedServer.class, settings);
    }

    /** The instance's own client settings: with TLS they trust the instances' certificate. */
    private static io.micronaut.http.client.HttpClientConfiguration clientConfiguration(EmbeddedServer server) {
        return server.getApplicationContext().getBean(io.micronaut.http.client.HttpClientConfiguration.class);
    }

    private static void awaitBothHoldPartitions(EmbeddedServer... servers) {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            boolean settled = List.of(servers).stream().map(server -> server.getApplicationContext()
                .getBean(LedgerRuntime.class).streams()).allMatch(streams -> streams.state() == KafkaStreams.State.RUNNING
                && streams.metadataForLocalThreads().stream().anyMatch(thread -> !thread.activeTasks().isEmpty()));
            if (settled) {
                return;
            }
            TestBank.pause();
        }
        throw new AssertionError("the two instances did not share the partitions");
    }

    /** GETs until the account is there (404 while it is being credited, 503 during a rebalance). */
    private static String await(HttpClient client, String path, String token) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> response = client.toBlocking().exchange(HttpRequest.GET(path).bearerAuth(token),
                    Argument.of(String.class), Argument.of(String.class));
                return response.body();
            } catch (HttpClientResponseException notYet) {
                last = notYet.code() + " " + notYet.getResponse().getBody(String.class).orElse("");
                assertThat(notYet.code()).as(last).isIn(404, 503);
            }
            TestBank.pause();
        }
        throw new AssertionError(path + " never answered; last: " + last);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress("127.0.0.1", 0));
            return socket.getLocalPort();
        }
    }
}
