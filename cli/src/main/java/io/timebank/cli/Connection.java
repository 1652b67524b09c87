package io.timebank.cli;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where the bank is and whom the CLI speaks for: shared by every command that talks to the API. */
final class Connection {

    @Option(names = "--url", defaultValue = "${env:TIMEBANK_URL:-http://127.0.0.1:8080}",
        description = "The bank's HTTP API (default: ${DEFAULT-VALUE}).")
    URI url;

    @Option(names = "--token", defaultValue = "${env:TIMEBANK_TOKEN}",
        description = "A bearer token (default: TIMEBANK_TOKEN, else the operator token in the data directory).")
    String token;

    @Option(names = "--data-directory", defaultValue = "${env:TIMEBANK_DATA_DIRECTORY:-data}",
        description = "Where a laptop run keeps its operator token (default: ${DEFAULT-VALUE}).")
    Path dataDirectory;

    Api api() {
        return new Api(url, token != null ? token : operatorToken());
    }

    private String operatorToken() {
        Path file = dataDirectory.resolve("operator.token");
        if (!Files.isReadable(file)) {
            throw new IllegalArgumentException("no token: pass --token, set TIMEBANK_TOKEN, or run where " + file
                + " is (the bank writes it when it starts without a JWT secret)");
        }
        try {
            return Files.readString(file).strip();
        } catch (IOException unreadable) {
            throw new IllegalArgumentException("cannot read " + file + ": " + unreadable.getMessage());
        }
    }
}
