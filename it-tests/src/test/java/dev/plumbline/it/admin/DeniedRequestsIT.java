package dev.plumbline.it.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.plumbline.engine.state.AuditEntry;
import dev.plumbline.engine.state.StateStore;
import dev.plumbline.it.fixture.Operated;
import dev.plumbline.it.fixture.Scenario;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Requests refused for their credentials, over real HTTP: none is written to the audit log (a token's 403
 * is); each is counted in {@code plumbline_admin_requests_denied_total{reason}} and kept, path clipped and
 * escaped, in the in-memory sample of {@code GET /api/v1/audit/denied}; and an address that fails
 * {@code failedAuthLimit.burst} times is answered 429 with Retry-After, even with a valid token, until its
 * allowance refills (here one every 100 s, so nothing refills during the test).
 */
class DeniedRequestsIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void refusedRequestsAreCountedSampledAndLimitedButNotAudited() throws Exception {
        Scenario scenario = Scenario.overFile(dir);
        scenario.writeOperatedConfig(Scenario.Options.defaults().interval("1h"));
        Files.writeString(scenario.config(), Files.readString(scenario.config()).replace("admin:\n",
                "admin:\n  failedAuthLimit: { perSecond: 0.01, burst: 3 }\n"));
        scenario.manifest("motd", "motd", "hello").repo().commit("First");
        try (Operated agent = Operated.start(scenario)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> "hello".equals(scenario.liveFile("motd")));
            String forged = "/api/v1/stacks/web%0A12:00:00.000%20INFO%20%20ops%20resumed" + "x".repeat(3000) + "/pause";

            assertThat(agent.post("/api/v1/stacks/web/pause", Operated.VIEWER, null).status()).isEqualTo(403);
            assertThat(agent.post(forged, null, null).status()).isEqualTo(401);
            assertThat(agent.get("/api/v1/stacks", "not-a-token").status()).isEqualTo(401);

            Operated.Answer sample = agent.get("/api/v1/audit/denied", Operated.VIEWER);
            assertThat(sample.status()).as(sample.body()).isEqualTo(200);
            List<JsonNode> denied = List.copyOf(JSON.readTree(sample.body()).get("denied").findParents("reason"));
            assertThat(denied).extracting(d -> d.get("method").asText() + " " + d.get("reason").asText() + " "
                    + d.get("status").asInt()).containsExactly("GET unauthenticated 401", "POST unauthenticated 401",
                    "POST forbidden 403");
            assertThat(denied.get(1).get("path").asText()).startsWith("/api/v1/stacks/web%0A12:00:00.000")
                    .endsWith("more)").hasSizeLessThan(230);
            assertThat(denied.get(1).get("address").asText()).isEqualTo("127.0.0.1");

            assertThat(agent.post("/api/v1/stacks/web/sync", null, null).status()).as("the third failure")
                    .isEqualTo(401);
            HttpResponse<String> limited = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(agent.url() + "/api/v1/stacks/web/sync")).POST(HttpRequest.BodyPublishers.noBody())
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(limited.statusCode()).isEqualTo(429);
            assertThat(JSON.readTree(limited.body()).get("error").get("reason").asText()).isEqualTo("RateLimited");
            assertThat(limited.headers().firstValue("Retry-After").map(Integer::parseInt))
                    .hasValueSatisfying(seconds -> assertThat(seconds).isBetween(1, 100));
            assertThat(agent.get("/api/v1/stacks", Operated.OPERATOR).status()).as("a valid token, same address")
                    .isEqualTo(429);

            assertThat(agent.metric("plumbline_admin_requests_denied_total", "reason=\"unauthenticated\""))
                    .isEqualTo(3);
            assertThat(agent.metric("plumbline_admin_requests_denied_total", "reason=\"rate_limited\"")).isEqualTo(2);
            assertThat(agent.metric("plumbline_admin_requests_denied_total", "reason=\"forbidden\"")).isEqualTo(1);
            try (StateStore store = scenario.store()) {
                assertThat(store.audit().recent(100)).extracting(e -> e.actor() + " " + e.action() + " " + e.status())
                        .containsExactly("dash pause 403");
                assertThat(store.audit().recent(100)).extracting(AuditEntry::target).containsOnly("stack/web");
            }
        }
    }
}
