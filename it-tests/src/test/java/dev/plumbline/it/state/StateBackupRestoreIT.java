package dev.plumbline.it.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.plumbline.engine.state.RunRecord;
import dev.plumbline.engine.state.StateStore;
import dev.plumbline.it.fixture.AgentProcess;
import dev.plumbline.it.fixture.Cli;
import dev.plumbline.it.fixture.Scenario;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The state store lost and brought back through the CLI: a files stack applied from a real Git repository,
 * {@code state backup}, the state file emptied, {@code apply} refusing with what to do and touching nothing
 * live, {@code state restore}, and {@code apply} converging with nothing to write. And, with an agent
 * running in a process of its own, a backup taken online and a restore refused until the agent stops.
 */
class StateBackupRestoreIT {

    @TempDir
    Path dir;

    private Scenario scenario;
    private String sha;

    @BeforeEach
    void applyAStack() {
        scenario = Scenario.overFile(dir);
        scenario.writeConfig(Scenario.Options.defaults());
        sha = scenario.manifest("site-conf", "nginx/site.conf", "server_name example.org;")
                .manifest("motd", "motd", "hello").repo().commit("Add the web stack");
        Cli.Result apply = cli("apply");
        assertThat(apply.code()).as(apply.toString()).isZero();
        assertThat(scenario.liveFile("nginx/site.conf")).isEqualTo("server_name example.org;");
    }

    private Cli.Result cli(String... args) {
        String[] all = Stream.concat(Stream.of(args), Stream.of("--config", scenario.config().toString()))
                .toArray(String[]::new);
        return Cli.run(all);
    }

    private Path stateFile() {
        return scenario.stateDir().toAbsolutePath().normalize().resolve("state.db");
    }

    @Test
    void aLostStateFileIsRefusedUntilABackupIsRestoredAndThenNothingIsRewritten() throws Exception {
        Path backup = Files.createDirectories(dir.resolve("backups")).resolve("state-1.db");
        Cli.Result backedUp = cli("state", "backup", backup.toString());
        assertThat(backedUp.code()).as(backedUp.toString()).isZero();
        assertThat(backedUp.out()).matches("Backed up \\Q" + stateFile() + "\\E to \\Q" + backup + "\\E"
                + " \\(\\d+ bytes\\): schema version \\d+, store id [0-9a-f-]{36}, 1 stack, 2 inventory rows"
                + " \\(0 pending\\), 1 run\\.\\n");
        Cli.Result verified = cli("state", "verify");
        assertThat(verified.code()).as(verified.toString()).isZero();
        assertThat(verified.out()).startsWith(stateFile() + ": sound\n")
                .contains("  integrity_check: ok\n", "  foreign_key_check: ok\n", "(matches state.id)",
                        "  holds: 1 stack, 2 inventory rows (0 pending), 1 run\n");

        Map<String, String> live = liveSnapshot();
        try (FileChannel channel = FileChannel.open(stateFile(), StandardOpenOption.WRITE)) {
            channel.truncate(0); // the inventory is gone
        }

        Cli.Result refused = cli("apply");
        assertThat(refused.code()).as(refused.toString()).isEqualTo(1);
        assertThat(refused.out()).isEmpty();
        assertThat(refused.err()).isEqualTo("error: The state store " + stateFile() + " is empty (0 bytes), but"
                + " Plumbline has run with this stateDir before (state.id is there and mirrors/ holds Git mirrors):"
                + " the inventory of what it owns is gone, and starting over would stop it pruning what it wrote."
                + " Nothing was changed. Restore a backup with `plumbline state restore FILE`, or rebuild the"
                + " inventory from the providers' ownership records with `plumbline state rebuild-inventory` (see"
                + " \"The state store\" in docs/concepts.md).\n");
        assertThat(stateFile()).isEmptyFile();
        assertThat(liveSnapshot()).as("nothing live was touched").isEqualTo(live);
        Cli.Result plan = cli("plan");
        assertThat(plan.code()).as(plan.toString()).isEqualTo(1);
        assertThat(plan.err()).startsWith("error: The state store " + stateFile() + " is empty (0 bytes)");
        Cli.Result unsound = cli("state", "verify");
        assertThat(unsound.code()).isEqualTo(1);
        assertThat(unsound.out()).isEqualTo(stateFile() + ": 1 problem\n");
        assertThat(unsound.err()).startsWith("error: The state store " + stateFile() + " is empty (0 bytes)");

        Cli.Result restored = cli("state", "restore", backup.toString());
        assertThat(restored.code()).as(restored.toString()).isZero();
        Path replaced;
        try (Stream<Path> files = Files.list(scenario.stateDir())) {
            replaced = files.filter(p -> p.getFileName().toString().matches("state\\.db\\.replaced-\\d{8}T\\d{6}Z"))
                    .findFirst().orElseThrow(() -> new AssertionError("no state.db.replaced-<time>"));
        }
        assertThat(replaced).as("the emptied file is kept").isEmptyFile();
        assertThat(restored.out()).matches("Restored \\Q" + stateFile() + "\\E from \\Q" + backup + "\\E: schema"
                + " version \\d+, store id [0-9a-f-]{36}, 1 stack, 2 inventory rows \\(0 pending\\), 1 run\\.\\n"
                + "The database it replaced is kept as \\Q" + replaced.toAbsolutePath() + "\\E\\.\\n");

        Cli.Result again = cli("apply");
        assertThat(again.code()).as(again.toString()).isZero();
        assertThat(again.out()).contains("0 to create, 0 to update, 0 to delete",
                "web: live state matches revision main@" + sha);
        assertThat(liveSnapshot()).as("nothing was rewritten").isEqualTo(live);
        try (StateStore store = scenario.store()) {
            assertThat(store.history("web", 10)).extracting(RunRecord::result).containsExactly("unchanged", "applied");
            assertThat(store.inventory("web")).hasSize(2);
        }
    }

    @Test
    void aBackupIsTakenWhileAnAgentRunsAndARestoreWaitsForItToStop() throws Exception {
        Path backup = dir.resolve("online.db");
        try (AgentProcess agent = AgentProcess.start(scenario.config(), dir.resolve("agent.log"))) {
            await().atMost(Duration.ofSeconds(60)).until(() -> history().size() >= 2); // the agent's startup run

            Cli.Result backedUp = cli("state", "backup", backup.toString());
            assertThat(backedUp.code()).as(backedUp.toString()).isZero();

            Cli.Result refused = cli("state", "restore", backup.toString());
            assertThat(refused.code()).as(refused.toString()).isEqualTo(1);
            assertThat(refused.err()).isEqualTo("error: The state store " + stateFile() + " is in use by another"
                    + " process (an agent, or a plumbline command, running with this stateDir): stop it, then"
                    + " restore. Nothing was changed.\n");
            assertThat(agent.isAlive()).as(agent.log()).isTrue();
            agent.terminate();
        }
        try (Stream<Path> files = Files.list(scenario.stateDir())) {
            assertThat(files).noneMatch(p -> p.getFileName().toString().contains(".replaced-"));
        }

        Cli.Result restored = cli("state", "restore", backup.toString());
        assertThat(restored.code()).as(restored.toString()).isZero();
        Cli.Result verified = cli("state", "verify");
        assertThat(verified.code()).as(verified.toString()).isZero();
        Cli.Result apply = cli("apply");
        assertThat(apply.code()).as(apply.toString()).isZero();
        assertThat(apply.out()).contains("web: live state matches revision main@" + sha);
    }

    private java.util.List<RunRecord> history() {
        try (StateStore store = scenario.store()) {
            return store.history("web", 10);
        }
    }

    /** Every live file (ownership records included) with its content and modification time. */
    private Map<String, String> liveSnapshot() {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(scenario.live())) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                if (Files.isRegularFile(path)) {
                    files.put(scenario.live().relativize(path).toString(), Files.readString(path) + "@"
                            + Files.getLastModifiedTime(path).toMillis());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }
}
