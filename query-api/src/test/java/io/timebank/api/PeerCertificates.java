package io.timebank.api;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A self-signed certificate for 127.0.0.1, made with the JDK's keytool: a key store the instances
 * serve HTTPS with and a trust store with which they (and the test) trust each other.
 */
final class PeerCertificates {

    static final String PASSWORD = "peer-test-password";

    private PeerCertificates() {
    }

    /** Makes the stores under {@code directory} and returns the Micronaut settings that use them. */
    static Map<String, String> make(Path directory) throws IOException, InterruptedException {
        Files.createDirectories(directory);
        Path keyStore = directory.resolve("instance.p12");
        Path certificate = directory.resolve("instance.cer");
        Path trustStore = directory.resolve("trust.p12");
        keytool("-genkeypair", "-alias", "instance", "-keyalg", "EC", "-groupname", "secp256r1",
            "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1", "-validity", "2",
            "-storetype", "PKCS12", "-keystore", keyStore.toString(), "-storepass", PASSWORD);
        keytool("-exportcert", "-alias", "instance", "-keystore", keyStore.toString(), "-storepass", PASSWORD,
            "-file", certificate.toString());
        keytool("-importcert", "-noprompt", "-alias", "instance", "-file", certificate.toString(),
            "-storetype", "PKCS12", "-keystore", trustStore.toString(), "-storepass", PASSWORD);
        return Map.of(
            "micronaut.server.ssl.enabled", "true",
            "micronaut.server.ssl.key-store.path", "file:" + keyStore,
            "micronaut.server.ssl.key-store.password", PASSWORD,
            "micronaut.server.ssl.key-store.type", "PKCS12",
            "micronaut.http.client.ssl.trust-store.path", "file:" + trustStore,
            "micronaut.http.client.ssl.trust-store.password", PASSWORD,
            "micronaut.http.client.ssl.trust-store.type", "PKCS12");
    }

    private static void keytool(String... arguments) throws IOException, InterruptedException {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        List<String> command = new java.util.ArrayList<>(List.of(keytool.toString()));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException("keytool " + String.join(" ", arguments) + " failed: " + output);
        }
    }
}
