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
    void aNotificationUrlThatIsNoUrlStopsTheStartWithoutShowingIt() throws IOException {
        AgentConfig config = ConfigLoader.load(Files.writeString(dir.resolve("plumbline.yaml"), """
                stateDir: ./state
                admin: { listen: 127.0.0.1:0 }
                notifications:
                  - { name: chat, type: slack, urlEnv: SLACK_URL }
                """));

        StalledException refused = catchThrowableOfType(StalledException.class,
                () -> Agent.start(config, Clock.systemUTC(), Telemetry.off(), Map.of("SLACK_URL", "hooks.slack.com/T0/s3cr3t")));

        assertThat(refused.problems()).extracting(Problem::toString).containsExactly(dir.resolve("plumbline.yaml")
                + ":4:40: the URL of notification 'chat' (env SLACK_URL) must be an http:// or https:// URL with a host");
        assertThat(refused.getMessage()).doesNotContain("s3cr3t");
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

    @Test
    void aDaemonWhosePortIsTakenOpensNothingAndNamesThePort() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1,
                java.net.InetAddress.getByName("127.0.0.1"))) {
            AgentConfig config = config("  listen: 127.0.0.1:" + taken.getLocalPort());

            StalledException refused = catchThrowableOfType(StalledException.class,
                    () -> Daemon.start(config, Clock.systemUTC(), Map.of()));

            assertThat(refused.reason()).isEqualTo(Reasons.INVALID_CONFIG);
            assertThat(refused.problems()).singleElement().satisfies(problem -> assertThat(problem.toString())
                    .startsWith(dir.resolve("plumbline.yaml") + ":3:").contains("127.0.0.1:" + taken.getLocalPort()));
            assertThat(dir.resolve("state")).as("no state store, no mirror, no lock: nothing was started")
                    .doesNotExist();
        }
    }

    @Test
    void theDaemonServesBeforeItPollsSoNothingIsReconciledByAnAgentThatCannotBeOperated() throws Exception {
        AgentConfig config = ConfigLoader.load(Files.writeString(dir.resolve("plumbline.yaml"), """
                stateDir: ./state
                admin:
                  listen: 127.0.0.1:0
                sources:
                  - { name: infra, url: ./no-such-repo.git, interval: 1h }
                providers:
                  - { name: local, type: files, root: ./live }
                stacks:
                  - { name: web, source: infra, provider: local, driftInterval: 1h }
                """));

        try (Agent opened = Agent.open(config, Clock.systemUTC(), Telemetry.off(), Map.of())) {
            assertThat(opened.nextRun("web")).as("opened, not scheduled").isEmpty();
        }
        try (Daemon daemon = Daemon.start(config, Clock.systemUTC(), Map.of())) {
            HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(daemon.url() + "/healthz")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(daemon.agent().nextRun("web")).as("scheduled once serving").isPresent();
        }
    }
}
