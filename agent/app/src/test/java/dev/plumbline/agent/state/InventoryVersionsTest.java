package dev.plumbline.agent.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumbline.engine.apply.InventoryJournal;
import dev.plumbline.model.InventoryEntry;
import dev.plumbline.model.ResourceKey;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteDataSource;

/**
 * A store gives the inventory it read or wrote last again while nobody changed it, and reads it again when
 * anybody did: another store on the same file (the CLI beside the daemon), its own single writes, or a
 * statement that bypasses the store altogether.
 */
class InventoryVersionsTest {

    private static final String SHA = "1111111111111111111111111111111111111111";
    private static final String SHA2 = "2222222222222222222222222222222222222222";

    @TempDir
    Path dir;

    private final List<SqliteStateStore> opened = new ArrayList<>();

    @AfterEach
    void close() {
        opened.forEach(SqliteStateStore::close);
    }

    private SqliteStateStore open() {
        SqliteStateStore store = SqliteStateStore.open(dir);
        opened.add(store);
        return store;
    }

    private static ResourceKey key(int index) {
        return new ResourceKey("local", "files.plumbline.dev", "File", "", "file-" + index);
    }

    private static List<InventoryJournal.Entry> written(int from, int to, String hash) {
        List<InventoryJournal.Entry> entries = new ArrayList<>();
        for (int index = from; index < to; index++) {
            entries.add(InventoryJournal.Entry.written(key(index), hash, false));
        }
        return entries;
    }

    @Test
    void anUnchangedInventoryIsGivenAgainWithoutReadingItsRows() {
        SqliteStateStore store = open();
        store.settleAll("web", SHA, written(0, 100, "sha256:a"));

        Map<ResourceKey, InventoryEntry> first = store.inventory("web");

        assertThat(first).hasSize(100);
        assertThat(store.inventory("web")).isSameAs(first);
        assertThat(store.inventory("other")).isEmpty();
    }

    @Test
    void theStoresOwnBatchedWritesAreKeptWithTheInventory() {
        SqliteStateStore store = open();
        store.settleAll("web", SHA, written(0, 10, "sha256:a"));
        store.inventory("web");

        List<InventoryJournal.Entry> batch = new ArrayList<>(written(3, 5, "sha256:b"));
        batch.add(InventoryJournal.Entry.forgotten(key(9)));
        store.intendAll("web", SHA2, written(20, 21, "sha256:c"));
        store.settleAll("web", SHA2, batch);

        Map<ResourceKey, InventoryEntry> kept = store.inventory("web");
        assertThat(kept).hasSize(10).doesNotContainKey(key(9));
        assertThat(kept.get(key(3))).isEqualTo(new InventoryEntry(key(3), "sha256:b", SHA2, false, false));
        assertThat(kept.get(key(20))).isEqualTo(new InventoryEntry(key(20), "sha256:c", SHA2, true, false));
        assertThat(kept.get(key(0)).hash()).isEqualTo("sha256:a");
        assertThat(store.inventory("web")).as("kept, not read again").isSameAs(kept);
        assertThat(open().inventory("web")).as("as a fresh read finds it").isEqualTo(kept);
    }

    @Test
    void theKeptInventoryStaysInKeyOrderWhateverAWriteDoes() {
        SqliteStateStore store = open();
        store.settleAll("web", SHA, written(0, 10, "sha256:a"));
        List<ResourceKey> sorted = new ArrayList<>(store.inventory("web").keySet());
        assertThat(sorted).isSorted().hasSize(10);

        store.settleAll("web", SHA2, written(4, 5, "sha256:b")); // an update keeps every key where it was
        assertThat(new ArrayList<>(store.inventory("web").keySet())).isEqualTo(sorted);
        assertThat(store.inventory("web").get(key(4)).hash()).isEqualTo("sha256:b");

        store.settleAll("web", SHA2, written(55, 56, "sha256:c")); // file-55 sorts between file-5 and file-6
        store.settleAll("web", SHA2, List.of(InventoryJournal.Entry.forgotten(key(2))));
        List<ResourceKey> after = new ArrayList<>(store.inventory("web").keySet());
        assertThat(after).isSorted().hasSize(10).contains(key(55)).doesNotContain(key(2));
        assertThat(after).isEqualTo(new ArrayList<>(open().inventory("web").keySet()));
    }

    @Test
    void writesOfAnotherStoreOnTheSameFileAreSeen() {
        SqliteStateStore daemon = open();
        SqliteStateStore cli = open();
        daemon.settleAll("web", SHA, written(0, 10, "sha256:a"));
        assertThat(daemon.inventory("web")).hasSize(10);

        cli.settleAll("web", SHA2, written(5, 6, "sha256:b"));
        assertThat(daemon.inventory("web").get(key(5)).hash()).isEqualTo("sha256:b");

        cli.applied("web", key(6), "sha256:c", SHA2, false);
        assertThat(daemon.inventory("web").get(key(6)).hash()).isEqualTo("sha256:c");

        cli.forget("web", key(7));
        assertThat(daemon.inventory("web")).hasSize(9).doesNotContainKey(key(7));

        daemon.settleAll("web", SHA, written(8, 9, "sha256:d")); // over a version the daemon did not see
        cli.forget("web", key(0));
        assertThat(daemon.inventory("web")).hasSize(8).doesNotContainKey(key(0));
        assertThat(daemon.inventory("web").get(key(8)).hash()).isEqualTo("sha256:d");
    }

    @Test
    void theStoresOwnSingleWritesAndAnyStatementOnTheTableAreSeen() throws Exception {
        SqliteStateStore store = open();
        store.settleAll("web", SHA, written(0, 3, "sha256:a"));
        store.inventory("web");

        store.intend("web", key(1), "sha256:b", SHA2, false);
        assertThat(store.inventory("web").get(key(1)).pending()).isTrue();
        store.forget("web", key(2));
        assertThat(store.inventory("web")).containsOnlyKeys(key(0), key(1));

        SQLiteDataSource source = new SQLiteDataSource();
        source.setUrl("jdbc:sqlite:" + dir.resolve(SqliteStateStore.FILE_NAME));
        try (Connection connection = source.getConnection(); Statement statement = connection.createStatement()) {
            statement.executeUpdate("UPDATE inventory SET hash = 'sha256:by-hand' WHERE name = 'file-0'");
        }
        assertThat(store.inventory("web").get(key(0)).hash()).isEqualTo("sha256:by-hand");
    }
}
