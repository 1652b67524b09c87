package io.timebank.cli;

import java.io.PrintWriter;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine;

/** The CLI's progress bars: on the error stream, one line redrawn in place, so the output keeps only results. */
final class Progress {

    private Progress() {
    }

    /**
     * A bar for {@code task} up to {@code total} {@code unit}s, {@code width} characters wide; with
     * {@code speed}, units per second too.
     */
    static ProgressBar bar(CommandLine.Model.CommandSpec spec, String task, long total, String unit, int width,
                           boolean speed) {
        PrintWriter err = spec.commandLine().getErr();
        ProgressBarBuilder bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(Math.max(1, total))
            .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(250).setUnit(" " + unit, 1)
            .setConsumer(new DelegatingProgressBarConsumer(line -> {
                err.print('\r' + line);
                err.flush();
            }, width));
        return (speed ? bar.showSpeed() : bar).build();
    }
}
