package dev.plumbline.it.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumbline.engine.state.StateStore;
import dev.plumbline.it.fixture.Cli;
import dev.plumbline.it.fixture.Scenario;
import dev.plumbline.model.InventoryEntry;
import dev.plumbline.model.ResourceKey;
import dev.plumbline.provider.etcd.EtcdServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A state store lost without a backup and rebuilt from the providers' ownership records, through the real CLI:
 * a stack of two files and a stack of an etcd key on a real etcd, applied from a Git repository,
 * {@code state.db} deleted, every command refusing and naming {@code plumbline state rebuild-inventory}, which
 * lists what it finds, records it with {@code --yes} and touches nothing on either target. Then {@code plan}
 * shows nothing to do, and a commit that removes a file prunes exactly that file: the inventory is back.
 */
class RebuildInventoryIT {

    @RegisterExtension
    static final EtcdServer ETCD = new EtcdServer();

    private static final String PREFIX = "/rebuild-it/";

    @TempDir
    Path dir;

    private Scenario scenario;
    private String sha;

    @BeforeEach
    void applyAStack() throws IOException {
        scenario = Scenario.overFile(dir);
        Files.writeString(scenario.config(), """
                stateDir: ./state
                sources:
                  - { name: infra, url: %s, ref: main, interval: 1h }
                providers:
                  - { name: local, type: files, root: ./live }
                  - { name: kv, type: etcd, endpoints: ["%s"], prefix: %s }
                stacks:
                  - name: web
                    source: infra
                    path: stacks/web
                    provider: local
                    sync: { auto: true, prune: true, selfHeal: true }
                  - name: kv
                    source: infra
                    path: stacks/kv
                    provider: kv
                    sync: { auto: true, prune: true, selfHeal: true }
                """.formatted(scenario.url(), ETCD.endpoint(), PREFIX));
        scenario.manifest("site-conf", "nginx/site.conf", "server_name example.org;")
                .manifest("motd", "motd", "hello");
        scenario.repo().write("stacks/kv/app-url.yaml", """
                apiVersion: etcd.plumbline.dev/v1
                kind: Key
                metadata: { name: app-url }
                spec: { key: app/url, value: "https://app.example.org" }
                """);
        sha = scenario.repo().commit("Add the web and kv stacks");
        Cli.Result apply = cli("apply");
        assertThat(apply.code()).as(apply.toString()).isZero();
        assertThat(scenario.liveFile("motd")).isEqualTo("hello");
        assertThat(ETCD.get(PREFIX + "app/url")).contains("https://app.example.org");
    }

    private Cli.Result cli(String... args) {
        return Cli.run(Stream.concat(Stream.of(args), Stream.of("--config", scenario.config().toString()))
                .toArray(String[]::new));
    }

    private Path stateFile() {
        return scenario.stateDir().toAbsolutePath().normalize().resolve("state.db");
    }

    private static ResourceKey file(String name) {
        return new ResourceKey("local", "files.plumbline.dev", "File", "", name);
    }

    private static final ResourceKey APP_URL = new ResourceKey("kv", "etcd.plumbline.dev", "Key", "", "app-url");

    @Test
    void aLostInventoryIsRebuiltFromTheTargetsWithoutTouchingThemAndPrunesAgain() throws Exception {
        Map<String, String> live = targets();
        for (String name : List.of("state.db", "state.db-wal", "state.db-shm")) {
            Files.deleteIfExists(scenario.stateDir().resolve(name));
        }

        Cli.Result refused = cli("plan");
        assertThat(refused.code()).as(refused.toString()).isEqualTo(1);
        assertThat(refused.err()).startsWith("error: The state store " + stateFile() + " is missing, but Plumbline"
                + " has run with this stateDir before").contains("rebuild the inventory from the providers'"
                + " ownership records with `plumbline state rebuild-inventory`");

        Cli.Result listed = cli("state", "rebuild-inventory");
        assertThat(listed.code()).as(listed.toString()).isZero();
        assertThat(listed.out()).startsWith("""
                Read the ownership records of providers local, kv; nothing was written to them.
                web: 2 objects (local: 2)
                  local: File motd from revision %1$s
                  local: File site-conf from revision %1$s
                kv: 1 object (kv: 1)
                  kv: Key app-url from revision %1$s
                """.formatted(sha)).endsWith("Nothing was written; run again with --yes to record them.\n");
        assertThat(stateFile()).doesNotExist();

        Cli.Result rebuilt = cli("state", "rebuild-inventory", "--yes");
        assertThat(rebuilt.code()).as(rebuilt.toString()).isZero();
        assertThat(rebuilt.out()).contains("web: recorded 2 objects\nkv: recorded 1 object\n",
                "The inventory is rebuilt in " + stateFile());
        assertThat(targets()).as("nothing on the targets changed").isEqualTo(live);
        try (StateStore store = scenario.store()) {
            assertThat(store.inventory("web")).containsOnlyKeys(file("motd"), file("site-conf"))
                    .allSatisfy((key, entry) -> assertThat(entry.hash()).isEqualTo("rebuilt"));
            assertThat(store.inventory("kv")).containsOnlyKeys(APP_URL);
        }

        Cli.Result plan = cli("plan");
        assertThat(plan.code()).as(plan.toString()).isZero();
        assertThat(plan.out()).contains("0 to create, 0 to update, 0 to delete, 0 orphaned, 2 unchanged",
                "0 to create, 0 to update, 0 to delete, 0 orphaned, 1 unchanged");

        scenario.repo().delete(Scenario.STACK_PATH + "/motd.yaml");
        scenario.repo().commit("Remove the motd");
        Cli.Result prune = cli("apply");
        assertThat(prune.code()).as(prune.toString()).isZero();
        assertThat(prune.out()).contains("0 to create, 0 to update, 1 to delete");

        Map<String, String> expected = new TreeMap<>(live);
        expected.remove("live/motd");
        expected.remove("live/.plumbline/stacks/web/motd.yaml");
        assertThat(targets()).as("exactly the motd is pruned; nothing else was rewritten").isEqualTo(expected);
        try (StateStore store = scenario.store()) {
            Map<ResourceKey, InventoryEntry> web = store.inventory("web");
            assertThat(web).containsOnlyKeys(file("site-conf"));
            assertThat(store.inventory("kv")).containsOnlyKeys(APP_URL);
            assertThat(List.of(web.get(file("site-conf")), store.inventory("kv").get(APP_URL)))
                    .as("the next run recorded the content hashes")
                    .allSatisfy(entry -> assertThat(entry.hash()).startsWith("sha256:"));
        }
    }

    /**
     * Everything on both targets: every file under the files provider's root (ownership records included) with
     * its content and modification time, and every etcd key under the prefix with its value and mod revision.
     */
    private Map<String, String> targets() {
        Map<String, String> found = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(scenario.live())) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                if (Files.isRegularFile(path)) {
                    found.put("live/" + scenario.live().relativize(path), Files.readString(path,
                            StandardCharsets.UTF_8) + "@" + Files.getLastModifiedTime(path).toMillis());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ETCD.getPrefix(PREFIX).forEach((key, value) -> found.put("etcd" + key, value + "@" + ETCD.modRevision(key)));
        return found;
    }
}
