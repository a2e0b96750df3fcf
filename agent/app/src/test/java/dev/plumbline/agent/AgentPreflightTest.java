package dev.plumbline.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.plumbline.agent.admin.AdminServer;
import dev.plumbline.agent.telemetry.Telemetry;
import dev.plumbline.config.AgentConfig;
import dev.plumbline.config.ConfigLoader;
import dev.plumbline.problem.Problem;
import dev.plumbline.problem.Reasons;
import dev.plumbline.problem.StalledException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent checks what its config refers to before it opens anything, and serves on the port held for it. */
class AgentPreflightTest {

    @TempDir
    Path dir;

    private AgentConfig config(String admin) throws IOException {
        return ConfigLoader.load(Files.writeString(dir.resolve("plumbline.yaml"), """
                stateDir: ./state
                admin:
                %s
                providers:
                  - { name: local, type: files, root: ./live }
                """.formatted(admin)));
    }

    @Test
    void aMissingTokenVariableStopsTheStartBeforeTheStateStoreOpens() throws IOException {
        AgentConfig config = config("  listen: 127.0.0.1:0\n  tokens:\n"
                + "    - { name: ops, role: operator, tokenEnv: OPS_TOKEN }");

        StalledException refused = catchThrowableOfType(StalledException.class,
                () -> Agent.start(config, Clock.systemUTC(), Telemetry.off(), Map.of()));

        assertThat(refused.reason()).isEqualTo(Reasons.INVALID_CONFIG);
        assertThat(refused.problems()).extracting(Problem::toString).containsExactly(dir.resolve("plumbline.yaml")
                + ":5:46: admin token 'ops': environment variable OPS_TOKEN is not set");
        assertThat(dir.resolve("state")).doesNotExist();
    }

    @Test
    void theAdminServerServesOnTheSocketHeldForIt() throws Exception {
        AgentConfig config = config("  listen: 127.0.0.1:0");
        List<Problem> problems = new ArrayList<>();

        try (AdminServer.Reservation reservation = AdminServer.reserve(config.admin(), problems).orElseThrow();
             Daemon daemon = Daemon.start(config, Clock.systemUTC(), Map.of())) {
            assertThat(daemon.url()).isEqualTo("http://127.0.0.1:" + reservation.port());
            HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(daemon.url() + "/healthz")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
        }
        assertThat(problems).isEmpty();
    }
}
