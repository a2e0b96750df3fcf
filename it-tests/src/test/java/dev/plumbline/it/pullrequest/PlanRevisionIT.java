package dev.plumbline.it.pullrequest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumbline.it.fixture.Cli;
import dev.plumbline.it.fixture.Scenario;
import dev.plumbline.source.git.fixture.GitDaemon;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code plumbline plan --revision} over {@code git daemon}: a CI system plans a pull request's head by its
 * ref or by its SHA alone, though the branch the config follows never had it; nothing is applied.
 */
class PlanRevisionIT {

    @RegisterExtension
    static final GitDaemon daemon = new GitDaemon();

    @TempDir
    Path dir;

    @Test
    void aPullRequestsHeadIsPlannedByRefOrShaAndNothingIsApplied() {
        Scenario scenario = Scenario.transport("git-daemon", daemon).apply(dir);
        scenario.writeConfig(Scenario.Options.defaults());
        scenario.manifest("motd", "motd", "one").repo().commit("First");
        assertThat(Cli.run("apply", "--config", scenario.config().toString()).code()).isZero();
        scenario.manifest("motd", "motd", "two");
        String head = scenario.repo().commitTo("refs/pull/12/head", "Say two");

        Cli.Result byRef = Cli.run("plan", "--config", scenario.config().toString(), "--revision", "refs/pull/12/head");
        assertThat(byRef.code()).as(byRef.toString()).isEqualTo(2);
        assertThat(byRef.out()).contains("Stack web at " + head.substring(0, 7), "~ update File motd",
                "-  content: one", "+  content: two", "0 to create, 1 to update, 0 to delete");

        Cli.Result bySha = Cli.run("plan", "--config", scenario.config().toString(), "--revision", head, "-o", "json");
        assertThat(bySha.code()).as(bySha.toString()).isEqualTo(2);
        assertThat(bySha.out()).contains("\"revision\" : \"" + head + "\"", "\"update\" : 1");
        assertThat(scenario.liveFile("motd")).isEqualTo("one");

        Cli.Result missing = Cli.run("plan", "--config", scenario.config().toString(), "--revision", "nope");
        assertThat(missing.code()).as(missing.toString()).isEqualTo(1);
        assertThat(missing.err()).contains("nope");
    }
}
