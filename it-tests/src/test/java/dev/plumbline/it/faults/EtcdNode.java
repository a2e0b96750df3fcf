package dev.plumbline.it.faults;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real single-member etcd that a test can kill with SIGKILL and start again on the same ports and data
 * directory (the shared {@code EtcdServer} fixture starts afresh on new ports): a key-value store that
 * crashes and comes back with its data. Keys are read and written with {@code etcdctl}, as a person does.
 * A missing {@code etcd} or {@code etcdctl} fails the test.
 */
final class EtcdNode implements AutoCloseable {

    private static final Duration READY_WITHIN = Duration.ofSeconds(30);

    private final Path dir;
    private final int clientPort;
    private final int peerPort;
    private Process process;

    private EtcdNode(Path dir, int clientPort, int peerPort) {
        this.dir = dir;
        this.clientPort = clientPort;
        this.peerPort = peerPort;
    }

    /** Starts a member on two free loopback ports with its data in a new temporary directory. */
    static EtcdNode start() {
        try {
            EtcdNode node = new EtcdNode(Files.createTempDirectory("plumbline-faults-etcd-"), freePort(), freePort());
            node.restart();
            return node;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot set up etcd", e);
        }
    }

    /** Starts the member (again) on its ports and data directory; waits until it is healthy. */
    synchronized void restart() {
        if (process != null && process.isAlive()) {
            return;
        }
        String client = endpoint();
        String peer = "http://127.0.0.1:" + peerPort;
        try {
            process = new ProcessBuilder("etcd", "--name", "n", "--data-dir", dir.resolve("data").toString(),
                    "--listen-client-urls", client, "--advertise-client-urls", client, "--listen-peer-urls", peer,
                    "--initial-advertise-peer-urls", peer, "--initial-cluster", "n=" + peer)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("etcd.log").toFile()))
                    .start();
        } catch (IOException e) {
            throw new AssertionError("etcd is not installed; .ci/run installs it (apt-get install etcd-server"
                    + " etcd-client)", e);
        }
        Process started = process;
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest health = HttpRequest.newBuilder(URI.create(client + "/health")).timeout(Duration.ofSeconds(1))
                .build();
        try {
            await("etcd at " + client + " healthy").atMost(READY_WITHIN).pollInterval(Duration.ofMillis(100))
                    .ignoreExceptions()
                    .failFast("etcd exited", () -> !started.isAlive())
                    .until(() -> {
                        HttpResponse<String> answer = http.send(health, HttpResponse.BodyHandlers.ofString());
                        return answer.statusCode() == 200 && answer.body().contains("\"true\"");
                    });
        } catch (RuntimeException e) {
            throw new AssertionError("etcd did not become healthy; its log ends with:\n" + logTail(), e);
        }
    }

    /** SIGKILL: etcd ends at once, without a word, as in a crash or an OOM kill. */
    synchronized void kill() {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                throw new AssertionError("etcd did not end within 10 s of SIGKILL");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    String endpoint() {
        return "http://127.0.0.1:" + clientPort;
    }

    /** {@code etcdctl get KEY}: the value, or empty when there is no such key. */
    Optional<String> get(String key) {
        String value = etcdctl("get", key, "--print-value-only");
        return value.isEmpty() ? Optional.empty() : Optional.of(value);
    }

    /** {@code etcdctl put KEY VALUE}. */
    void put(String key, String value) {
        etcdctl("put", key, value);
    }

    @Override
    public synchronized void close() {
        if (process != null) {
            process.destroy();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
            process = null;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }

    private String etcdctl(String... arguments) {
        List<String> command = new ArrayList<>(List.of("etcdctl", "--endpoints=" + endpoint(),
                "--command-timeout=5s"));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().put("ETCDCTL_API", "3");
        try {
            Process etcdctl = builder.start();
            String output = new String(etcdctl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!etcdctl.waitFor(30, TimeUnit.SECONDS) || etcdctl.exitValue() != 0) {
                throw new AssertionError(String.join(" ", command) + " failed: " + output);
            }
            return output.strip();
        } catch (IOException e) {
            throw new AssertionError("etcdctl is not installed; .ci/run installs it (apt-get install etcd-client)",
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private String logTail() {
        try {
            Path log = dir.resolve("etcd.log");
            List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(cannot read the log: " + e.getMessage() + ")";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
