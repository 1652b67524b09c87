package io.timebank.api;

import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.http.HttpRequest;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.filters.AuthenticationFetcher;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import org.reactivestreams.Publisher;

/** Platforms authenticate with {@code X-Api-Key}; keys come from configuration, compared in constant time. */
@Singleton
class ApiKeyAuthentication implements AuthenticationFetcher<HttpRequest<?>> {

    static final String HEADER = "X-Api-Key";

    private final BankConfiguration configuration;

    ApiKeyAuthentication(BankConfiguration configuration) {
        this.configuration = configuration;
    }

    @Override
    public Publisher<Authentication> fetchAuthentication(HttpRequest<?> request) {
        String presented = request.getHeaders().get(HEADER);
        if (presented == null || presented.isBlank()) {
            return Publishers.empty();
        }
        byte[] offered = presented.getBytes(StandardCharsets.UTF_8);
        for (Map.Entry<String, String> key : configuration.getPlatformKeys().entrySet()) {
            if (!key.getValue().isBlank()
                && MessageDigest.isEqual(offered, key.getValue().getBytes(StandardCharsets.UTF_8))) {
                return Publishers.just(Authentication.build("platform:" + key.getKey(), List.of(Tokens.PLATFORM),
                    Tokens.platformAttributes(key.getKey())));
            }
        }
        return Publishers.empty();
    }
}
