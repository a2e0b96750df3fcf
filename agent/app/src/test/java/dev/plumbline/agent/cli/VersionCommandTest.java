package dev.plumbline.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.plumbline.agent.Daemon;
import dev.plumbline.config.ConfigLoader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code plumbline version} and {@code --version}: the client's version and commit from the jar's manifest
 * ("development" and "unknown" from classes, as here); with {@code --server} the agent's, from
 * {@code GET /api/v1/version}; and the agent's {@code plumbline_build_info} gauge.
 */
class VersionCommandTest {

    private static final String VIEWER_TOKEN = "viewer-token-0123456789";

    @TempDir
    Path dir;

    private record Result(int code, String out, String err) {
    }

    private static Result run(Map<String, String> environment, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, environment, new PrintWriter(out), new PrintWriter(err));
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void printsTheVersionTheCommitAndTheJava() {
        Result result = run(Map.of(), "version");

        assertThat(result.code()).as(result.err()).isZero();
        List<String> lines = result.out().lines().toList();
        assertThat(lines).hasSize(2);
        // run from classes: no manifest, so the words that say so
        assertThat(lines.get(0)).isEqualTo("plumbline development (commit unknown)");
        assertThat(lines.get(1)).startsWith("java " + System.getProperty("java.version") + " (")
                .endsWith(") at " + System.getProperty("java.home"));
    }

    @Test
    void dashDashVersionShowsTheCommitToo() {
        Result result = run(Map.of(), "--version");

        assertThat(result.code()).isZero();
        assertThat(result.out()).isEqualTo("plumbline development (commit unknown)" + System.lineSeparator());
    }

    @Test
    void theManifestSaysWhatTheBuildIs() throws IOException {
        BuildInfo built = BuildInfo.of(Optional.of(manifest("""
                Manifest-Version: 1.0
                Implementation-Version: 1.4.0
                Implementation-Revision: 1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d
                Build-Time: 2026-11-30T10:00:00Z
                """)));

        assertThat(built).isEqualTo(new BuildInfo("1.4.0", "1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d",
                "2026-11-30T10:00:00Z"));
        assertThat(built.shortRevision()).isEqualTo("1a2b3c4");
        assertThat(built.describe()).isEqualTo("plumbline 1.4.0 (commit 1a2b3c4, built 2026-11-30T10:00:00Z)");

        // built from sources without .git: the build writes "unknown"; an older jar has no entry at all
        BuildInfo fromTarball = BuildInfo.of(Optional.of(manifest("""
                Manifest-Version: 1.0
                Implementation-Version: 1.4.0
                Implementation-Revision: unknown
                """)));
        assertThat(fromTarball.describe()).isEqualTo("plumbline 1.4.0 (commit unknown)");
        BuildInfo blank = BuildInfo.of(Optional.of(manifest("""
                Manifest-Version: 1.0
                Implementation-Version: 1.4.0
                Implementation-Revision:\s
                """)));
        assertThat(blank.revision()).isEqualTo("unknown");
        assertThat(BuildInfo.of(Optional.empty())).isEqualTo(new BuildInfo("development", "unknown", "unknown"));
    }

    @Test
    void readsTheManifestOfTheJarAClassCameFrom() {
        assertThat(BuildInfo.manifestOf(picocli.CommandLine.class)).get()
                .extracting(manifest -> manifest.getMainAttributes().getValue("Implementation-Version"))
                .isNotNull();
        assertThat(BuildInfo.manifestOf(VersionCommandTest.class)).as("from a directory of classes").isEmpty();
    }

    @Test
    void withServerAsksTheAgentWhichAlsoServesItsBuildInfoAsAMetric() throws Exception {
        Map<String, String> environment = Map.of("DASH", VIEWER_TOKEN);
        try (Daemon daemon = Daemon.start(ConfigLoader.load(Files.writeString(dir.resolve("plumbline.yaml"), """
                stateDir: ./state
                admin:
                  listen: 127.0.0.1:0
                  tokens:
                    - { name: dash, role: viewer, tokenEnv: DASH }
                providers:
                  - { name: local, type: files, root: ./live }
                """)), Clock.systemUTC(), environment)) {
            Result result = run(Map.of("PLUMBLINE_TOKEN", VIEWER_TOKEN), "version", "--server", daemon.url());

            assertThat(result.code()).as(result.err()).isZero();
            assertThat(result.out().lines().toList()).hasSize(3).first()
                    .isEqualTo("plumbline development (commit unknown)");
            assertThat(result.out().lines().toList().get(2))
                    .isEqualTo("agent at " + daemon.url() + ": plumbline development (commit unknown)");

            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(daemon.url() + "/api/v1/version"))
                    .header("Authorization", "Bearer " + VIEWER_TOKEN).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).isEqualTo(200);
            JsonNode body = new ObjectMapper().readTree(answer.body());
            assertThat(body.properties()).extracting(Map.Entry::getKey).containsExactly("version", "revision");
            assertThat(body.path("version").asText()).isEqualTo("development");
            assertThat(body.path("revision").asText()).isEqualTo("unknown");

            HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(
                    URI.create(daemon.url() + "/api/v1/version")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(anonymous.statusCode()).as("a viewer's token is needed").isEqualTo(401);
            Result refused = run(Map.of(), "version", "--server", daemon.url());
            assertThat(refused.code()).isEqualTo(1);
            assertThat(refused.out()).startsWith("plumbline development");
            assertThat(refused.err()).isEqualTo("error: the agent at " + daemon.url() + " refused the token (401):"
                    + " set PLUMBLINE_TOKEN or --token-file to a valid token" + System.lineSeparator());

            String metrics = http.send(HttpRequest.newBuilder(URI.create(daemon.url() + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertThat(metrics.lines()).filteredOn(line -> line.startsWith("plumbline_build_info"))
                    .singleElement().satisfies(line -> assertThat(line)
                            .contains("version=\"development\"", "revision=\"unknown\"").matches(".* 1(\\.0)?"));
        }
    }

    @Test
    void anAgentThatCannotBeReachedIsAnError() throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }

        Result result = run(Map.of(), "version", "--server", "http://127.0.0.1:" + closed);

        assertThat(result.code()).isEqualTo(1);
        assertThat(result.out()).startsWith("plumbline development (commit unknown)");
        assertThat(result.err()).isEqualTo("error: cannot reach the agent at http://127.0.0.1:" + closed
                + ": connection refused" + System.lineSeparator());
    }

    private static Manifest manifest(String text) throws IOException {
        return new Manifest(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }
}
