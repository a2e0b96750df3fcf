package dev.plumbline.agent.client;

import static dev.plumbline.agent.client.ApiFixtures.PINNED_SHA;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AdminClientTest {

    private FakeAdminServer agent;
    private AdminClient client;

    @BeforeEach
    void start() throws IOException {
        agent = new FakeAdminServer();
        client = new AdminClient(new AdminEndpoint(java.net.URI.create(agent.url()), Optional.of("s3cret")));
    }

    @AfterEach
    void stop() {
        agent.close();
    }

    @Test
    void eachCallUsesItsMethodPathAndQueryWithTheBearerToken() {
        agent.answer("GET /api/v1/stacks", 200, ApiFixtures.STACKS)
                .answer("GET /api/v1/stacks/web", 200, ApiFixtures.web("True", "Ok", ApiFixtures.REQUEST_ID))
                .answer("GET /api/v1/stacks/web/plan", 200, ApiFixtures.PLAN_NO_CHANGES)
                .answer("GET /api/v1/stacks/web/history", 200, ApiFixtures.HISTORY)
                .answer("POST /api/v1/stacks/web/sync", 202, ApiFixtures.SYNC)
                .answer("POST /api/v1/stacks/web/pause", 200, ApiFixtures.PAUSE)
                .answer("POST /api/v1/stacks/web/resume", 200, ApiFixtures.RESUME)
                .answer("POST /api/v1/stacks/web/rollback", 202, ApiFixtures.ROLLBACK);

        assertThat(client.stacks().path("stacks")).hasSize(2);
        assertThat(client.stack("web").path("name").asText()).isEqualTo("web");
        assertThat(client.plan("web").path("hasChanges").asBoolean()).isFalse();
        client.history("web", 5);
        client.history("web", null);
        assertThat(client.sync("web", true).path("requestId").asText()).isEqualTo(ApiFixtures.REQUEST_ID);
        client.sync("web", false);
        client.pause("web");
        client.resume("web");
        client.rollback("web", PINNED_SHA);

        assertThat(agent.requests()).extracting(r -> r.method() + " " + r.path() + (r.query() == null ? ""
                : "?" + r.query())).containsExactly(
                "GET /api/v1/stacks",
                "GET /api/v1/stacks/web",
                "GET /api/v1/stacks/web/plan",
                "GET /api/v1/stacks/web/history?limit=5",
                "GET /api/v1/stacks/web/history",
                "POST /api/v1/stacks/web/sync?hard=true",
                "POST /api/v1/stacks/web/sync",
                "POST /api/v1/stacks/web/pause",
                "POST /api/v1/stacks/web/resume",
                "POST /api/v1/stacks/web/rollback");
        assertThat(agent.requests()).allSatisfy(r -> assertThat(r.authorization()).isEqualTo("Bearer s3cret"));
        assertThat(agent.requests().get(agent.requests().size() - 1).body())
                .isEqualTo("{\"revision\":\"" + PINNED_SHA + "\"}");
    }

    @Test
    void noTokenSendsNoAuthorizationHeader() {
        agent.answer("GET /api/v1/stacks", 200, ApiFixtures.STACKS);
        new AdminClient(AdminEndpoint.resolve(agent.url(), null, Map.of())).stacks();

        assertThat(agent.onlyRequest().authorization()).isNull();
    }

    @Test
    void aStackNameIsOnePathSegment() {
        agent.answer("GET /api/v1/stacks/a%2Fb%20c", 200, ApiFixtures.DB);

        assertThat(client.stack("a/b c").path("name").asText()).isEqualTo("db");
    }

    @Test
    void refusalsBecomeSentencesAPersonCanActOn() {
        agent.answer("GET /api/v1/stacks", 401, ApiFixtures.error("Unauthorized", "no valid token"))
                .answer("POST /api/v1/stacks/web/pause", 403,
                        ApiFixtures.error("Forbidden", "token 'dash' has role viewer; pause needs operator"))
                .answer("POST /api/v1/stacks/web/resume", 403, "")
                .answer("GET /api/v1/stacks/nope", 404, ApiFixtures.error("NotFound", "no stack nope"))
                .answer("POST /api/v1/stacks/web/sync", 409, ApiFixtures.error("Paused", "web is paused; resume it"))
                .answer("POST /api/v1/stacks/web/rollback", 400,
                        ApiFixtures.error("RevisionNotFound", "infra has no commit " + PINNED_SHA))
                .answer("GET /api/v1/stacks/web", 500, ApiFixtures.error("Internal", "state store closed"));

        assertRefused(client::stacks, 401, "Unauthorized", "the agent at " + agent.url()
                + " refused the token (401): set PLUMBLINE_TOKEN or --token-file to a valid token");
        assertRefused(() -> client.pause("web"), 403, "Forbidden",
                "token 'dash' may not pause (403): it needs the operator role");
        assertRefused(() -> client.resume("web"), 403, "Http403",
                "the token may not resume (403): it needs the operator role");
        assertRefused(() -> client.stack("nope"), 404, "NotFound", "no stack named nope");
        assertRefused(() -> client.sync("web", false), 409, "Paused", "web is paused; resume it");
        assertRefused(() -> client.rollback("web", PINNED_SHA), 400, "RevisionNotFound",
                "infra has no commit " + PINNED_SHA);
        assertRefused(() -> client.stack("web"), 500, "Internal", "the agent at " + agent.url()
                + " answered 500: state store closed");
    }

    @Test
    void anAnswerThatIsNotJsonIsNamedAsSuch() {
        agent.answer("GET /api/v1/stacks", 200, "<html>hello</html>");

        assertRefused(client::stacks, 200, "BadResponse", "the agent at " + agent.url()
                + " answered GET /api/v1/stacks with 200 but no JSON: is it a Plumbline agent?");
    }

    @Test
    void aClosedPortIsConnectionRefused() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        AdminClient nobody = new AdminClient(AdminEndpoint.resolve("http://127.0.0.1:" + port, null, Map.of()));

        assertRefused(nobody::stacks, 0, "Unreachable",
                "cannot reach the agent at http://127.0.0.1:" + port + ": connection refused");
    }

    @Test
    void aNameThatDoesNotResolveIsUnknownHost() {
        AdminClient nowhere = new AdminClient(AdminEndpoint.resolve("http://plumbline.invalid:7070", null, Map.of()));

        assertRefused(nowhere::stacks, 0, "Unreachable",
                "cannot reach the agent at http://plumbline.invalid:7070: unknown host");
    }

    @Test
    void prettyPrintsTheJsonAsReceivedInItsOrder() {
        agent.answer("POST /api/v1/stacks/web/sync", 202, "{\"stack\":\"web\",\"requestId\":\"r1\",\"hard\":false}");
        JsonNode answer = client.sync("web", false);

        assertThat(AdminClient.pretty(answer)).isEqualTo("""
                {
                  "stack" : "web",
                  "requestId" : "r1",
                  "hard" : false
                }""");
    }

    private static void assertRefused(Runnable call, int status, String reason, String message) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(AdminClientException.class, e -> {
            assertThat(e.getMessage()).isEqualTo(message);
            assertThat(e.status()).isEqualTo(status);
            assertThat(e.reason()).isEqualTo(reason);
        });
    }
}
