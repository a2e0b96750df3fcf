package dev.plumbline.it.faults;

import static org.awaitility.Awaitility.await;

import dev.plumbline.source.git.fixture.GitRepo;
import java.io.IOException;
import java.io.UncheckedIOException;
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

/**
 * A real {@code git daemon} on 127.0.0.1 that a test can stop and start again on the same port (the shared
 * {@code GitDaemon} fixture picks a new port at each start): an unreachable remote that comes back. It
 * serves, fetch and push, the repositories under {@code <dir>/repos}. Stopping ends the daemon and every
 * process it forked, and waits until the port refuses connections.
 */
final class RestartableGitDaemon implements AutoCloseable {

    private final Path basePath;
    private final Path log;
    private final int port;
    private Process process;

    private RestartableGitDaemon(Path dir, int port) throws IOException {
        this.basePath = Files.createDirectories(dir.resolve("repos"));
        this.log = dir.resolve("git-daemon.log");
        this.port = port;
    }

    /** A daemon serving {@code <dir>/repos} on a free port, started. */
    static RestartableGitDaemon start(Path dir) {
        try {
            RestartableGitDaemon daemon = new RestartableGitDaemon(dir, freePort());
            daemon.start();
            return daemon;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare a git daemon in " + dir, e);
        }
    }

    /** Starts the daemon again on its port; waits until it accepts connections. */
    synchronized void start() {
        if (process != null) {
            return;
        }
        try {
            process = new ProcessBuilder("git", "daemon", "--reuseaddr", "--listen=127.0.0.1", "--port=" + port,
                    "--export-all", "--base-path=" + basePath, "--enable=receive-pack", basePath.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
        } catch (IOException e) {
            throw new AssertionError("cannot run git daemon (is git installed? .ci/run installs it)", e);
        }
        Process started = process;
        await("git daemon on 127.0.0.1:" + port).atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                .failFast("git daemon exited; its log: " + logText(), () -> !started.isAlive())
                .until(() -> accepts(port));
    }

    /** Stops the daemon and what it forked; the port refuses connections afterwards. */
    synchronized void stop() {
        if (process == null) {
            return;
        }
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        children.forEach(ProcessHandle::destroy);
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        children.forEach(ProcessHandle::destroyForcibly);
        process = null;
        await("port " + port + " closed").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                .until(() -> !accepts(port));
    }

    /** {@code git://127.0.0.1:<port>/<name>}. */
    String url(String name) {
        return "git://127.0.0.1:" + port + "/" + name;
    }

    /** A new repository served as {@link #url(String) url(name)}. */
    GitRepo repo(String name) {
        return GitRepo.create(basePath, name);
    }

    @Override
    public void close() {
        stop();
    }

    private String logText() {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "(empty)";
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
            return true;
        } catch (IOException refused) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
