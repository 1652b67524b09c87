package io.timebank.api;

import com.nimbusds.jose.JWSAlgorithm;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.token.jwt.generator.JwtTokenGenerator;
import io.micronaut.security.token.jwt.signature.SignatureGeneratorConfiguration;
import io.micronaut.security.token.jwt.signature.secret.SecretSignature;
import io.micronaut.security.token.jwt.signature.secret.SecretSignatureConfiguration;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who may do what: operators (role {@code operator}, any account), members (role {@code member},
 * subject = their account), platforms (API key, role {@code platform}, their own activities).
 * Members and operators carry HS256 tokens signed with the configured secret.
 */
@Singleton
public class Tokens {

    static final String OPERATOR = "operator";
    static final String MEMBER = "member";
    static final String PLATFORM = "platform";
    private static final Logger LOG = LoggerFactory.getLogger(Tokens.class);

    private final JwtTokenGenerator generator;
    private final BankConfiguration configuration;

    Tokens(JwtTokenGenerator generator, BankConfiguration configuration) {
        this.generator = generator;
        this.configuration = configuration;
    }

    /** A token for {@code account}'s member: may read and move only that account. */
    public String member(String account) {
        return generator.generateToken(Authentication.build(account, List.of(MEMBER)),
            (int) configuration.getMemberTokenLifetime().toSeconds()).orElseThrow();
    }

    /** A token with the operator role: administration, any account. */
    public String operator(String name, int lifetimeSeconds) {
        return generator.generateToken(Authentication.build(name, List.of(OPERATOR)), lifetimeSeconds).orElseThrow();
    }

    static final String OPERATOR_TOKEN_FILE = "operator.token";

    /**
     * With no configured secret (a laptop), leaves a day-long operator token where the README finds
     * it, readable by its owner only.
     */
    void writeDevelopmentOperatorToken() {
        if (!configuration.getJwtSecret().isBlank()) {
            return;
        }
        Path file = new DataDirectory(configuration.getDataDirectory())
            .writeSecret(OPERATOR_TOKEN_FILE, operator("laptop-operator", 86_400));
        LOG.warn("no timebank.jwt-secret configured: made a random one for this run; operator token in {}", file);
    }

    @Factory
    static class Signing {
        /** Signs and verifies tokens with the configured secret, or a random one made for this run. */
        @Bean
        @Singleton
        @Named("generator")
        SignatureGeneratorConfiguration signature(BankConfiguration configuration) {
            String secret = configuration.getJwtSecret();
            if (secret.isBlank()) {
                byte[] random = new byte[32];
                new SecureRandom().nextBytes(random);
                secret = HexFormat.of().formatHex(random);
            } else if (secret.length() < 32) {
                throw new IllegalArgumentException("timebank.jwt-secret must be at least 32 characters");
            }
            SecretSignatureConfiguration signature = new SecretSignatureConfiguration("generator");
            signature.setSecret(secret);
            signature.setJwsAlgorithm(JWSAlgorithm.HS256);
            return new SecretSignature(signature);
        }
    }

    static Map<String, Object> platformAttributes(String platform) {
        return Map.of(PLATFORM, platform);
    }
}
