package dev.plumbline.it.alerting;

import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Prometheus' binaries and the repository's files the alerting tests read. {@code prometheus} and
 * {@code promtool} come with Debian's package {@code prometheus} ({@code ./run-tests} installs it); without them
 * a test fails naming the package, it is not skipped.
 */
final class PrometheusTools {

    /** What a command printed (stdout and stderr together) and its exit code. */
    record Run(int code, String output) {
    }

    private PrometheusTools() {
    }

    /** The repository's root: failsafe's {@code plumbline.root}, else the first directory up with {@code deploy}. */
    static Path root() {
        String property = System.getProperty("plumbline.root");
        if (property != null) {
            return Path.of(property).toAbsolutePath().normalize();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("deploy/prometheus"))) {
                return dir;
            }
        }
        return fail("no deploy/prometheus here or above; failsafe sets plumbline.root to the repository root");
    }

    static Path rules() {
        return root().resolve("deploy/prometheus/plumbline.rules.yml");
    }

    /** {@code prometheus} or {@code promtool}, from the PATH or {@code /usr/bin}; fails naming the package. */
    static String binary(String name) {
        String path = System.getenv().getOrDefault("PATH", "") + File.pathSeparator + "/usr/bin";
        for (String entry : path.split(File.pathSeparator)) {
            Path candidate = Path.of(entry.isEmpty() ? "." : entry, name);
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        return fail(name + " is not installed: it comes with Debian's package prometheus; ./run-tests installs it,"
                + " or apt-get install -y --no-install-recommends prometheus");
    }

    /** Runs {@code command} in {@code dir}, waiting at most {@code timeout}; a command still running fails the test. */
    static Run run(Path dir, Duration timeout, List<String> command) throws IOException, InterruptedException {
        // the output goes to a temporary file of its own: dir may be the repository's deploy/prometheus
        Path output = Files.createTempFile("promtool-output", ".txt");
        try {
            Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(output.toFile()).start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                return fail(String.join(" ", command) + " did not end within " + timeout + "; it printed:\n"
                        + Files.readString(output, StandardCharsets.UTF_8));
            }
            return new Run(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(output);
        }
    }
}
