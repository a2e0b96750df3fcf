package dev.plumbline.provider.etcd;

import dev.plumbline.provider.ProcessSignals;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * One running etcd member for {@link EtcdServer}: started from a binary on two free loopback ports (client
 * and peer) with its data and log ({@code etcd.log}) in a fresh temporary directory, healthy once its
 * {@code /health} says so, and stopped by its own process handle with the directory deleted. A start that
 * lost a race for a port is tried again on new ports. It can be frozen and thawed ({@link #pause()},
 * {@link #resume()}), for tests of a cluster that is there but does not answer, and killed ({@link #kill()}),
 * for tests of one that dies.
 */
final class EtcdProcess {

    private static final Duration READY_WITHIN = Duration.ofSeconds(30);
    private static final int ATTEMPTS = 3;

    private final Path dir;
    private final Process process;
    private final int clientPort;

    private EtcdProcess(Path dir, Process process, int clientPort) {
        this.dir = dir;
        this.process = process;
        this.clientPort = clientPort;
    }

    /** Starts {@code binary} and waits until it is healthy; throws with the end of its log when it is not. */
    static EtcdProcess start(Path binary) {
        return start(binary, List.of());
    }

    /** As {@link #start(Path)}, with more command line flags ({@code --max-request-bytes 16384}). */
    static EtcdProcess start(Path binary, List<String> flags) {
        Path dir;
        try {
            dir = Files.createTempDirectory("plumbline-etcd-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make a directory for etcd", e);
        }
        for (int attempt = 1; ; attempt++) {
            EtcdProcess started = launch(binary, dir, flags);
            if (started.awaitHealthy()) {
                return started;
            }
            String log = started.log();
            started.stopProcess();
            if (attempt >= ATTEMPTS || !log.contains("address already in use")) {
                deleteRecursively(dir);
                throw new IllegalStateException("etcd did not become healthy within " + READY_WITHIN.toSeconds()
                        + " s; its log ends with:\n" + tail(log));
            }
        }
    }

    String endpoint() {
        return "http://127.0.0.1:" + clientPort;
    }

    Path directory() {
        return dir;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Freezes etcd (SIGSTOP): its ports stay open, but it answers nothing until {@link #resume}. Returns once
     * every thread of it is stopped ({@link ProcessSignals}).
     */
    void pause() {
        ProcessSignals.stop(process.pid());
    }

    /** Lets a paused etcd run on (SIGCONT). */
    void resume() {
        ProcessSignals.resume(process.pid());
    }

    /** Kills etcd at once (SIGKILL, which also ends a paused one), as a crash would; the directory stays. */
    void kill() {
        try {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops etcd (SIGTERM, then SIGKILL after 10 s) and deletes its directory. */
    void stop() {
        stopProcess();
        deleteRecursively(dir);
    }

    private static EtcdProcess launch(Path binary, Path dir, List<String> flags) {
        try {
            int clientPort = freePort();
            String clientUrl = "http://127.0.0.1:" + clientPort;
            String peerUrl = "http://127.0.0.1:" + freePort();
            Path data = dir.resolve("data");
            deleteRecursively(data);
            List<String> command = new ArrayList<>(List.of(binary.toString(), "--name", "n", "--data-dir",
                    data.toString(), "--listen-client-urls", clientUrl, "--advertise-client-urls", clientUrl,
                    "--listen-peer-urls", peerUrl, "--initial-advertise-peer-urls", peerUrl,
                    "--initial-cluster", "n=" + peerUrl));
            command.addAll(flags);
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("etcd.log").toFile())
                    .start();
            return new EtcdProcess(dir, process, clientPort);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + binary, e);
        }
    }

    private boolean awaitHealthy() {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest health = HttpRequest.newBuilder(URI.create(endpoint() + "/health"))
                .timeout(Duration.ofSeconds(1)).build();
        try {
            Awaitility.await("etcd at " + endpoint() + " to be healthy").atMost(READY_WITHIN)
                    .pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                    .until(() -> !process.isAlive() || healthy(http, health));
        } catch (ConditionTimeoutException e) {
            return false;
        }
        return process.isAlive();
    }

    private static boolean healthy(HttpClient http, HttpRequest health) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(health, HttpResponse.BodyHandlers.ofString());
        return response.statusCode() == 200 && response.body().contains("\"true\"");
    }

    private void stopProcess() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private String log() {
        try {
            Path log = dir.resolve("etcd.log");
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return "(cannot read the log: " + e.getMessage() + ")";
        }
    }

    private static String tail(String log) {
        List<String> lines = log.lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    }

    private static void deleteRecursively(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + root, e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
