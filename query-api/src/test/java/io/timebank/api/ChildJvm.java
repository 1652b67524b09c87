package io.timebank.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A JVM of its own, started from this JVM's class path, its output appended to a log file: how the
 * bank test runs the broker and the application so that it can kill them with SIGKILL.
 */
final class ChildJvm implements AutoCloseable {

    private final String name;
    private final Path log;
    private final Process process;

    private ChildJvm(String name, Path log, Process process) {
        this.name = name;
        this.log = log;
        this.process = process;
    }

    static ChildJvm start(String name, Path log, Map<String, String> systemProperties, String mainClass,
                          String... arguments) {
        return start(name, log, System.getProperty("java.class.path"), systemProperties, mainClass, arguments);
    }

    /** As {@link #start(String, Path, Map, String, String...)}, on {@code classPath} instead of this JVM's. */
    static ChildJvm start(String name, Path log, String classPath, Map<String, String> systemProperties, String mainClass,
                          String... arguments) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx512m");
        command.add("-XX:+UseSerialGC");
        command.add("-XX:TieredStopAtLevel=1");
        systemProperties.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.add("-cp");
        command.add(classPath);
        command.add(mainClass);
        command.addAll(List.of(arguments));
        try {
            Files.createDirectories(log.getParent());
            Files.writeString(log, "=== " + name + " starting\n", java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.APPEND);
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(Redirect.appendTo(log.toFile())).start();
            return new ChildJvm(name, log, process);
        } catch (IOException cannotStart) {
            throw new UncheckedIOException("cannot start " + name, cannotStart);
        }
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process.isAlive();
    }

    /** SIGKILL: no shutdown hook runs, nothing is flushed or closed. */
    void kill() {
        process.destroyForcibly();
        awaitExit(30);
    }

    /** SIGTERM: shutdown hooks run; SIGKILL if it has not exited within a minute. */
    void stop() {
        process.destroy();
        if (!awaitExit(60)) {
            kill();
        }
    }

    /** The JVM's exit code once it has exited, waiting up to {@code seconds}; null while it still runs. */
    Integer exitCode(int seconds) {
        return awaitExit(seconds) ? process.exitValue() : null;
    }

    private boolean awaitExit(int seconds) {
        try {
            return process.waitFor(seconds, TimeUnit.SECONDS);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The last lines of this JVM's log, for a failure message. */
    String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(log);
            return name + " (" + log + "):\n" + String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException unreadable) {
            return name + ": log unreadable: " + unreadable.getMessage();
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
    }
}
