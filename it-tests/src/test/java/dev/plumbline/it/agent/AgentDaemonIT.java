package dev.plumbline.it.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.plumbline.engine.state.RunRecord;
import dev.plumbline.engine.state.StateStore;
import dev.plumbline.it.fixture.AgentProcess;
import dev.plumbline.source.git.fixture.GitDaemon;
import dev.plumbline.it.fixture.Scenario;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code plumbline agent} as a process, polling a real git daemon: it applies what is there at start, picks
 * up a new commit at its next poll, and stops cleanly on SIGTERM.
 */
class AgentDaemonIT {

    @RegisterExtension
    static final GitDaemon daemon = new GitDaemon();

    @TempDir
    Path dir;

    @Test
    void pollsAppliesNewCommitsAndStopsOnSigterm() throws Exception {
        Scenario scenario = Scenario.overDaemon(dir, daemon, "agent-it");
        scenario.writeConfig(Scenario.Options.defaults());
        scenario.manifest("motd", "motd", "one").repo().commit("First");

        try (AgentProcess agent = AgentProcess.start(scenario.config(), dir.resolve("agent.log"))) {
            await().atMost(Duration.ofSeconds(60)).until(() -> "one".equals(scenario.liveFile("motd")));

            String second = scenario.manifest("motd", "motd", "two").repo().commit("Second");
            await().atMost(Duration.ofSeconds(60)).until(() -> "two".equals(scenario.liveFile("motd")));
            await().atMost(Duration.ofSeconds(10)).until(() -> second.equals(scenario.status().lastAppliedRevision()));

            assertThat(agent.terminate()).as(agent.log()).isIn(0, 143);
            assertThat(agent.log()).contains("agent stopping", "agent stopped").doesNotContain("Exception");
        }
        try (StateStore store = scenario.store()) {
            assertThat(store.history("web", 10)).extracting(RunRecord::trigger).startsWith("poll", "startup");
            RunRecord poll = store.history("web", 1).get(0);
            assertThat(poll.result()).isEqualTo("applied");
            assertThat(poll.updated()).isEqualTo(1);
            assertThat(poll.triggerDetail()).isEqualTo(scenario.repo().head());
        }
    }
}
