package io.timebank.cli;

import io.timebank.stream.LedgerVerification;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "verify", mixinStandardHelpOptions = true,
    description = "Recompute every account's hash chain from the ledger topic and report the first broken link. "
        + "Exit code 0 when every chain holds, 1 when one breaks.")
final class VerifyCommand implements Callable<Integer> {

    @Option(names = "--bootstrap-servers", required = true, defaultValue = "${env:TIMEBANK_BOOTSTRAP_SERVERS}",
        description = "The Kafka cluster (default: TIMEBANK_BOOTSTRAP_SERVERS).")
    String bootstrapServers;

    @Option(names = "--topic", defaultValue = "timebank.ledger", description = "The ledger topic (default: ${DEFAULT-VALUE}).")
    String topic;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        LedgerVerification.Report report = LedgerVerification.verify(bootstrapServers, topic, Map.of());
        PrintWriter out = spec.commandLine().getOut();
        out.printf("%d events read, %d chained and checked, %d accounts%n", report.records(), report.links(),
            report.heads().size());
        if (report.firstBreak().isPresent()) {
            out.println(report.firstBreak().get());
            out.flush();
            return 1;
        }
        out.println("every account's chain holds");
        out.flush();
        return 0;
    }
}
