package dev.plumbline.it.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.plumbline.agent.Agent;
import dev.plumbline.engine.state.RunRecord;
import dev.plumbline.engine.state.StateStore;
import dev.plumbline.config.ConfigLoader;
import dev.plumbline.it.fixture.Scenario;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A live file edited by hand: with selfHeal on, the next drift check puts it back; with selfHeal off, it
 * is reported (naming the field) and left alone.
 */
class DriftIT {

    @TempDir
    Path dir;

    private Scenario scenario;

    private Agent start(Scenario.Options options) {
        scenario = Scenario.overFile(dir);
        scenario.writeConfig(options.driftInterval("1s"));
        scenario.manifest("motd", "motd", "hello").repo().commit("Add the motd");
        Agent agent = Agent.start(ConfigLoader.load(scenario.config()), Clock.systemUTC());
        await().atMost(Duration.ofSeconds(30)).until(() -> "hello".equals(scenario.liveFile("motd")));
        return agent;
    }

    @Test
    @SuppressWarnings("try") // the agent only has to run while the test body does
    void selfHealRestoresAnEditedFile() throws IOException {
        try (Agent agent = start(Scenario.Options.defaults().selfHeal(true))) {
            Files.writeString(scenario.live().resolve("motd"), "tampered");

            await().atMost(Duration.ofSeconds(30)).until(() -> "hello".equals(scenario.liveFile("motd")));

            try (StateStore store = scenario.store()) {
                await().atMost(Duration.ofSeconds(10)).until(() -> store.history("web", 10).stream()
                        .anyMatch(run -> run.trigger().equals("drift") && run.result().equals("applied")));
            }
        }
    }

    @Test
    @SuppressWarnings("try") // the agent only has to run while the test body does
    void withoutSelfHealDriftIsReportedAndLeftAlone() throws IOException {
        try (Agent agent = start(Scenario.Options.defaults().selfHeal(false))) {
            Files.writeString(scenario.live().resolve("motd"), "tampered");

            await().atMost(Duration.ofSeconds(30)).until(() -> scenario.status().condition().equals("Drifted"));

            var status = scenario.status();
            assertThat(status.reason()).isEqualTo("DriftDetected");
            assertThat(status.message()).contains("File motd (update at spec.content)", "selfHeal is off");
            assertThat(status.drifted()).isEqualTo(1);
            assertThat(scenario.liveFile("motd")).isEqualTo("tampered");
            try (StateStore store = scenario.store()) {
                RunRecord drifted = store.history("web", 10).stream().filter(r -> r.result().equals("drifted"))
                        .findFirst().orElseThrow();
                assertThat(drifted.updated()).isEqualTo(1);
            }
        }
    }
}
