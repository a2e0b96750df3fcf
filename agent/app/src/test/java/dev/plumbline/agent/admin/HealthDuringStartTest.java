package dev.plumbline.agent.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.plumbline.agent.Daemon;
import dev.plumbline.config.ConfigLoader;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A starting agent is live before it is ready: {@code /healthz} answers 200 as soon as the HTTP server serves,
 * while the first fetch of a source is still under way, and {@code /readyz} answers 503 naming the source not
 * fetched yet. A liveness probe with a short initial delay (Kubernetes, deploy/kubernetes) must not kill an
 * agent whose first clone of a large repository takes minutes. The source here is a {@code git://} URL of a
 * server that accepts the connection and never answers, so the fetch hangs for its network timeout (60 s).
 */
class HealthDuringStartTest {

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void healthzIsOkAndReadyzNotReadyWhileTheFirstFetchHangs() throws Exception {
        Silent git = Silent.start();
        try {
            Path config = Files.writeString(dir.resolve("plumbline.yaml"), """
                    stateDir: ./state
                    admin:
                      listen: 127.0.0.1:0
                    sources:
                      - { name: infra, url: "git://127.0.0.1:%d/infra.git", ref: main, interval: 1h }
                    providers:
                      - { name: local, type: files, root: ./live }
                    stacks:
                      - { name: web, source: infra, path: web, provider: local }
                    """.formatted(git.port()));
            try (Daemon daemon = Daemon.start(ConfigLoader.load(config), Clock.systemUTC(), Map.of())) {
                await().atMost(Duration.ofSeconds(20)).until(() -> git.accepted() > 0); // the first fetch is under way

                // the fetch keeps hanging (60 s timeout): every probe for 3 s says live and not ready
                await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
                        .pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
                    HttpResponse<String> live = get(daemon, "/healthz");
                    assertThat(live.statusCode()).as(live.body()).isEqualTo(200);
                    assertThat(json.readTree(live.body()).path("status").asText()).isEqualTo("ok");

                    HttpResponse<String> ready = get(daemon, "/readyz");
                    assertThat(ready.statusCode()).as(ready.body()).isEqualTo(503);
                    JsonNode body = json.readTree(ready.body());
                    assertThat(body.path("status").asText()).isEqualTo("not ready");
                    assertThat(body.path("checks").path("sources").path("infra").asText()).isEqualTo("not fetched yet");
                    assertThat(daemon.agent().fetched("infra")).isFalse();
                });
                assertThat(git.accepted()).as("the fetch still hangs on its one connection").isEqualTo(1);
                git.close(); // ends the hanging fetch (it fails), so that the agent stops at once
            }
        } finally {
            git.close();
        }
    }

    private HttpResponse<String> get(Daemon daemon, String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(daemon.url() + path)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A TCP server on loopback that accepts connections, reads what comes, and never writes a byte. */
    private static final class Silent implements AutoCloseable {

        private final ServerSocket server;
        private final List<Socket> connections = new CopyOnWriteArrayList<>();

        private Silent(ServerSocket server) {
            this.server = server;
        }

        static Silent start() throws IOException {
            Silent silent = new Silent(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
            Thread acceptor = new Thread(silent::accept, "silent-git-server");
            acceptor.setDaemon(true);
            acceptor.start();
            return silent;
        }

        private void accept() {
            while (!server.isClosed()) {
                try {
                    Socket socket = server.accept();
                    connections.add(socket);
                    Thread reader = new Thread(() -> drain(socket), "silent-git-connection");
                    reader.setDaemon(true);
                    reader.start();
                } catch (IOException e) {
                    return; // closed
                }
            }
        }

        private static void drain(Socket socket) {
            try (InputStream in = socket.getInputStream()) {
                in.transferTo(java.io.OutputStream.nullOutputStream());
            } catch (IOException e) {
                // closed
            }
        }

        int port() {
            return server.getLocalPort();
        }

        int accepted() {
            return connections.size();
        }

        @Override
        public void close() throws IOException {
            server.close();
            for (Socket socket : connections) {
                socket.close();
            }
        }
    }
}
