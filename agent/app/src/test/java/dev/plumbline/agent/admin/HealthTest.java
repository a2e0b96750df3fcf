package dev.plumbline.agent.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.plumbline.agent.Daemon;
import dev.plumbline.config.ConfigLoader;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /healthz} says whether the agent's loop is alive: its schedule fires (a heartbeat every 10 s). */
class HealthTest {

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void healthzFailsWhenTheScheduleHasNotFiredForAMinuteAndIsOkOnceItFiresAgain() throws Exception {
        MovedClock clock = new MovedClock();
        try (Daemon daemon = Daemon.start(ConfigLoader.load(Files.writeString(dir.resolve("plumbline.yaml"), """
                stateDir: ./state
                admin:
                  listen: 127.0.0.1:0
                providers:
                  - { name: local, type: files, root: ./live }
                """)), clock, Map.of())) {
            assertThat(get(daemon, "/healthz").statusCode()).isEqualTo(200);
            assertThat(get(daemon, "/healthz").body()).isEqualToIgnoringWhitespace("{\"status\":\"ok\"}");

            clock.move(Duration.ofMinutes(2)); // two minutes in which the schedule did not fire its heartbeat

            HttpResponse<String> dead = get(daemon, "/healthz");
            assertThat(dead.statusCode()).isEqualTo(503);
            JsonNode error = new ObjectMapper().readTree(dead.body()).path("error");
            assertThat(error.path("reason").asText()).isEqualTo("SchedulerStopped");
            assertThat(error.path("message").asText()).startsWith("the scheduler has stopped firing: heartbeat (due 1")
                    .endsWith("s ago) did not start (the heartbeat is due every 10s, a task may start 60s late)");
            assertThat(get(daemon, "/readyz").statusCode()).as("readiness is another question").isEqualTo(200);

            // the scheduler is alive: its next heartbeat, due within 10 s, makes the agent live again
            await().atMost(Duration.ofSeconds(30)).until(() -> get(daemon, "/healthz").statusCode() == 200);
        }
    }

    private HttpResponse<String> get(Daemon daemon, String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(daemon.url() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
