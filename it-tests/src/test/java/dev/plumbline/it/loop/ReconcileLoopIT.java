package dev.plumbline.it.loop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumbline.engine.state.RunRecord;
import dev.plumbline.engine.state.StateStore;
import dev.plumbline.it.fixture.Cli;
import dev.plumbline.source.git.fixture.GitDaemon;
import dev.plumbline.it.fixture.Scenario;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The whole loop through the CLI, over {@code file://} and over a real git daemon: a commit is applied, a
 * second run changes nothing, a changed manifest updates its file, a removed one is pruned (or, with
 * prune off, left and reported).
 */
class ReconcileLoopIT {

    @RegisterExtension
    static final GitDaemon daemon = new GitDaemon();

    @TempDir
    Path dir;

    private Scenario scenario(String transport, Scenario.Options options) {
        Scenario scenario = Scenario.transport(transport, daemon).apply(dir);
        scenario.writeConfig(options);
        return scenario;
    }

    private Cli.Result cli(Scenario scenario, String command) {
        return Cli.run(command, "--config", scenario.config().toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"file", "git-daemon"})
    void aCommitIsAppliedAndASecondRunChangesNothing(String transport) throws IOException {
        Scenario scenario = scenario(transport, Scenario.Options.defaults());
        String sha = scenario.manifest("site-conf", "nginx/site.conf", "server_name example.org;")
                .manifest("motd", "motd", "hello").repo().commit("Add the web stack");

        Cli.Result plan = cli(scenario, "plan");
        assertThat(plan.code()).as(plan.toString()).isEqualTo(2);
        assertThat(plan.out()).contains("+ create File site-conf  (stacks/web/site-conf.yaml:1:1)",
                "+  content: server_name example.org;", "2 to create, 0 to update, 0 to delete");

        Cli.Result apply = cli(scenario, "apply");
        assertThat(apply.code()).as(apply.toString()).isZero();
        assertThat(scenario.liveFile("nginx/site.conf")).isEqualTo("server_name example.org;");
        assertThat(scenario.liveFile("motd")).isEqualTo("hello");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(
                scenario.live().resolve("nginx/site.conf")))).isEqualTo("rw-r--r--");
        assertThat(Files.readString(scenario.live().resolve(".plumbline/stacks/web/nginx/site.conf.yaml")))
                .contains("path: nginx/site.conf", "revision: " + sha, "created: true");
        assertThat(scenario.status().lastAppliedRevision()).isEqualTo(sha);

        Cli.Result again = cli(scenario, "plan");
        assertThat(again.code()).as(again.toString()).isZero();
        assertThat(again.out()).contains("0 to create, 0 to update, 0 to delete, 0 orphaned, 2 unchanged");
        Cli.Result applyAgain = cli(scenario, "apply");
        assertThat(applyAgain.code()).isZero();
        assertThat(applyAgain.out()).contains("web: live state matches revision main@" + sha);
        try (StateStore store = scenario.store()) {
            List<RunRecord> history = store.history("web", 10);
            assertThat(history).extracting(RunRecord::result).containsExactly("unchanged", "applied");
            assertThat(history).extracting(RunRecord::trigger).containsOnly("cli");
            assertThat(history.get(1).created()).isEqualTo(2);
            assertThat(store.inventory("web")).hasSize(2).allSatisfy((key, entry) -> {
                assertThat(entry.pending()).isFalse();
                assertThat(entry.revision()).isEqualTo(sha);
            });
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"file", "git-daemon"})
    void aChangedManifestUpdatesItsFileAndARemovedOneIsPruned(String transport) {
        Scenario scenario = scenario(transport, Scenario.Options.defaults());
        scenario.manifest("site-conf", "nginx/site.conf", "listen 80;").manifest("motd", "motd", "hello")
                .repo().commit("Add the web stack");
        assertThat(cli(scenario, "apply").code()).isZero();

        scenario.manifest("site-conf", "nginx/site.conf", "listen 8080;").repo().commit("Move to 8080");
        Cli.Result plan = cli(scenario, "plan");
        assertThat(plan.code()).isEqualTo(2);
        assertThat(plan.out()).contains("~ update File site-conf", "changed: spec.content  (stacks/web/site-conf.yaml:8:",
                "-  content: listen 80;", "+  content: listen 8080;");
        assertThat(cli(scenario, "apply").code()).isZero();
        assertThat(scenario.liveFile("nginx/site.conf")).isEqualTo("listen 8080;");

        scenario.repo().delete("stacks/web/motd.yaml");
        scenario.repo().commit("Remove the motd");
        Cli.Result prune = cli(scenario, "apply");
        assertThat(prune.code()).as(prune.toString()).isZero();
        assertThat(prune.out()).contains("- delete File motd");
        assertThat(scenario.live().resolve("motd")).doesNotExist();
        assertThat(scenario.liveFile("nginx/site.conf")).isEqualTo("listen 8080;");
        try (StateStore store = scenario.store()) {
            assertThat(store.inventory("web").keySet()).extracting(k -> k.name()).containsExactly("site-conf");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"file", "git-daemon"})
    void withPruneOffARemovedManifestLeavesItsFileAndThePlanSaysSo(String transport) {
        Scenario scenario = scenario(transport, Scenario.Options.defaults().prune(false));
        scenario.manifest("motd", "motd", "hello").manifest("keep", "keep", "k").repo().commit("Add");
        assertThat(cli(scenario, "apply").code()).isZero();

        scenario.repo().delete("stacks/web/motd.yaml");
        scenario.repo().commit("Remove the motd");
        Cli.Result apply = cli(scenario, "apply");

        assertThat(apply.code()).as(apply.toString()).isZero();
        assertThat(scenario.liveFile("motd")).isEqualTo("hello");
        Cli.Result plan = cli(scenario, "plan");
        assertThat(plan.code()).isZero();
        assertThat(plan.out()).contains("! orphan File motd  (no longer in Git; prune is off, so it stays)",
                "1 orphaned");
    }

    @ParameterizedTest
    @ValueSource(strings = {"file"})
    void planPrintsJsonForScripts(String transport) {
        Scenario scenario = scenario(transport, Scenario.Options.defaults());
        scenario.manifest("motd", "motd", "hello").repo().commit("Add");

        Cli.Result plan = Cli.run("plan", "--config", scenario.config().toString(), "-o", "json");

        assertThat(plan.code()).isEqualTo(2);
        assertThat(plan.out()).contains("\"stack\" : \"web\"", "\"action\" : \"create\"",
                "\"source\" : \"stacks/web/motd.yaml:1:1\"");
    }
}
