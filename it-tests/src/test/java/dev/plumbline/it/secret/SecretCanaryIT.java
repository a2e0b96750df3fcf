package dev.plumbline.it.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.plumbline.it.fixture.AgentProcess;
import dev.plumbline.it.fixture.Cli;
import dev.plumbline.it.fixture.Scenario;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A secret in a manifest ({@code ${secret:env:...}}) reaches the live file and nothing else: after create,
 * update and a healed drift, the canary value is searched for in the state store's files, the agent's log,
 * the files provider's records, the Git mirror, and every API answer, and found nowhere.
 */
class SecretCanaryIT {

    @TempDir
    Path dir;

    @Test
    void aSecretIsAppliedAndFoundNowhereElse() throws Exception {
        String canary = "canary-" + UUID.randomUUID();
        Scenario scenario = Scenario.overFile(dir);
        scenario.writeOperatedConfig(Scenario.Options.defaults().driftInterval("1s"));
        Files.writeString(scenario.config(), "secrets:\n  env: [APP_PASSWORD]\n", StandardOpenOption.APPEND);
        scenario.repo().write("stacks/web/secret.yaml", """
                apiVersion: files.plumbline.dev/v1
                kind: File
                metadata: { name: secret-conf }
                spec:
                  path: app/secret.conf
                  mode: "0600"
                  content: "password=${secret:env:APP_PASSWORD}\\nuser=app\\n"
                """);
        scenario.repo().commit("A file with a secret");
        Map<String, String> environment = new HashMap<>(dev.plumbline.it.fixture.Operated.ENV);
        environment.put("APP_PASSWORD", canary);

        Path log = dir.resolve("agent.log");
        try (AgentProcess agent = AgentProcess.start(scenario.config(), log, environment, "--log-level", "debug")) {
            await().atMost(Duration.ofSeconds(60)).until(() -> ("password=" + canary + "\nuser=app\n")
                    .equals(scenario.liveFile("app/secret.conf")));

            scenario.repo().write("stacks/web/secret.yaml", Files.readString(scenario.repo().workDir()
                    .resolve("stacks/web/secret.yaml")).replace("user=app", "user=app2"));
            scenario.repo().commit("Another user");
            await().atMost(Duration.ofSeconds(60)).until(() -> ("password=" + canary + "\nuser=app2\n")
                    .equals(scenario.liveFile("app/secret.conf")));

            Files.writeString(scenario.live().resolve("app/secret.conf"), "tampered\n");
            await().atMost(Duration.ofSeconds(60)).until(() -> ("password=" + canary + "\nuser=app2\n")
                    .equals(scenario.liveFile("app/secret.conf")));

            String url = agent.adminUrl().orElseThrow();
            assertThat(post(url + "/api/v1/stacks/web/pause")).isEqualTo(200);
            scenario.repo().write("stacks/web/secret.yaml", Files.readString(scenario.repo().workDir()
                    .resolve("stacks/web/secret.yaml")).replace("user=app2", "user=app3"));
            String pending = scenario.repo().commit("A change that waits");
            await().atMost(Duration.ofSeconds(30)).until(() -> get(url + "/api/v1/stacks/web/plan").contains(pending));
            assertThat(get(url + "/api/v1/stacks/web/plan")).as("the pending change is planned, masked")
                    .contains("\"action\" : \"update\"", "(sensitive)");
            StringBuilder answers = new StringBuilder();
            for (String path : List.of("/api/v1/stacks", "/api/v1/stacks/web", "/api/v1/stacks/web/plan",
                    "/api/v1/stacks/web/history?limit=500", "/api/v1/audit", "/metrics")) {
                answers.append(get(url + path));
            }
            assertThat(answers.toString()).contains("\"name\" : \"web\"", "plumbline_reconciles_total")
                    .doesNotContain(canary);
            assertThat(agent.terminate()).isIn(0, 143);
        }

        assertThat(Files.readString(log)).as("the agent's log, at debug").contains("secret-conf")
                .doesNotContain(canary);
        for (Path place : List.of(scenario.stateDir(), scenario.live().resolve(".plumbline"))) {
            try (Stream<Path> files = Files.walk(place)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    assertThat(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1))
                            .as("%s holds no secret", file).doesNotContain(canary);
                }
            }
        }
    }

    private static int post(String url) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + dev.plumbline.it.fixture.Operated.OPERATOR)
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    private static String get(String url) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + dev.plumbline.it.fixture.Operated.VIEWER).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(url).isEqualTo(200);
        return response.body();
    }

    /**
     * A committer cannot read the agent's machine: with nothing granted, references to the agent's own
     * environment and files are validation errors at their positions, the commit changes nothing, and no
     * message carries a resolved path or a value.
     */
    @Test
    void aCommitCannotReadWhatTheAgentConfigDidNotGrant() throws Exception {
        Scenario scenario = Scenario.overFile(dir);
        scenario.writeConfig(Scenario.Options.defaults());
        Path agentToken = Files.writeString(dir.resolve("operator-token"), "operator-" + UUID.randomUUID());
        scenario.manifest("motd", "motd", "hello").repo().commit("a file");
        Cli.Result first = Cli.run("apply", "--config", scenario.config().toString());
        assertThat(first.code()).as(first.toString()).isZero();
        scenario.repo().write("stacks/web/steal.yaml", """
                apiVersion: files.plumbline.dev/v1
                kind: File
                metadata: { name: steal }
                spec:
                  path: stolen.txt
                  content: "${secret:file:%s} ${secret:file:../operator-token} ${secret:env:HOME}"
                """.formatted(agentToken));
        scenario.repo().commit("read the agent's files");

        Cli.Result validate = Cli.run("validate", "--config", scenario.config().toString());
        Cli.Result apply = Cli.run("apply", "--config", scenario.config().toString());

        for (Cli.Result refused : List.of(validate, apply)) {
            assertThat(refused.code()).as(refused.toString()).isEqualTo(1);
            assertThat(refused.err()).contains("stacks/web/steal.yaml:6:12: the secret reference ${secret:file:"
                            + agentToken + "} is not granted",
                    "stacks/web/steal.yaml:6:12: the secret reference ${secret:file:../operator-token} may not"
                            + " contain '..'",
                    "stacks/web/steal.yaml:6:12: the secret reference ${secret:env:HOME} is not granted")
                    .doesNotContain(Files.readString(agentToken)).doesNotContain("\tat ");
        }
        assertThat(scenario.live().resolve("stolen.txt")).doesNotExist();
        assertThat(scenario.liveFile("motd")).isEqualTo("hello");
    }
}
