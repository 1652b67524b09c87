package io.timebank.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "balance", mixinStandardHelpOptions = true,
    description = "An account's balance per asset, and what one transfer can send now with its fee.")
final class BalanceCommand implements Callable<Integer> {

    @Mixin
    Connection connection;

    @Parameters(index = "0", paramLabel = "ACCOUNT", description = "The account to look up.")
    String account;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        JsonNode view = connection.api().get("/v1/accounts/" + Api.encode(account));
        PrintWriter out = spec.commandLine().getOut();
        out.printf("%s (%s), credit limit %s%n", view.path("account").asText(), view.path("platform").asText(),
            view.path("creditLimit").asText());
        out.printf("%-10s %20s %20s%n", "asset", "balance", "available");
        for (JsonNode balance : view.path("balances")) {
            out.printf("%-10s %20s %20s%n", balance.path("asset").asText(), balance.path("amount").asText(),
                balance.path("available").asText());
        }
        for (JsonNode pending : view.path("pending")) {
            out.printf("pending to %s: %s + fee %s, until %s (%s)%n", pending.path("to").asText(),
                pending.path("amount").asText(), pending.path("fee").asText(), pending.path("expiresAt").asText(),
                pending.path("transfer").asText());
        }
        out.flush();
        return 0;
    }
}
