package io.timebank.api;

import io.micronaut.context.annotation.Value;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.HttpClientConfiguration;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.state.HostInfo;

/**
 * The other instances of this application: which one holds a key, and how to ask it. Every
 * instance serves the keys of its own partitions and forwards the rest, once: a forwarded request
 * that lands on an instance that no longer holds the key (a rebalance moved it) answers 503.
 */
@Singleton
public class Peers implements AutoCloseable {

    /** Marks a request one instance sent to another, so it is never forwarded again. */
    public static final String FORWARDED = "X-Timebank-Forwarded";

    private final LedgerRuntime runtime;
    private final HostInfo self;
    private final String scheme;
    private final HttpClientConfiguration clientConfiguration;
    private final Map<HostInfo, HttpClient> clients = new ConcurrentHashMap<>();

    /**
     * @param tls whether this instance serves HTTPS ({@code micronaut.server.ssl.enabled}); then it
     *            asks the others over HTTPS too, trusting what {@code micronaut.http.client.ssl.*} says
     */
    public Peers(LedgerRuntime runtime, BankConfiguration configuration, HttpClientConfiguration clientConfiguration,
                 @Value("${micronaut.server.host:127.0.0.1}") String host, @Value("${micronaut.server.port:8080}") int port,
                 @Value("${micronaut.server.ssl.enabled:false}") boolean tls) {
        this.runtime = runtime;
        this.self = new HostInfo(configuration.advertisedHost(host), port);
        this.scheme = tls ? "https" : "http";
        this.clientConfiguration = clientConfiguration;
    }

    /** The instance that holds {@code key} of {@code store}, if it is another one. */
    Optional<HostInfo> remoteOwner(String store, String key, boolean forwarded) {
        if (!runtime.advertisesItself()) {
            return Optional.empty(); // a lone instance on a random port holds every key
        }
        KeyQueryMetadata metadata = runtime.streams().queryMetadataForKey(store, key, Serdes.String().serializer());
        if (metadata == null || KeyQueryMetadata.NOT_AVAILABLE.equals(metadata)) {
            throw notReady("no instance holds " + key + " right now");
        }
        HostInfo owner = metadata.activeHost();
        if (owner.equals(self)) {
            return Optional.empty();
        }
        if (forwarded) {
            throw notReady("the instance this request was forwarded to no longer holds " + key);
        }
        return Optional.of(owner);
    }

    /**
     * Serves {@code key} here when this instance holds it, or asks the instance that does for
     * {@code path} (answered as {@code type}).
     */
    <T> Optional<T> route(String store, String key, boolean forwarded, String path, Class<T> type,
                          java.util.function.Supplier<Optional<T>> local) {
        Optional<HostInfo> owner = remoteOwner(store, key, forwarded);
        return owner.isPresent() ? get(owner.get(), path, type) : local.get();
    }

    /** GETs {@code path} from {@code owner}; empty when it answers 404. */
    <T> Optional<T> get(HostInfo owner, String path, Class<T> type) {
        HttpClient client = clients.computeIfAbsent(owner, this::client);
        try {
            var request = HttpRequest.GET(path).header(FORWARDED, "true");
            // The owner authorizes the caller again: pass their credentials along.
            io.micronaut.http.context.ServerRequestContext.currentRequest().ifPresent(current -> {
                current.getHeaders().findFirst(io.micronaut.http.HttpHeaders.AUTHORIZATION)
                    .ifPresent(value -> request.header(io.micronaut.http.HttpHeaders.AUTHORIZATION, value));
                current.getHeaders().findFirst(ApiKeyAuthentication.HEADER)
                    .ifPresent(value -> request.header(ApiKeyAuthentication.HEADER, value));
            });
            return Optional.ofNullable(client.toBlocking().retrieve(request, type));
        } catch (HttpClientResponseException answered) {
            if (answered.code() == HttpStatus.NOT_FOUND.getCode()) {
                return Optional.empty();
            }
            if (answered.code() < 500) {
                throw new ProblemException(answered.getResponse().getBody(Problem.class).orElse(
                    Problem.of(answered.code(), answered.getStatus().getReason(), answered.getMessage())));
            }
            throw notReady("instance " + owner + " answered " + answered.code());
        } catch (RuntimeException unreachable) {
            throw notReady("instance " + owner + " is unreachable: " + unreachable.getMessage());
        }
    }

    private HttpClient client(HostInfo host) {
        try {
            return HttpClient.create(URI.create(scheme + "://" + host.host() + ":" + host.port()).toURL(),
                clientConfiguration);
        } catch (java.net.MalformedURLException impossible) {
            throw new IllegalStateException("bad instance address " + host, impossible);
        }
    }

    private static ProblemException notReady(String detail) {
        return new ProblemException(Problem.of(503, "Ledger not ready", detail + "; retry shortly"));
    }

    @PreDestroy
    @Override
    public void close() {
        clients.values().forEach(HttpClient::close);
    }
}
