package dev.plumbline.it.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumbline.it.fixture.Cli;
import dev.plumbline.it.fixture.Scenario;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code plumbline.dev/prune: disabled} through the real CLI and the files provider: the directive is
 * accepted on a file, is written neither to it nor to its record, and keeps the file when its manifest
 * goes, with prune on, while the file beside it without the directive is pruned.
 */
class PruneDirectiveIT {

    @TempDir
    Path dir;

    @Test
    void aFileAppliedWithPruneDisabledOutlivesItsManifest() {
        Scenario scenario = Scenario.overFile(dir);
        scenario.writeConfig(Scenario.Options.defaults().prune(true));
        String kept = Scenario.fileManifest("keep", "keep.txt", "stay").replace("  name: keep\n",
                "  name: keep\n  annotations:\n    plumbline.dev/prune: disabled\n");
        scenario.repo().write(Scenario.STACK_PATH + "/keep.yaml", kept);
        scenario.manifest("drop", "drop.txt", "go").manifest("motd", "motd", "hello").repo().commit("three files");

        Cli.Result first = Cli.run("apply", "--config", scenario.config().toString());
        assertThat(first.code()).as(first.toString()).isZero();
        assertThat(scenario.liveFile("keep.txt")).isEqualTo("stay");

        scenario.repo().delete(Scenario.STACK_PATH + "/keep.yaml").delete(Scenario.STACK_PATH + "/drop.yaml")
                .commit("remove two");
        Cli.Result plan = Cli.run("plan", "--config", scenario.config().toString());
        assertThat(plan.out()).contains("1 to delete, 1 orphaned");

        Cli.Result second = Cli.run("apply", "--config", scenario.config().toString());

        assertThat(second.code()).as(second.toString()).isZero();
        assertThat(scenario.liveFile("keep.txt")).isEqualTo("stay");
        assertThat(scenario.liveFile("drop.txt")).isNull();
        assertThat(scenario.liveFile("motd")).isEqualTo("hello");
        Cli.Result again = Cli.run("plan", "--config", scenario.config().toString());
        assertThat(again.out()).as("still reported, never deleted").contains("0 to delete, 1 orphaned");
    }
}
