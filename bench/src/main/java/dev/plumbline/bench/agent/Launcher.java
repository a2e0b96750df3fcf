package dev.plumbline.bench.agent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The {@code ./plumbline} launcher of the checkout under measure, as a user runs it: the bash script that
 * checks the jar is current and starts the JVM with its defaults (class data sharing, and the quick
 * options for the client commands). Options for the JVM go through {@code PLUMBLINE_JAVA_OPTS}.
 */
public final class Launcher {

    private final Path root;

    public Launcher(Path root) {
        this.root = root;
    }

    /** Runs {@code plumbline ARGS} to its end, timed. */
    public Timed run(Path log, Map<String, String> environment, String... args) {
        return Timed.run(command(args), environment, log);
    }

    /** Starts {@code plumbline ARGS} (the agent), its output to {@code log}. */
    public Process start(Path log, Map<String, String> environment, String... args) {
        try {
            return Timed.builder(command(args), environment, log).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + root.resolve("plumbline"), e);
        }
    }

    /**
     * The lock directory the launcher holds while it records its class data archive in the background (after
     * a build), which it removes when the archive is written.
     */
    public Path archiveRecording() {
        return root.resolve("agent/app/target/plumbline.jsa.lock");
    }

    private List<String> command(String... args) {
        List<String> command = new ArrayList<>(List.of(root.resolve("plumbline").toString()));
        command.addAll(List.of(args));
        return command;
    }
}
