package dev.plumbline.it.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.plumbline.engine.state.StateStore;
import dev.plumbline.it.fixture.Operated;
import dev.plumbline.it.fixture.Scenario;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A running agent prunes its state store as {@code admin.retention} says: with room for 3 audit entries and 2
 * runs a stack, pruned every second, a burst of operator calls and syncs leaves the audit log and the history
 * at those sizes, the newest kept.
 */
class RetentionIT {

    @TempDir
    Path dir;

    @Test
    void theAgentKeepsTheAuditLogAndTheHistoryBounded() throws Exception {
        Scenario scenario = Scenario.overFile(dir);
        scenario.writeOperatedConfig(Scenario.Options.defaults().interval("1h"));
        Files.writeString(scenario.config(), Files.readString(scenario.config()).replace("admin:\n", """
                admin:
                  retention:
                    interval: 1s
                    audit: { maxEntries: 3 }
                    history: { maxRunsPerStack: 2 }
                """));
        scenario.manifest("motd", "motd", "hello").repo().commit("First");
        try (Operated agent = Operated.start(scenario)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> "hello".equals(scenario.liveFile("motd")));
            for (int i = 0; i < 4; i++) {
                assertThat(agent.post("/api/v1/stacks/web/pause", Operated.OPERATOR, null).status()).isEqualTo(200);
                assertThat(agent.post("/api/v1/stacks/web/resume", Operated.OPERATOR, null).status()).isEqualTo(200);
            }
            String last = agent.post("/api/v1/stacks/web/sync", Operated.OPERATOR, null).body();
            String requestId = last.replaceAll("(?s).*\"requestId\" : \"([^\"]+)\".*", "$1");
            await().atMost(Duration.ofSeconds(30)).until(() -> agent.get("/api/v1/stacks/web", Operated.VIEWER)
                    .body().contains("\"lastHandledRequest\" : \"" + requestId + "\""));

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                try (StateStore store = scenario.store()) {
                    assertThat(store.audit().recent(100)).hasSize(3).first()
                            .satisfies(newest -> assertThat(newest.action()).isEqualTo("sync"));
                    assertThat(store.history(Scenario.STACK, 100)).hasSize(2);
                }
            });
        }
    }
}
