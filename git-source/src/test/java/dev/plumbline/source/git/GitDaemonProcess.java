package dev.plumbline.source.git;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.TerminalFailureException;

/**
 * A real {@code git daemon} serving every repository under {@link #baseDir()} over {@code git://} on
 * 127.0.0.1 (fetch and push), so git-source tests fetch over the network the way the agent does. It is the
 * small twin of the documented integration-test fixture {@code dev.plumbline.it.fixture.GitDaemon}, kept
 * here so that this module's tests need no other module. Fails, never skips, when git is missing.
 */
final class GitDaemonProcess implements AutoCloseable {

    private static final Duration STARTUP = Duration.ofSeconds(10);
    private static final int PORT_ATTEMPTS = 3;

    private final Process process;
    private final Path baseDir;
    private final int port;

    private GitDaemonProcess(Process process, Path baseDir, int port) {
        this.process = process;
        this.baseDir = baseDir;
        this.port = port;
    }

    /** Starts a daemon serving {@code dir/repos}; its log goes to {@code dir/git-daemon.log}. */
    static GitDaemonProcess start(Path dir) throws IOException {
        Path baseDir = Files.createDirectories(dir.resolve("repos"));
        Path log = dir.resolve("git-daemon.log");
        requireGit();
        for (int attempt = 1; ; attempt++) {
            int port = freePort();
            Process process = new ProcessBuilder("git", "daemon", "--reuseaddr", "--listen=127.0.0.1",
                    "--port=" + port, "--export-all", "--base-path=" + baseDir, "--enable=receive-pack",
                    baseDir.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
            try {
                await().atMost(STARTUP).pollInterval(Duration.ofMillis(20))
                        .failFast("git daemon exited", () -> !process.isAlive())
                        .until(() -> accepts(port));
                return new GitDaemonProcess(process, baseDir, port);
            } catch (ConditionTimeoutException | TerminalFailureException e) {
                stop(process);
                String tail = tail(log);
                if (attempt == PORT_ATTEMPTS || !tail.contains("in use")) {
                    throw new AssertionError("git daemon did not accept connections on 127.0.0.1:" + port
                            + " within " + STARTUP.toSeconds() + " s; its log ends with:\n" + tail, e);
                }
            }
        }
    }

    Path baseDir() {
        return baseDir;
    }

    /** {@code git://127.0.0.1:<port>/<name>}: the repository {@code baseDir/<name>} or {@code <name>.git}. */
    String url(String name) {
        return "git://127.0.0.1:" + port + "/" + name;
    }

    @Override
    public void close() {
        stop(process);
    }

    private static void stop(Process process) {
        List<ProcessHandle> descendants = process.descendants().toList();
        process.destroy();
        descendants.forEach(ProcessHandle::destroy);
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        descendants.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    private static void requireGit() {
        try {
            Process version = new ProcessBuilder("git", "--version").redirectErrorStream(true).start();
            version.getInputStream().readAllBytes();
            if (!version.waitFor(10, TimeUnit.SECONDS) || version.exitValue() != 0) {
                throw new AssertionError("git is installed but 'git --version' failed");
            }
        } catch (IOException e) {
            throw new AssertionError("git is not installed; .ci/run installs it", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while looking for git", e);
        }
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
            return true;
        } catch (IOException notYet) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}
