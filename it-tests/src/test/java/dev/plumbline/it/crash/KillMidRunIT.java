package dev.plumbline.it.crash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.plumbline.engine.state.StateStore;
import dev.plumbline.it.fixture.AgentProcess;
import dev.plumbline.it.fixture.Cli;
import dev.plumbline.it.fixture.Scenario;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.FileVisitResult;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent killed with SIGKILL in the middle of applying a large commit, then started again: it
 * converges to exactly the commit, with every file written once, none lost, no temporary file left, and
 * the inventory holding each key once and nothing pending.
 */
class KillMidRunIT {

    private static final int FILES = 1000;

    @TempDir
    Path dir;

    private Scenario scenario;

    /** The managed files under the root, while the agent may be writing (files come and go meanwhile). */
    private List<Path> liveFiles() {
        List<Path> files = new ArrayList<>();
        try {
            Files.walkFileTree(scenario.live(), new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
                    return dir.getFileName().toString().equals(".plumbline")
                            ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                    if (attributes.isRegularFile()) {
                        files.add(file);
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE; // a temporary file renamed away under our feet
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    @Test
    void aKilledAgentConvergesWithNothingLostOrDoubled() throws Exception {
        scenario = Scenario.overFile(dir);
        scenario.writeConfig(Scenario.Options.defaults());
        for (int i = 0; i < FILES; i++) {
            scenario.manifest("f" + i, "d" + (i % 20) + "/f" + i + ".txt", "content of file " + i);
        }
        String sha = scenario.repo().commit("A thousand files");
        Files.createDirectories(scenario.live());

        int writtenBeforeKill;
        try (AgentProcess agent = AgentProcess.start(scenario.config(), dir.resolve("agent-1.log"))) {
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(20))
                    .until(() -> liveFiles().size() >= FILES / 10);
            agent.kill();
            writtenBeforeKill = liveFiles().size();
            assertThat(writtenBeforeKill).as("the agent was killed in the middle of the run").isLessThan(FILES);
        }
        try (StateStore store = scenario.store()) {
            assertThat(store.inventory("web")).as("ownership was recorded before each write")
                    .hasSizeGreaterThanOrEqualTo(writtenBeforeKill);
        }

        try (AgentProcess agent = AgentProcess.start(scenario.config(), dir.resolve("agent-2.log"))) {
            await().atMost(Duration.ofSeconds(120)).until(() -> sha.equals(lastApplied()));
            assertThat(agent.terminate()).isIn(0, 143);
        }

        assertThat(liveFiles()).hasSize(FILES);
        for (int i = 0; i < FILES; i += 97) {
            assertThat(scenario.liveFile("d" + (i % 20) + "/f" + i + ".txt")).isEqualTo("content of file " + i);
        }
        try (Stream<Path> walk = Files.walk(scenario.live())) {
            assertThat(walk.map(Path::getFileName).map(Path::toString))
                    .noneMatch(name -> name.contains("plumbline-tmp"));
        }
        try (StateStore store = scenario.store()) {
            var inventory = store.inventory("web");
            assertThat(inventory).hasSize(FILES);
            assertThat(inventory.values().stream().filter(e -> e.pending()).map(e -> e.key().name()).toList())
                    .as("inventory entries still pending").isEmpty();
            assertThat(inventory.values()).extracting(e -> e.revision()).containsOnly(sha);
        }
        Cli.Result plan = Cli.run("plan", "--config", scenario.config().toString());
        assertThat(plan.code()).as(plan.toString()).isZero();
        assertThat(plan.out()).contains("0 to create, 0 to update, 0 to delete, 0 orphaned, "
                + FILES + " unchanged");
    }

    private String lastApplied() {
        try (StateStore store = scenario.store()) {
            return store.status("web").map(s -> s.lastAppliedRevision()).orElse(null);
        }
    }
}
