package dev.plumbline.it.faults;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The {@code git} command line, for what a person does to a repository that the test fixtures do not:
 * force-pushing a rewritten history, deleting a branch on the server, committing a submodule (gitlink).
 * Commits are made as the fixtures' author.
 */
final class GitCli {

    private GitCli() {
    }

    /** Runs {@code git <arguments>} in {@code dir}; returns its output; fails on a non-zero exit. */
    static String git(Path dir, String... arguments) {
        List<String> command = new ArrayList<>(List.of("git", "-c", "user.name=Plumbline Test",
                "-c", "user.email=test@plumbline.dev", "-c", "init.defaultBranch=main",
                "-c", "protocol.file.allow=always"));
        command.addAll(List.of(arguments));
        try {
            Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish within 60 s");
            }
            if (process.exitValue() != 0) {
                throw new AssertionError(String.join(" ", command) + " failed (exit " + process.exitValue() + "):\n"
                        + output);
            }
            return output.strip();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run git (.ci/run installs it)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
