package io.timebank.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "statement", mixinStandardHelpOptions = true,
    description = "An account's statement for a period: opening, entries, decay and closing per asset, as a table or CSV.")
final class StatementCommand implements Callable<Integer> {

    @Mixin
    Connection connection;

    @Parameters(index = "0", paramLabel = "ACCOUNT", description = "The account.")
    String account;

    @Option(names = "--from", required = true, description = "The period's start, ISO-8601 (2026-11-01T00:00:00Z).")
    Instant from;

    @Option(names = "--to", description = "The period's end, ISO-8601 (default: now).")
    Instant to;

    @Option(names = "--csv", description = "Print the bank's CSV instead of a table.")
    boolean csv;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        String path = "/v1/accounts/" + Api.encode(account) + "/statement?from=" + from + (to == null ? "" : "&to=" + to);
        PrintWriter out = spec.commandLine().getOut();
        if (csv) {
            out.print(connection.api().getText(path + "&format=csv", "text/csv"));
            out.flush();
            return 0;
        }
        JsonNode statement = connection.api().get(path);
        out.printf("statement of %s, %s to %s%s%n", statement.path("account").asText(), statement.path("from").asText(),
            statement.path("to").asText(), statement.path("provisional").asBoolean() ? " (provisional)" : "");
        for (JsonNode asset : statement.path("assets")) {
            out.printf("%n%s  opening %s%n", asset.path("asset").asText(), asset.path("opening").asText());
            for (JsonNode line : asset.path("lines")) {
                out.printf("  %-24s %-18s %16s  %s%n", line.path("bookedAt").asText(), line.path("type").asText(),
                    line.path("amount").asText(), line.path("counterparty").asText(""));
            }
            out.printf("  in %s, out %s, decay %s%n", asset.path("totalIn").asText(), asset.path("totalOut").asText(),
                asset.path("decay").asText());
            out.printf("%s  closing %s%n", asset.path("asset").asText(), asset.path("closing").asText());
        }
        out.flush();
        return 0;
    }
}
