package io.timebank.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "entries", mixinStandardHelpOptions = true,
    description = "An account's history in booking order, a page at a time.")
final class EntriesCommand implements Callable<Integer> {

    @Mixin
    Connection connection;

    @Parameters(index = "0", paramLabel = "ACCOUNT", description = "The account.")
    String account;

    @Option(names = "--after", defaultValue = "-1", description = "Start after this sequence (the previous page's next).")
    long after;

    @Option(names = "--limit", defaultValue = "20", description = "Entries per page (default: ${DEFAULT-VALUE}).")
    int limit;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        JsonNode page = connection.api().get("/v1/accounts/" + Api.encode(account) + "/entries?after=" + after
            + "&limit=" + limit);
        PrintWriter out = spec.commandLine().getOut();
        out.printf("%8s  %-24s %-22s %-9s %16s  %s%n", "sequence", "at", "type", "asset", "amount", "counterparty");
        for (JsonNode entry : page.path("entries")) {
            out.printf("%8d  %-24s %-22s %-9s %16s  %s%n", entry.path("sequence").asLong(), entry.path("at").asText(),
                entry.path("type").asText(), entry.path("asset").asText(""), entry.path("amount").asText(""),
                entry.path("counterparty").asText(""));
        }
        if (page.hasNonNull("nextAfter")) {
            out.printf("more: --after %d%n", page.get("nextAfter").asLong());
        }
        out.flush();
        return 0;
    }
}
