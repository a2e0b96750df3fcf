package dev.plumbline.agent.state;

import static dev.plumbline.agent.state.StateFiles.addMigration;
import static dev.plumbline.agent.state.StateFiles.key;
import static dev.plumbline.agent.state.StateFiles.mirrors;
import static dev.plumbline.agent.state.StateFiles.olderStore;
import static dev.plumbline.agent.state.StateFiles.query;
import static dev.plumbline.agent.state.StateFiles.snapshot;
import static dev.plumbline.agent.state.StateFiles.sql;
import static dev.plumbline.agent.state.StateFiles.storeWith;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.plumbline.problem.PlumblineException;
import dev.plumbline.problem.StalledException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Backups taken online, and restores that check first, refuse while the store is open, and keep what they replace. */
class StateBackupTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-03-01T10:15:30Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    private final ExecutorService pool = Executors.newSingleThreadExecutor();

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    private Path stateDir() {
        return dir.resolve("state");
    }

    private Path file() {
        return stateDir().resolve(SqliteStateStore.FILE_NAME);
    }

    @Test
    void aBackupIsAConsistentCopyTakenWhileTheStoreIsWritten() throws Exception {
        storeWith(stateDir(), 3);
        String id = StoreId.readMarker(stateDir()).orElseThrow();
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicInteger written = new AtomicInteger();
        try (SqliteStateStore store = SqliteStateStore.open(stateDir())) {
            Future<?> writer = pool.submit(() -> {
                while (writing.get()) {
                    store.applied("other", key("f-" + written.get()), "sha256:x", StateFiles.SHA);
                    written.incrementAndGet();
                }
            });
            while (written.get() < 20) {
                Thread.onSpinWait();
            }

            StateBackup.Copy copy = StateBackup.backup(stateDir(), dir.resolve("backup.db"));

            writing.set(false);
            writer.get(30, TimeUnit.SECONDS);
            assertThat(copy.file()).isEqualTo(dir.resolve("backup.db")).isRegularFile();
            assertThat(copy.bytes()).isEqualTo(Files.size(copy.file()));
            assertThat(copy.storeId()).isEqualTo(id);
            assertThat(copy.schemaVersion()).isEqualTo(StateSchema.newest());
            assertThat(copy.counts().stacks()).isEqualTo(1);
            assertThat(copy.counts().inventory()).isGreaterThanOrEqualTo(3 + 20);
            assertThat(StateFileCheck.inspect(copy.file()).status()).isEqualTo(StateFileCheck.Status.OK);
            assertThat(query(copy.file(), "SELECT count(*) FROM inventory WHERE stack = 'web'")).isEqualTo("3");
            assertThat(Path.of(copy.file() + "-wal")).as("one self-contained file").doesNotExist();
        }
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left).extracting(p -> p.getFileName().toString())
                    .containsExactlyInAnyOrder("state", "backup.db");
        }
    }

    @Test
    void aBackupNeverOverwritesAFile() throws IOException {
        storeWith(stateDir(), 1);
        Path existing = Files.writeString(dir.resolve("backup.db"), "keep me");

        StalledException error = catchThrowableOfType(StalledException.class,
                () -> StateBackup.backup(stateDir(), existing));

        assertThat(error).hasMessage(existing + " already exists; a backup never overwrites a file: name a new one.");
        assertThat(Files.readString(existing)).isEqualTo("keep me");
    }

    @Test
    void thereIsNothingToBackUpWithoutAStore() {
        StalledException error = catchThrowableOfType(StalledException.class,
                () -> StateBackup.backup(stateDir(), dir.resolve("backup.db")));

        assertThat(error).hasMessage("There is no state database at " + file() + " to back up.");
        assertThat(dir.resolve("backup.db")).doesNotExist();
    }

    @Test
    void aForeignStateFileIsNotBackedUp() throws IOException {
        Files.createDirectories(stateDir());
        sql(file(), "CREATE TABLE users (id INTEGER)");

        StalledException error = catchThrowableOfType(StalledException.class,
                () -> StateBackup.backup(stateDir(), dir.resolve("backup.db")));

        assertThat(error).hasMessage("The state database " + file() + " cannot be backed up: its copy is not a"
                + " Plumbline state database: it has no Flyway schema history (its tables: users). No backup was"
                + " written.");
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left).extracting(p -> p.getFileName().toString()).containsExactly("state");
        }
    }

    @Test
    void aRestoreReplacesTheStoreAndKeepsWhatItReplaced() throws IOException {
        storeWith(stateDir(), 2);
        mirrors(stateDir());
        String id = StoreId.readMarker(stateDir()).orElseThrow();
        Path backup = StateBackup.backup(stateDir(), dir.resolve("backup.db")).file();
        Files.write(file(), new byte[0]); // lost
        SqliteStateStore.open(stateDir()).close(); // and created anew by an unchecked open: another store id
        String newId = query(file(), "SELECT id FROM store_identity");
        assertThat(StateFileCheck.check(stateDir()).status()).isEqualTo(StateFileCheck.Status.SWAPPED);

        StateBackup.Restored restored = StateBackup.restore(stateDir(), backup, CLOCK);

        Path replaced = stateDir().resolve("state.db.replaced-20250301T101530Z");
        assertThat(restored.replaced()).isEqualTo(replaced);
        assertThat(restored.keptAside()).containsExactly(replaced);
        assertThat(query(replaced, "SELECT id FROM store_identity")).isEqualTo(newId);
        assertThat(restored.restored().storeId()).isEqualTo(id);
        assertThat(restored.restored().counts().inventory()).isEqualTo(2);
        assertThat(StoreId.readMarker(stateDir())).contains(id);
        StateFileCheck.Result check = StateFileCheck.check(stateDir());
        assertThat(check.status()).isEqualTo(StateFileCheck.Status.OK);
        try (SqliteStateStore store = SqliteStateStore.openChecked(stateDir())) {
            assertThat(store.inventory("web")).containsOnlyKeys(key("file-0"), key("file-1"));
        }
        assertThat(backup).as("the backup stays as it was").isRegularFile();
    }

    @Test
    void anotherStoresBackupTakesOverAndTheMarkerItReplacesIsKept() throws IOException {
        storeWith(stateDir(), 2);
        String ours = StoreId.readMarker(stateDir()).orElseThrow();
        Path other = storeWith(dir.resolve("other"), 5);
        String theirs = query(other, "SELECT id FROM store_identity");
        Path backup = StateBackup.backup(other.getParent(), dir.resolve("theirs.db")).file();

        StateBackup.Restored restored = StateBackup.restore(stateDir(), backup, CLOCK);

        Path oldMarker = stateDir().resolve("state.id.replaced-20250301T101530Z");
        assertThat(restored.keptAside()).containsExactly(stateDir().resolve("state.db.replaced-20250301T101530Z"),
                oldMarker);
        assertThat(StoreId.readMarker(stateDir()))
                .contains(theirs);
        assertThat(Files.readString(oldMarker)).endsWith("\n" + ours + "\n");
        assertThat(restored.restored().counts().inventory()).isEqualTo(5);
    }

    @Test
    void aRestoreOfThisStoresBackupKeepsTheMarkerWhereItIs() throws IOException {
        storeWith(stateDir(), 2);
        String marker = Files.readString(stateDir().resolve("state.id"));
        Path backup = StateBackup.backup(stateDir(), dir.resolve("backup.db")).file();
        Files.write(file(), new byte[0]);

        StateBackup.Restored restored = StateBackup.restore(stateDir(), backup, CLOCK);

        assertThat(restored.keptAside()).containsExactly(stateDir().resolve("state.db.replaced-20250301T101530Z"));
        assertThat(restored.replaced()).isEmptyFile();
        assertThat(Files.readString(stateDir().resolve("state.id"))).isEqualTo(marker);
        assertThat(StateFileCheck.check(stateDir()).status()).isEqualTo(StateFileCheck.Status.OK);
    }

    @Test
    void aSecondRestoreInTheSameSecondKeepsBothReplacedFiles() {
        storeWith(stateDir(), 1);
        Path backup = StateBackup.backup(stateDir(), dir.resolve("backup.db")).file();

        Path first = StateBackup.restore(stateDir(), backup, CLOCK).replaced();
        Path second = StateBackup.restore(stateDir(), backup, CLOCK).replaced();

        assertThat(first).isEqualTo(stateDir().resolve("state.db.replaced-20250301T101530Z")).isRegularFile();
        assertThat(second).isEqualTo(stateDir().resolve("state.db.replaced-20250301T101530Z-2")).isRegularFile();
    }

    @Test
    void aCopyOfALiveDatabaseWithItsLogIsRestoredWithWhatTheLogHolds() throws IOException {
        Path source = dir.resolve("live");
        storeWith(source, 1);
        Path copy = Files.createDirectories(dir.resolve("copied"));
        try (SqliteStateStore store = SqliteStateStore.open(source)) {
            store.applied("web", key("in-the-log"), "sha256:log", StateFiles.SHA); // not yet in the file
            Files.copy(source.resolve("state.db"), copy.resolve("state.db"));
            Files.copy(source.resolve("state.db-wal"), copy.resolve("state.db-wal"));
        }

        StateBackup.Restored restored = StateBackup.restore(stateDir(), copy.resolve("state.db"), CLOCK);

        assertThat(restored.restored().counts().inventory()).isEqualTo(2);
        try (SqliteStateStore store = SqliteStateStore.openChecked(stateDir())) {
            assertThat(store.inventory("web")).containsKey(key("in-the-log"));
        }
    }

    @Test
    void aRestoreIntoAnEmptyStateDirNeedsNothingToReplace() {
        Path backup = StateBackup.backup(storeWith(dir.resolve("old"), 1).getParent(), dir.resolve("b.db")).file();

        StateBackup.Restored restored = StateBackup.restore(stateDir(), backup, CLOCK);

        assertThat(restored.replaced()).isNull();
        assertThat(restored.keptAside()).isEmpty();
        assertThat(StateFileCheck.check(stateDir()).status()).isEqualTo(StateFileCheck.Status.OK);
    }

    @Test
    void anOlderBackupIsBroughtUpToDateAndGetsAStoreId() throws IOException {
        Path older = olderStore(dir.resolve("old"), "2");
        sql(older, "INSERT INTO stack_status (stack, condition, reason, message, drifted, updated_at)"
                + " VALUES ('web', 'Ready', 'ReconciliationSucceeded', 'ok', 0, 0)");

        StateBackup.Restored restored = StateBackup.restore(stateDir(), older, CLOCK);

        assertThat(restored.restored().schemaVersion()).isEqualTo(StateSchema.newest());
        assertThat(restored.restored().storeId()).isNotNull();
        assertThat(StoreId.readMarker(stateDir())).contains(restored.restored().storeId());
        assertThat(restored.restored().counts().stacks()).isEqualTo(1);
        assertThat(query(older, "SELECT count(*) FROM sqlite_master WHERE name = 'store_identity'"))
                .as("the backup itself is left as it was").isEqualTo("0");
    }

    @Test
    void aRestoreRefusesWhileTheStoreIsOpen() throws IOException {
        storeWith(stateDir(), 2);
        Path backup = StateBackup.backup(stateDir(), dir.resolve("backup.db")).file();
        try (SqliteStateStore store = SqliteStateStore.open(stateDir())) {
            store.inventory("web");
            Map<String, String> before = snapshot(stateDir());

            PlumblineException error = catchThrowableOfType(PlumblineException.class,
                    () -> StateBackup.restore(stateDir(), backup, CLOCK));

            assertThat(error.reason()).isEqualTo("Locked");
            assertThat(error).hasMessage("The state store " + file() + " is in use by another process (an agent, or"
                    + " a plumbline command, running with this stateDir): stop it, then restore. Nothing was"
                    + " changed.");
            assertThat(snapshot(stateDir())).isEqualTo(before);
            store.applied("web", key("after"), "sha256:after", StateFiles.SHA);
        }
    }

    @Test
    void aBackupThatIsNotSoundIsRefusedBeforeAnythingIsTouched() throws IOException {
        storeWith(stateDir(), 2);
        Path garbage = Files.writeString(dir.resolve("garbage.db"), "not a database ".repeat(100));
        Path empty = Files.write(dir.resolve("empty.db"), new byte[0]);
        Path foreign = dir.resolve("foreign.db");
        sql(foreign, "CREATE TABLE users (id INTEGER)");
        Path newer = StateBackup.backup(stateDir(), dir.resolve("newer.db")).file();
        addMigration(newer, "99", "from the future");
        Path damaged = StateBackup.backup(stateDir(), dir.resolve("damaged.db")).file();
        StateFiles.damageIndex(damaged);
        Map<String, String> before = snapshot(stateDir());

        assertThat(refusal(garbage)).isEqualTo("Will not restore from " + garbage + ": it is not a SQLite database"
                + " (it does not start with SQLite's header). Nothing was changed.");
        assertThat(refusal(empty)).isEqualTo("Will not restore from " + empty + ": it is empty (0 bytes)."
                + " Nothing was changed.");
        assertThat(refusal(foreign)).contains(": it is not a Plumbline state database: it has no Flyway schema"
                + " history");
        assertThat(refusal(newer)).contains(": it was written by a newer Plumbline: its schema is version 99");
        assertThat(refusal(damaged)).contains(": it is damaged: SQLite's integrity check found ");
        assertThat(refusal(dir.resolve("nowhere.db"))).isEqualTo("There is no file " + dir.resolve("nowhere.db")
                + " to restore from.");
        assertThat(refusal(file())).isEqualTo(file() + " is the state database itself; name a backup of it.");
        assertThat(snapshot(stateDir())).isEqualTo(before);
    }

    private String refusal(Path backup) {
        return catchThrowableOfType(StalledException.class, () -> StateBackup.restore(stateDir(), backup, CLOCK))
                .getMessage();
    }
}
