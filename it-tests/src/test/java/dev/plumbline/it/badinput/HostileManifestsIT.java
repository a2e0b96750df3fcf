package dev.plumbline.it.badinput;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.plumbline.engine.state.StackStatus;
import dev.plumbline.engine.state.StateStore;
import dev.plumbline.it.fixture.AgentProcess;
import dev.plumbline.it.fixture.Scenario;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent as a process, with two stacks in one repository, and a commit that puts an alias bomb (a few
 * hundred bytes that expand to millions of values) and a document nested 100,000 levels deep into one of
 * them. That stack stalls with both problems located, and nothing of the commit is applied; the other stack
 * goes on applying later commits, the agent stays live and ready, and once the commit is reverted both
 * converge.
 */
class HostileManifestsIT {

    private static final Duration CONVERGE = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void aBombAndADeepDocumentStallTheirStackOnlyAndAfterTheRevertBothConverge() throws Exception {
        Scenario scenario = Scenario.overFile(dir);
        writeConfig(scenario);
        scenario.repo().write("stacks/web/motd.yaml", Scenario.fileManifest("motd", "web/motd", "one"))
                .write("stacks/api/conf.yaml", Scenario.fileManifest("conf", "api/conf", "one"));
        String first = scenario.repo().commit("Two stacks");

        try (AgentProcess agent = AgentProcess.start(scenario.config(), dir.resolve("agent.log"))) {
            await().atMost(CONVERGE).until(() -> applied(scenario, "web", first) && applied(scenario, "api", first));
            String url = agent.adminUrl().orElseThrow(() -> new AssertionError("no admin URL in\n" + agent.log()));

            scenario.repo().write("stacks/api/conf.yaml", Scenario.fileManifest("conf", "api/conf", "two"))
                    .write("stacks/api/bomb.yaml", bomb())
                    .write("stacks/api/deep.yaml", "spec: " + "[".repeat(100_000) + "\n");
            String bad = scenario.repo().commit("A bomb and a deep document");

            await().atMost(CONVERGE).until(() -> status(scenario, "api")
                    .filter(s -> bad.equals(s.lastAttemptedRevision()) && s.condition().equals("Stalled"))
                    .isPresent());
            StackStatus stalled = status(scenario, "api").orElseThrow();
            assertThat(stalled.reason()).isEqualTo("RenderFailed");
            assertThat(stalled.message().lines()).containsExactly(
                    "stacks/api/bomb.yaml:1:1: aliases repeat nodes in this document until it holds 3587240 values,"
                            + " more than 100000 beyond what it spells out; write the repeated parts out, or repeat"
                            + " less through aliases",
                    "stacks/api/deep.yaml:1:206: lists and mappings are nested more than 200 levels deep here;"
                            + " reduce the nesting (a '[' or '{' that is never closed can cause this)");
            assertThat(stalled.lastAppliedRevision()).isEqualTo(first);
            assertThat(scenario.liveFile("api/conf")).as("nothing of the bad commit is applied").isEqualTo("one");
            assertThat(get(url, "/healthz").statusCode()).isEqualTo(200);
            assertThat(get(url, "/readyz").statusCode()).isEqualTo(200);

            scenario.repo().write("stacks/web/motd.yaml", Scenario.fileManifest("motd", "web/motd", "two"));
            String later = scenario.repo().commit("The other stack moves on");

            await().atMost(CONVERGE).until(() -> applied(scenario, "web", later));
            assertThat(scenario.liveFile("web/motd")).isEqualTo("two");
            await().atMost(CONVERGE).until(() -> status(scenario, "api")
                    .filter(s -> later.equals(s.lastAttemptedRevision())).isPresent());
            assertThat(status(scenario, "api").orElseThrow().condition()).isEqualTo("Stalled");
            assertThat(get(url, "/healthz").statusCode()).isEqualTo(200);
            assertThat(get(url, "/readyz").statusCode()).isEqualTo(200);

            scenario.repo().write("stacks/api/conf.yaml", Scenario.fileManifest("conf", "api/conf", "one"))
                    .delete("stacks/api/bomb.yaml").delete("stacks/api/deep.yaml");
            String reverted = scenario.repo().commit("Revert \"A bomb and a deep document\"");

            await().atMost(CONVERGE).until(() -> applied(scenario, "api", reverted)
                    && applied(scenario, "web", reverted));
            assertThat(scenario.liveFile("api/conf")).isEqualTo("one");
            assertThat(scenario.liveFile("web/motd")).isEqualTo("two");
            assertThat(get(url, "/healthz").statusCode()).isEqualTo(200);
            assertThat(agent.isAlive()).isTrue();
            assertThat(agent.log()).doesNotContain("OutOfMemoryError", "StackOverflowError");
        }
    }

    /** Three aliases a level, twelve levels: 36 aliases, a few hundred bytes, 3.6 million values expanded. */
    private static String bomb() {
        StringBuilder text = new StringBuilder("""
                apiVersion: files.plumbline.dev/v1
                kind: File
                metadata: { name: bomb }
                l0: &l0 [lol, lol, lol]
                """);
        for (int i = 1; i <= 12; i++) {
            String previous = "*l" + (i - 1);
            text.append("l").append(i).append(": &l").append(i).append(" [").append(previous).append(", ")
                    .append(previous).append(", ").append(previous).append("]\n");
        }
        return text.toString();
    }

    private static void writeConfig(Scenario scenario) throws IOException {
        StringBuilder stacks = new StringBuilder();
        for (String stack : new String[] {"web", "api"}) {
            stacks.append("""
                      - name: %s
                        source: infra
                        path: stacks/%s
                        provider: local
                        sync: { auto: true, prune: true, selfHeal: true }
                        driftInterval: 1h
                    """.formatted(stack, stack));
        }
        Files.writeString(scenario.config(), """
                stateDir: ./state
                admin:
                  listen: 127.0.0.1:0
                sources:
                  - name: infra
                    url: %s
                    ref: main
                    interval: 1s
                providers:
                  - name: local
                    type: files
                    root: ./live
                stacks:
                %s""".formatted(scenario.url(), stacks), StandardCharsets.UTF_8);
    }

    private static Optional<StackStatus> status(Scenario scenario, String stack) {
        try (StateStore store = scenario.store()) {
            return store.status(stack);
        }
    }

    /** Whether the stack is Ready with {@code sha} applied. */
    private static boolean applied(Scenario scenario, String stack, String sha) {
        return status(scenario, stack).filter(s -> s.condition().equals("Ready")
                && sha.equals(s.lastAppliedRevision())).isPresent();
    }

    private HttpResponse<String> get(String url, String path) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException("the agent does not answer " + path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
