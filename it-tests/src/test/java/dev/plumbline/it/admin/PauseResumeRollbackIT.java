package dev.plumbline.it.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.plumbline.engine.state.StateStore;
import dev.plumbline.it.fixture.HookDelivery;
import dev.plumbline.it.fixture.Operated;
import dev.plumbline.it.fixture.Scenario;
import dev.plumbline.source.webhook.GitHost;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Operators steering a running agent: a paused stack records pushes but applies nothing until resumed; a
 * rollback pins the stack to an earlier commit (new pushes are fetched, not applied) until resume unpins
 * it; a sync returns a request id that the stack's status acknowledges once handled.
 */
class PauseResumeRollbackIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Scenario scenario;
    private Operated agent;

    private void push(String sha, String delivery) {
        HookDelivery push = HookDelivery.push(GitHost.GITHUB, sha, delivery, Operated.HOOK_SECRET);
        assertThat(agent.hook("infra", push.body(), push.headers()).status()).isEqualTo(202);
    }

    private JsonNode stack() throws IOException {
        return JSON.readTree(agent.get("/api/v1/stacks/web", Operated.VIEWER).body());
    }

    private String field(String name) {
        try {
            return stack().path(name).asText(null);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void pauseHoldsPushesUntilResume() throws IOException {
        scenario = Scenario.overFile(dir);
        scenario.writeOperatedConfig(Scenario.Options.defaults().interval("1h"));
        scenario.manifest("motd", "motd", "one").repo().commit("One");
        try (Operated started = Operated.start(scenario)) {
            agent = started;
            await().atMost(Duration.ofSeconds(30)).until(() -> "one".equals(scenario.liveFile("motd")));

            assertThat(agent.post("/api/v1/stacks/web/pause", Operated.OPERATOR, null).status()).isEqualTo(200);
            assertThat(stack().path("paused").asBoolean()).isTrue();
            assertThat(stack().path("conditions").get(0).path("reason").asText()).isEqualTo("Paused");
            assertThat(agent.metric("plumbline_stacks_paused", "stack=\"web\"")).isEqualTo(1);
            assertThat(agent.metric("plumbline_stack_condition", "condition=\"Paused\",stack=\"web\"")).isEqualTo(1);
            assertThat(agent.metric("plumbline_stack_condition", "condition=\"Ready\",stack=\"web\"")).isZero();
            String two = scenario.manifest("motd", "motd", "two").repo().commit("Two");
            push(two, "delivery-paused");
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> agent.daemon().agent().workspace().mirror("infra").resolve().orElse("").equals(two));
            await().during(Duration.ofMillis(700)).atMost(Duration.ofSeconds(5))
                    .until(() -> "one".equals(scenario.liveFile("motd")));
            try (StateStore store = scenario.store()) {
                assertThat(store.deliveries().recent("infra", 5)).extracting(d -> d.deliveryId())
                        .contains("delivery-paused");
            }
            assertThat(agent.post("/api/v1/stacks/web/sync", Operated.OPERATOR, null).status()).isEqualTo(409);

            Operated.Answer resumed = agent.post("/api/v1/stacks/web/resume", Operated.OPERATOR, null);
            assertThat(resumed.status()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(30)).until(() -> "two".equals(scenario.liveFile("motd")));
            String requestId = JSON.readTree(resumed.body()).path("requestId").asText();
            await().atMost(Duration.ofSeconds(10)).until(() -> requestId.equals(field("lastHandledRequest")));
            assertThat(stack().path("paused").asBoolean()).isFalse();
            assertThat(agent.metric("plumbline_stacks_paused", "stack=\"web\"")).isZero();
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    agent.metric("plumbline_stack_condition", "condition=\"Ready\",stack=\"web\"") == 1);
            assertThat(agent.metric("plumbline_stack_condition", "condition=\"Paused\",stack=\"web\"")).isZero();
        }
    }

    @Test
    void rollbackPinsUntilResumeAndSyncRequestsAreAcknowledged() throws IOException {
        scenario = Scenario.overFile(dir);
        scenario.writeOperatedConfig(Scenario.Options.defaults().interval("1h"));
        String one = scenario.manifest("motd", "motd", "one").repo().commit("One");
        try (Operated started = Operated.start(scenario)) {
            agent = started;
            await().atMost(Duration.ofSeconds(30)).until(() -> "one".equals(scenario.liveFile("motd")));
            String two = scenario.manifest("motd", "motd", "two").repo().commit("Two");
            push(two, "delivery-two");
            await().atMost(Duration.ofSeconds(30)).until(() -> "two".equals(scenario.liveFile("motd")));

            Operated.Answer unknown = agent.post("/api/v1/stacks/web/rollback", Operated.OPERATOR,
                    "{\"revision\": \"" + "f".repeat(40) + "\"}");
            assertThat(unknown.status()).isEqualTo(400);
            assertThat(unknown.body()).contains("RevisionNotFound");

            Operated.Answer rollback = agent.post("/api/v1/stacks/web/rollback", Operated.OPERATOR,
                    "{\"revision\": \"" + one + "\"}");
            assertThat(rollback.status()).as(rollback.body()).isEqualTo(202);
            await().atMost(Duration.ofSeconds(30)).until(() -> "one".equals(scenario.liveFile("motd")));
            assertThat(field("pinnedRevision")).isEqualTo(one);

            String three = scenario.manifest("motd", "motd", "three").repo().commit("Three");
            push(three, "delivery-three");
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> agent.daemon().agent().workspace().mirror("infra").resolve().orElse("").equals(three));
            await().during(Duration.ofMillis(700)).atMost(Duration.ofSeconds(5))
                    .until(() -> "one".equals(scenario.liveFile("motd")));
            assertThat(stack().path("lastApplied").path("revision").asText()).isEqualTo(one);

            assertThat(agent.post("/api/v1/stacks/web/resume", Operated.OPERATOR, null).status()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(30)).until(() -> "three".equals(scenario.liveFile("motd")));
            assertThat(field("pinnedRevision")).isNull();

            Operated.Answer sync = agent.post("/api/v1/stacks/web/sync", Operated.OPERATOR, null);
            assertThat(sync.status()).isEqualTo(202);
            String requestId = JSON.readTree(sync.body()).path("requestId").asText();
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                String handled = field("lastHandledRequest");
                return handled != null && handled.compareTo(requestId) >= 0;
            });
            assertThat(stack().path("lastApplied").path("message").asText()).isEqualTo("Three");

            String four = scenario.manifest("motd", "motd", "four").repo().commit("Four, not announced");
            Operated.Answer hard = agent.post("/api/v1/stacks/web/sync?hard=true", Operated.OPERATOR, null);
            assertThat(hard.status()).isEqualTo(202);
            assertThat(hard.body()).contains("\"hard\" : true");
            await().atMost(Duration.ofSeconds(30)).until(() -> "four".equals(scenario.liveFile("motd")));
            // the live file changes before the run that wrote it has recorded its end
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(stack().path("lastApplied")
                    .path("revision").asText()).as("a hard sync fetches first").isEqualTo(four));
            assertThat(stack().path("lastApplied").path("author").asText()).isEqualTo("Plumbline Test <test@plumbline.dev>");
        }
    }
}
