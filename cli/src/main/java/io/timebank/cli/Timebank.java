package io.timebank.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The operator's command line. Each command talks to the bank's HTTP API with the operator's token
 * (by default the one the laptop run writes to {@code data/operator.token}); {@code verify} reads the
 * ledger topic from Kafka.
 */
@Command(name = "timebank", mixinStandardHelpOptions = true, version = "timebank 0.1",
    description = "Look accounts up, make statements and transfers, fill a bank with demo data and load it, read the "
        + "ledger, rebuild its stores and verify its history.",
    subcommands = {BalanceCommand.class, DemoCommand.class, EntriesCommand.class, ExplainCommand.class,
        LoadCommand.class, RebuildCommand.class, StatementCommand.class, TransferCommand.class, TailCommand.class,
        VerifyCommand.class})
public final class Timebank implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line with the bank's error handling: an API's refusal is a message, not a stack trace. */
    public static CommandLine commandLine() {
        CommandLine line = new CommandLine(new Timebank());
        line.setExecutionExceptionHandler((failure, command, parsed) -> {
            command.getErr().println(command.getColorScheme().errorText(failure instanceof Api.Refused
                || failure instanceof IllegalArgumentException ? failure.getMessage() : "failed: " + failure));
            return failure instanceof Api.Refused refused ? refused.exitCode() : 1;
        });
        return line;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
