package dev.plumbline.it.badinput;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumbline.engine.state.RunRecord;
import dev.plumbline.engine.state.StackStatus;
import dev.plumbline.engine.state.StateStore;
import dev.plumbline.it.fixture.Cli;
import dev.plumbline.it.fixture.Scenario;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A commit with malformed YAML: apply exits 1 naming file:line, nothing on disk changes (not even the
 * valid part of the same commit), and the last good revision stays recorded as applied.
 */
class MalformedCommitIT {

    @TempDir
    Path dir;

    private Scenario scenario;
    private String good;

    @BeforeEach
    void applyAGoodRevision() {
        scenario = Scenario.overFile(dir);
        scenario.writeConfig(Scenario.Options.defaults());
        good = scenario.manifest("site-conf", "nginx/site.conf", "listen 80;").manifest("motd", "motd", "hello")
                .repo().commit("Good");
        assertThat(Cli.run("apply", "--config", scenario.config().toString()).code()).isZero();
    }

    private Map<String, String> snapshotOfLive() throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(scenario.live())) {
            for (Path path : walk.filter(Files::isRegularFile).toList()) {
                files.put(scenario.live().relativize(path).toString(), Files.readString(path)
                        + "@" + Files.getLastModifiedTime(path).toMillis());
            }
        }
        return files;
    }

    @Test
    void applyNamesTheLineAndChangesNothing() throws IOException {
        Map<String, String> before = snapshotOfLive();
        scenario.manifest("motd", "motd", "changed in the same commit");
        scenario.repo().write("stacks/web/site-conf.yaml", """
                apiVersion: files.plumbline.dev/v1
                kind: File
                metadata:
                  name: site-conf
                spec:
                  path: nginx/site.conf
                  content: [listen 80;
                """);
        String bad = scenario.repo().commit("Bad YAML");

        Cli.Result apply = Cli.run("apply", "--config", scenario.config().toString());

        assertThat(apply.code()).as(apply.toString()).isEqualTo(1);
        assertThat(apply.err()).contains("stacks/web/site-conf.yaml:8:1: not valid YAML");
        assertThat(apply.err()).doesNotContain("Exception", "\tat ");
        assertThat(snapshotOfLive()).isEqualTo(before);
        StackStatus status = scenario.status();
        assertThat(status.lastAppliedRevision()).isEqualTo(good);
        assertThat(status.lastAttemptedRevision()).isEqualTo(bad);
        assertThat(status.condition()).isEqualTo("Stalled");
        assertThat(status.reason()).isEqualTo("RenderFailed");
        try (StateStore store = scenario.store()) {
            RunRecord last = store.history("web", 1).get(0);
            assertThat(last.result()).isEqualTo("failed");
            assertThat(last.revision()).isEqualTo(bad);
            assertThat(store.inventory("web").values()).allSatisfy(e -> assertThat(e.revision()).isEqualTo(good));
        }
    }

    @Test
    void validateAndPlanReportEveryProblemWithItsPosition() {
        scenario.repo().write("stacks/web/site-conf.yaml", """
                apiVersion: files.plumbline.dev/v1
                kind: File
                metadata:
                  name: site-conf
                spec:
                  path: ../outside
                  content: ${missing}
                """);
        scenario.repo().write("stacks/web/mode.yaml", """
                apiVersion: files.plumbline.dev/v1
                kind: File
                metadata: { name: mode }
                spec: { path: ok.txt, content: x, mode: 0644 }
                """);
        scenario.repo().write("stacks/web/dup.yaml", """
                apiVersion: files.plumbline.dev/v1
                kind: File
                metadata: { name: dup }
                metadata: { name: dup2 }
                """);
        scenario.repo().commit("Two bad files");

        Cli.Result validate = Cli.run("validate", "--config", scenario.config().toString());
        assertThat(validate.code()).as(validate.toString()).isEqualTo(1);
        assertThat(validate.err().lines()).contains(
                "stacks/web/dup.yaml:4:1: duplicate key 'metadata' (first at line 3)",
                "stacks/web/site-conf.yaml:7:12: unknown variable 'missing'; the stack's vars are: env");
        assertThat(validate.err()).contains("stacks/web/mode.yaml:4:41: spec.mode of File mode: mode 644 was read as a number");

        Cli.Result plan = Cli.run("plan", "--config", scenario.config().toString());
        assertThat(plan.code()).isEqualTo(1);
        assertThat(plan.err()).contains("stacks/web/dup.yaml:4:1:", "stacks/web/site-conf.yaml:7:12:");
    }

    @Test
    void aBadConfigIsReportedWithItsLines() throws IOException {
        Files.writeString(scenario.config(), """
                sources:
                  - name: infra
                    url: %s
                    interval: often
                stacks:
                  - name: web
                    source: infra
                    provider: nowhere
                """.formatted(scenario.url()));

        Cli.Result validate = Cli.run("validate", "--config", scenario.config().toString());

        assertThat(validate.code()).isEqualTo(1);
        String file = scenario.config().toString();
        assertThat(validate.err().lines()).contains(
                file + ":4:15: 'interval' in sources[0]: 'often' is not a duration; write a number with a unit,"
                        + " like 30s, 5m, 1h30m or 500ms",
                file + ":6:5: stack 'web' names provider 'nowhere', which is not defined under providers");
    }
}
