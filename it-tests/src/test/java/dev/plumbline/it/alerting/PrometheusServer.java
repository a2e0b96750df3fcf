package dev.plumbline.it.alerting;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A real Prometheus server ({@code /usr/bin/prometheus} of Debian's package {@code prometheus}) on a free
 * loopback port, its data in a directory of the test's, run with a config the test writes; closing it stops
 * the process (SIGTERM, then SIGKILL after 10 s). Queries go through its HTTP API, as Grafana's do.
 */
final class PrometheusServer implements AutoCloseable {

    private static final Duration READY_WITHIN = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final Path log;
    private final String url;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private PrometheusServer(Process process, Path log, String url) {
        this.process = process;
        this.log = log;
        this.url = url;
    }

    /**
     * A config that scrapes the agent at {@code target} ({@code host:port}) as job {@code plumbline} and evaluates
     * {@code plumbline.rules.yml} beside it, both every second.
     */
    static String scrapingAgent(String target) {
        return """
                global:
                  scrape_interval: 1s
                  scrape_timeout: 1s
                  evaluation_interval: 1s
                rule_files:
                  - plumbline.rules.yml
                scrape_configs:
                  - job_name: plumbline
                    static_configs:
                      - targets: ["%s"]
                """.formatted(target);
    }

    /**
     * Starts Prometheus in {@code dir} with {@code config} (the text of {@code prometheus.yml}, whose relative
     * {@code rule_files} are read from {@code dir}) and waits until it is ready.
     */
    static PrometheusServer start(Path dir, String config) throws IOException {
        Files.createDirectories(dir);
        Path file = Files.writeString(dir.resolve("prometheus.yml"), config, StandardCharsets.UTF_8);
        Path log = dir.resolve("prometheus.log");
        String address = "127.0.0.1:" + freePort();
        Process process = new ProcessBuilder(PrometheusTools.binary("prometheus"), "--config.file=" + file,
                "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=" + address,
                "--log.level=info")
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        PrometheusServer server = new PrometheusServer(process, log, "http://" + address);
        try {
            await("Prometheus at " + address + " ready").atMost(READY_WITHIN).pollInterval(Duration.ofMillis(200))
                    .until(() -> {
                        if (!process.isAlive()) {
                            throw new IllegalStateException("Prometheus exited with " + process.exitValue()
                                    + ":\n" + server.log());
                        }
                        return server.status("/-/ready") == 200;
                    });
        } catch (RuntimeException e) {
            String output = server.log();
            server.close();
            throw new AssertionError("Prometheus did not start: " + e.getMessage() + "\n" + output, e);
        }
        return server;
    }

    String url() {
        return url;
    }

    /** The answer of {@code GET /api/v1/query} for {@code expression} at now: status, data or error. */
    JsonNode query(String expression) {
        return get("/api/v1/query?query=" + URLEncoder.encode(expression, StandardCharsets.UTF_8));
    }

    /** The result vector of an instant query that must succeed. */
    List<JsonNode> vector(String expression) {
        JsonNode answer = query(expression);
        if (!"success".equals(answer.path("status").asText())) {
            throw new AssertionError("query " + expression + " failed: " + answer);
        }
        List<JsonNode> samples = new ArrayList<>();
        answer.path("data").path("result").forEach(samples::add);
        return samples;
    }

    /** Every alert pending or firing now ({@code GET /api/v1/alerts}). */
    List<JsonNode> alerts() {
        List<JsonNode> alerts = new ArrayList<>();
        get("/api/v1/alerts").path("data").path("alerts").forEach(alerts::add);
        return alerts;
    }

    /** Every rule group as loaded, with each rule's health and last error ({@code GET /api/v1/rules}). */
    JsonNode rules() {
        return get("/api/v1/rules").path("data");
    }

    JsonNode get(String path) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url + path))
                    .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** What Prometheus logged so far. */
    String log() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private int status(String path) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofSeconds(2)).GET()
                    .build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConditionTimeoutException("interrupted");
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
