package dev.plumbline.it.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.plumbline.it.fixture.Operated;
import dev.plumbline.it.fixture.Scenario;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every error answer of the agent's HTTP server has the API's shape, {@code {"error": {"reason", "message"}}},
 * served as JSON: an unknown path, a method the path does not take, a path or headers Jetty refuses, a body
 * over the limit. An operator call with a valid token whose body is too large is audited like any other.
 */
class ErrorShapeIT {

    @TempDir
    static Path dir;

    static Operated agent;
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void start() {
        Scenario scenario = Scenario.overFile(dir);
        scenario.writeOperatedConfig(Scenario.Options.defaults().interval("1h"));
        scenario.manifest("motd", "motd", "hello").repo().commit("First");
        agent = Operated.start(scenario);
        await().atMost(Duration.ofSeconds(30)).until(() -> "hello".equals(scenario.liveFile("motd")));
    }

    @AfterAll
    static void stop() {
        agent.close();
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(agent.url() + path));
    }

    /** The answer's error, checked to be the API's shape and JSON. */
    private static JsonNode error(HttpResponse<String> answer, int status, String reason) throws Exception {
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(status);
        assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("application/json"));
        JsonNode error = JSON.readTree(answer.body()).get("error");
        assertThat(error.get("reason").asText()).isEqualTo(reason);
        assertThat(error.get("message").asText()).isNotBlank();
        assertThat(JSON.readTree(answer.body()).size()).isEqualTo(1);
        return error;
    }

    @Test
    void anUnknownPathIsANotFoundError() throws Exception {
        JsonNode error = error(send(request("/api/v1/nothing-here")), 404, "NotFound");

        assertThat(error.get("message").asText()).isEqualTo("there is no endpoint GET /api/v1/nothing-here");
        error(send(request("/favicon.ico")), 404, "NotFound");
    }

    @Test
    void aMethodThePathDoesNotTakeIsMethodNotAllowedNamingTheOnesItDoes() throws Exception {
        HttpResponse<String> answer = send(request("/api/v1/stacks/web/sync"));

        error(answer, 405, "MethodNotAllowed");
        assertThat(answer.headers().firstValue("Allow")).contains("POST");
        error(send(request("/api/v1/stacks").DELETE()), 405, "MethodNotAllowed");
    }

    @Test
    void whatJettyRefusesBeforeTheApiHasTheShapeToo() throws Exception {
        error(send(request("/api/v1/stacks/%00")), 400, "BadRequest");
        error(send(request("/api/v1/stacks").header("X-Padding", "x".repeat(64 * 1024))), 431, "TooLarge");
    }

    @Test
    void anOversizedOperatorPostIsA413ErrorAndAudited() throws Exception {
        byte[] large = ("{\"revision\": \"" + "a".repeat(100 * 1024) + "\"}").getBytes();

        JsonNode declared = error(send(request("/api/v1/stacks/web/rollback")
                .header("Authorization", "Bearer " + Operated.OPERATOR)
                .POST(HttpRequest.BodyPublishers.ofByteArray(large))), 413, "TooLarge");
        error(send(request("/api/v1/stacks/web/pause").header("Authorization", "Bearer " + Operated.OPERATOR)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(large)))),
                413, "TooLarge");

        assertThat(declared.get("message").asText()).isEqualTo("the body is larger than 65536 bytes, the most an"
                + " API call may send");
        JsonNode entries = JSON.readTree(agent.get("/api/v1/audit?limit=10", Operated.VIEWER).body()).get("entries");
        assertThat(entries).extracting(entry -> entry.get("actor").asText() + " " + entry.get("action").asText()
                + " " + entry.get("status").asInt()).startsWith("ops pause 413", "ops rollback 413");
        assertThat(JSON.readTree(agent.get("/api/v1/stacks/web", Operated.VIEWER).body()).get("paused").asBoolean())
                .as("the chunked pause was refused before it paused").isFalse();
    }
}
