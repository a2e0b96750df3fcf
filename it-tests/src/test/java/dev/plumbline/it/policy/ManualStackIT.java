package dev.plumbline.it.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.plumbline.agent.Agent;
import dev.plumbline.config.ConfigLoader;
import dev.plumbline.it.fixture.Cli;
import dev.plumbline.it.fixture.Scenario;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stack with {@code auto: false}: the agent only reports what a sync would change (OutOfSync), and a
 * person applies it with {@code plumbline apply}.
 */
class ManualStackIT {

    @TempDir
    Path dir;

    @Test
    @SuppressWarnings("try") // the agent only has to run while the test body does
    void theAgentReportsAndAPersonApplies() {
        Scenario scenario = Scenario.overFile(dir);
        scenario.writeConfig(new Scenario.Options(false, true, true, "1s", "1h"));
        String sha = scenario.manifest("motd", "motd", "hello").repo().commit("Add the motd");

        try (Agent agent = Agent.start(ConfigLoader.load(scenario.config()), Clock.systemUTC())) {
            await().atMost(Duration.ofSeconds(30)).until(() -> scenario.store().status("web")
                    .map(s -> s.condition().equals("OutOfSync")).orElse(false));
        }
        var status = scenario.status();
        assertThat(status.reason()).isEqualTo("ManualSync");
        assertThat(status.message()).contains("1 change(s) waiting for a manual sync", "File motd (create)");
        assertThat(status.lastAppliedRevision()).isNull();
        assertThat(scenario.live().resolve("motd")).doesNotExist();

        Cli.Result apply = Cli.run("apply", "--config", scenario.config().toString());
        assertThat(apply.code()).as(apply.toString()).isZero();
        assertThat(scenario.liveFile("motd")).isEqualTo("hello");
        assertThat(scenario.status().lastAppliedRevision()).isEqualTo(sha);
        assertThat(scenario.status().condition()).isEqualTo("Ready");
    }
}
