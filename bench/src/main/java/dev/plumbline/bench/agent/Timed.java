package dev.plumbline.bench.agent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * One process run to its end and timed, wall clock from start to exit: its exit code and seconds. Its stdout
 * and stderr go to a log file (no pipe to drain, so the timing is the process's own). The environment is
 * the bench's without {@code PLUMBLINE_*} variables, plus those given.
 */
public record Timed(int exit, double seconds, Path log) {

    private static final long LIMIT_MINUTES = 30;
    /** The processes running now, for {@link #killRunning} should the bench be stopped midway. */
    private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();

    public static Timed run(List<String> command, Map<String, String> environment, Path log) {
        ProcessBuilder builder = builder(command, environment, log);
        try {
            long started = System.nanoTime();
            Process process = builder.start();
            RUNNING.add(process);
            try {
                if (!process.waitFor(LIMIT_MINUTES, TimeUnit.MINUTES)) {
                    process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
                    throw new IllegalStateException(String.join(" ", command) + " did not end within "
                            + LIMIT_MINUTES + " minutes; see " + log);
                }
                double seconds = (System.nanoTime() - started) / 1e9;
                return new Timed(process.exitValue(), seconds, log);
            } finally {
                RUNNING.remove(process);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command.get(0), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Kills what {@link #run} is waiting for (the bench is being stopped), and its children. */
    public static void killRunning() {
        for (Process process : RUNNING) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }

    /** A process builder with the bench's conventions (environment, output to {@code log}), not started. */
    public static ProcessBuilder builder(List<String> command, Map<String, String> environment, Path log) {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        builder.environment().keySet().removeIf(name -> name.startsWith("PLUMBLINE_"));
        builder.environment().putAll(environment);
        return builder;
    }

    /** The log's text. */
    public String output() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
