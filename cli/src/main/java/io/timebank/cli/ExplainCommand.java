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

@Command(name = "explain", mixinStandardHelpOptions = true,
    description = "How an account's attention balance comes about: each entry, its decay weight and what it is worth now.")
final class ExplainCommand implements Callable<Integer> {

    @Mixin
    Connection connection;

    @Parameters(index = "0", paramLabel = "ACCOUNT", description = "The account.")
    String account;

    @Option(names = "--at", description = "The instant to explain the balance at, ISO-8601 (default: now).")
    Instant at;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        JsonNode explain = connection.api().get("/v1/accounts/" + Api.encode(account) + "/explain"
            + (at == null ? "" : "?at=" + at));
        PrintWriter out = spec.commandLine().getOut();
        out.printf("%s at %s (mean lifetime %s)%n", explain.path("account").asText(), explain.path("at").asText(),
            explain.path("meanLifetime").asText());
        out.printf("%8s  %-24s %-18s %14s %18s %14s%n", "sequence", "at", "type", "amount", "weight", "worth now");
        if (explain.hasNonNull("earlier")) {
            out.printf("%8s  %-24s %-18s %14s %18s %14s%n", "", "", explain.path("earlierEntries").asText() + " earlier", "",
                "", explain.path("earlier").asText());
        }
        for (JsonNode entry : explain.path("contributions")) {
            out.printf("%8d  %-24s %-18s %14s %18s %14s%n", entry.path("sequence").asLong(), entry.path("at").asText(),
                entry.path("type").asText(), entry.path("amount").asText(), entry.path("weight").asText(),
                entry.path("value").asText());
        }
        out.printf("total %s, balance %s%n", explain.path("total").asText(), explain.path("balance").asText());
        out.flush();
        return 0;
    }
}
