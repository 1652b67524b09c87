package io.timebank.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "transfer", mixinStandardHelpOptions = true,
    description = "Send value from one account to another, and print its outcome. Sent again with the same --id, "
        + "it is answered with the first outcome and applied once.")
final class TransferCommand implements Callable<Integer> {

    @Mixin
    Connection connection;

    @Option(names = "--from", required = true, description = "The sender.")
    String from;

    @Option(names = "--to", required = true, description = "The receiver.")
    String to;

    @Option(names = "--amount", required = true, description = "A decimal amount, or 'available' for everything the "
        + "sender can send with its fee.")
    String amount;

    @Option(names = "--memo", description = "A note for the receiver.")
    String memo;

    @Option(names = "--id", description = "The command id (default: a new one, printed).")
    String id;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        String commandId = id != null ? id : "cli-" + UUID.randomUUID();
        ObjectNode body = Api.JSON.createObjectNode().put("commandId", commandId).put("from", from).put("to", to)
            .put("amount", amount);
        if (memo != null) {
            body.put("memo", memo);
        }
        JsonNode outcome = connection.api().post("/v1/transfers", body);
        PrintWriter out = spec.commandLine().getOut();
        out.printf("%s %s%n", commandId, outcome.path("status").asText());
        for (JsonNode event : outcome.path("events")) {
            out.printf("  %-18s %-12s %14s fee %s%n", event.path("type").asText(), event.path("account").asText(),
                event.path("amount").asText(""), event.path("fee").asText("-"));
        }
        out.flush();
        return 0;
    }
}
