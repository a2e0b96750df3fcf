package dev.plumbline.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumbline.agent.state.AgentLock;
import dev.plumbline.agent.state.SqliteStateStore;
import dev.plumbline.agent.state.StateFileCheck;
import dev.plumbline.engine.state.StateStore;
import dev.plumbline.model.InventoryEntry;
import dev.plumbline.model.Resource;
import dev.plumbline.model.ResourceKey;
import dev.plumbline.provider.Manifests;
import dev.plumbline.provider.StackDriver;
import dev.plumbline.provider.files.FilesProvider;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code plumbline state rebuild-inventory} over a real files provider and the embedded store: what it lists,
 * when it writes (with --yes, or with no inventory to lose), what it keeps aside, what it refuses, and that
 * it never writes to the target.
 */
class StateRebuildInventoryCommandTest {

    private static final String COMMAND = "rebuild-inventory";

    @TempDir
    Path dir;

    private Path config;

    private record Result(int code, String out, String err) {
        @Override
        public String toString() {
            return "exit " + code + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    @BeforeEach
    void applyStacks() throws IOException {
        config = Files.writeString(dir.resolve("plumbline.yaml"), """
                stateDir: ./state
                sources:
                  - name: infra
                    url: file:///srv/git/infra.git
                providers:
                  - name: local
                    type: files
                    root: ./live
                stacks:
                  - name: web
                    source: infra
                    path: stacks/web
                    provider: local
                  - name: api
                    source: infra
                    path: stacks/api
                    provider: local
                """);
        Files.createDirectories(live());
        Files.writeString(live().resolve("site.conf"), "made by hand");
        try (FilesProvider files = new FilesProvider("local", live())) {
            new StackDriver(files, "web").reconcile("rev-web", List.of(file("motd", "motd"),
                    file("site", "site.conf")), true);
            new StackDriver(files, "api").reconcile("rev-api", List.of(file("api", "api/app.ini")), true);
            new StackDriver(files, "old").reconcile("rev-old", List.of(file("legacy", "legacy.txt")), true);
        }
    }

    private static Resource file(String name, String path) {
        return Manifests.one("local", """
                apiVersion: files.plumbline.dev/v1
                kind: File
                metadata: { name: %s }
                spec: { path: %s, content: "%s" }
                """.formatted(name, path, name));
    }

    private static ResourceKey key(String name) {
        return new ResourceKey("local", FilesProvider.GROUP, FilesProvider.KIND, "", name);
    }

    private Path live() {
        return dir.resolve("live");
    }

    private Path stateDir() {
        return dir.resolve("state");
    }

    private Path stateFile() {
        return stateDir().resolve("state.db");
    }

    private Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] all = Stream.concat(Stream.of("state", COMMAND), Stream.concat(Stream.of(args),
                Stream.of("--config", config.toString()))).toArray(String[]::new);
        int code = Main.run(all, new PrintWriter(out), new PrintWriter(err));
        return new Result(code, out.toString(), err.toString());
    }

    /** A store that an earlier run wrote (with its state.id), then lost: state.db and its companions are gone. */
    private void loseTheStore() throws IOException {
        try (StateStore store = SqliteStateStore.open(stateDir())) {
            store.applied("web", key("motd"), "sha256:lost", "rev-web");
        }
        for (String name : List.of("state.db", "state.db-wal", "state.db-shm")) {
            Files.deleteIfExists(stateDir().resolve(name));
        }
    }

    private Map<ResourceKey, InventoryEntry> inventory(String stack) {
        try (StateStore store = SqliteStateStore.open(stateDir())) {
            return store.inventory(stack);
        }
    }

    /** Every file under {@code root} with its content and modification time. */
    private static Map<String, String> snapshot(Path root) {
        Map<String, String> files = new TreeMap<>();
        if (!Files.exists(root)) {
            return files;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                if (Files.isRegularFile(path) && !path.getFileName().toString().equals(AgentLock.FILE_NAME)) {
                    files.put(root.relativize(path).toString(), Files.readString(path, StandardCharsets.ISO_8859_1)
                            + "@" + Files.getLastModifiedTime(path).toMillis());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    private static final String FOUND = """
            Read the ownership records of provider local; nothing was written to them.
            web: 2 objects (local: 2)
              local: File motd from revision rev-web
              local: File site from revision rev-web, adopted (prune leaves it in place)
            api: 1 object (local: 1)
              local: File api from revision rev-api
            Skipped: stack 'old' is not in the config, so what it owns is not recorded: 1 object (local: 1).
            """;

    @Test
    void aLostStoreIsListedWithoutWritingAnythingAndRebuiltWithYes() throws IOException {
        loseTheStore();
        String lostId = Files.readString(stateDir().resolve("state.id"));
        assertThat(StateFileCheck.check(stateDir()).problem())
                .contains("rebuild the inventory from the providers' ownership records with `plumbline state"
                        + " rebuild-inventory`");
        Map<String, String> target = snapshot(live());
        Map<String, String> state = snapshot(stateDir());

        Result listed = run();

        assertThat(listed.code()).as(listed.toString()).isZero();
        assertThat(listed.out()).isEqualTo(FOUND + "The state store " + stateFile() + " is refused (StateStoreLost):"
                + " with --yes, state.id is kept aside as <name>.replaced-<time>, and the 3 objects found are"
                + " recorded in a new store.\nNothing was written; run again with --yes to record them.\n");
        assertThat(snapshot(stateDir())).as("nothing written to the stateDir").isEqualTo(state);
        assertThat(snapshot(live())).as("nothing written to the target").isEqualTo(target);

        Result rebuilt = run("--yes");

        assertThat(rebuilt.code()).as(rebuilt.toString()).isZero();
        StateFileCheck.Result check = StateFileCheck.check(stateDir());
        assertThat(check.status()).isEqualTo(StateFileCheck.Status.OK);
        Path keptId;
        try (Stream<Path> files = Files.list(stateDir())) {
            keptId = files.filter(p -> p.getFileName().toString().matches("state\\.id\\.replaced-\\d{8}T\\d{6}Z"))
                    .findFirst().orElseThrow(() -> new AssertionError("no state.id.replaced-<time>"));
        }
        assertThat(keptId).hasContent(lostId.strip());
        assertThat(rebuilt.out()).isEqualTo(FOUND + "Kept aside: " + keptId + "\n"
                + "web: recorded 2 objects\n"
                + "api: recorded 1 object\n"
                + "The inventory is rebuilt in " + stateFile() + " (store id " + check.storeId() + "). The next run"
                + " of each stack records the content hashes, writing nothing to the targets; `plumbline plan`"
                + " shows what it would change.\n");
        assertThat(inventory("web")).containsOnly(
                Map.entry(key("motd"), new InventoryEntry(key("motd"), "rebuilt", "rev-web", false)),
                Map.entry(key("site"), new InventoryEntry(key("site"), "rebuilt", "rev-web", false)));
        assertThat(inventory("api")).containsOnlyKeys(key("api"));
        assertThat(inventory("old")).isEmpty();
        assertThat(snapshot(live())).as("nothing written to the target").isEqualTo(target);
    }

    @Test
    void aStateDirWherePlumblineNeverRanIsWrittenWithoutYes() {
        Result rebuilt = run("--stack", "web");

        assertThat(rebuilt.code()).as(rebuilt.toString()).isZero();
        assertThat(rebuilt.out()).doesNotContain("Skipped", "Kept aside").contains("web: recorded 2 objects\n");
        assertThat(inventory("web")).containsOnlyKeys(key("motd"), key("site"));
        assertThat(inventory("api")).isEmpty();
    }

    @Test
    void aSoundStoreGetsWhatItLacksOnlyWithYesAndKeepsWhatItHolds() {
        try (StateStore store = SqliteStateStore.open(stateDir())) {
            store.applied("web", key("motd"), "sha256:abc", "rev-1");
        }

        Result listed = run("--stack", "web");

        assertThat(listed.code()).as(listed.toString()).isZero();
        assertThat(listed.out()).endsWith("The state store " + stateFile() + " holds 1 inventory row: with --yes,"
                + " what it lacks of the 2 objects found is recorded beside what it holds.\nNothing was written;"
                + " run again with --yes to record them.\n");
        assertThat(inventory("web")).containsOnlyKeys(key("motd"));

        Result rebuilt = run("--stack", "web", "--yes");

        assertThat(rebuilt.code()).as(rebuilt.toString()).isZero();
        assertThat(rebuilt.out()).contains("web: recorded 1 object (1 more were in the inventory already and stay"
                + " as they were)\n").doesNotContain("Kept aside");
        assertThat(inventory("web")).containsOnly(
                Map.entry(key("motd"), new InventoryEntry(key("motd"), "sha256:abc", "rev-1", false)),
                Map.entry(key("site"), new InventoryEntry(key("site"), "rebuilt", "rev-web", false)));
    }

    @Test
    void anotherApplicationsDatabaseIsKeptAsideNotDeleted() throws Exception {
        loseTheStore();
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + stateFile());
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE users (id INTEGER)");
        }

        Result rebuilt = run("--yes");

        assertThat(rebuilt.code()).as(rebuilt.toString()).isZero();
        assertThat(rebuilt.out()).containsPattern("Kept aside: \\Q" + stateFile() + "\\E\\.replaced-\\d{8}T\\d{6}Z\n")
                .containsPattern("Kept aside: \\Q" + stateDir().resolve("state.id") + "\\E\\.replaced-");
        Path kept;
        try (Stream<Path> files = Files.list(stateDir())) {
            kept = files.filter(p -> p.getFileName().toString().matches("state\\.db\\.replaced-\\d{8}T\\d{6}Z"))
                    .findFirst().orElseThrow();
        }
        assertThat(tables(kept)).isEqualTo("users");
        assertThat(StateFileCheck.check(stateDir()).status()).isEqualTo(StateFileCheck.Status.OK);
        assertThat(inventory("web")).hasSize(2);
    }

    @Test
    void itIsRefusedWhileAnAgentRunsAndChangesNothing() throws IOException {
        loseTheStore();
        Map<String, String> state = snapshot(stateDir());
        try (AgentLock agent = AgentLock.acquire(stateDir())) {
            Result refused = run("--yes");

            assertThat(refused.code()).as(refused.toString()).isEqualTo(1);
            assertThat(refused.out()).isEmpty();
            assertThat(refused.err()).startsWith("error: An agent runs with the state directory " + stateDir()
                    + " (agent pid " + ProcessHandle.current().pid()).endsWith("; the lock is " + agent.file()
                    + "): stop it, then run plumbline state rebuild-inventory again. Nothing was changed.\n");
        }
        assertThat(snapshot(stateDir())).isEqualTo(state);
    }

    @Test
    void itIsRefusedWhileAnotherProcessHasTheStoreOpen() {
        try (StateStore open = SqliteStateStore.open(stateDir())) {
            Result refused = run("--yes");

            assertThat(refused.code()).as(refused.toString()).isEqualTo(1);
            assertThat(refused.out()).isEmpty();
            assertThat(refused.err()).isEqualTo("error: The state store " + stateFile() + " is in use by another"
                    + " process (an agent, or a plumbline command, running with this stateDir): stop it, then run"
                    + " plumbline state rebuild-inventory again. Nothing was changed.\n");
            assertThat(open.inventory("web")).isEmpty();
        }
    }

    private static String tables(Path file) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement statement = connection.createStatement();
             var rows = statement.executeQuery("SELECT group_concat(name) FROM sqlite_master WHERE type = 'table'")) {
            return rows.next() ? rows.getString(1) : "";
        }
    }
}
