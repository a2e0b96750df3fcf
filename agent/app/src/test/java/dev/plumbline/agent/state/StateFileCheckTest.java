package dev.plumbline.agent.state;

import static dev.plumbline.agent.state.StateFiles.addMigration;
import static dev.plumbline.agent.state.StateFiles.damageInventory;
import static dev.plumbline.agent.state.StateFiles.mirrors;
import static dev.plumbline.agent.state.StateFiles.olderStore;
import static dev.plumbline.agent.state.StateFiles.query;
import static dev.plumbline.agent.state.StateFiles.snapshot;
import static dev.plumbline.agent.state.StateFiles.sql;
import static dev.plumbline.agent.state.StateFiles.storeWith;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.plumbline.agent.state.StateFileCheck.Result;
import dev.plumbline.agent.state.StateFileCheck.Status;
import dev.plumbline.problem.StalledException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which state files {@link StateFileCheck} lets the store open, and that a refused one is left exactly as it
 * was: a first run, a sound store, and each way a store can be lost, damaged, foreign or too new.
 */
class StateFileCheckTest {

    @TempDir
    Path dir;

    private Path stateDir() {
        return dir.resolve("state");
    }

    private Path file() {
        return stateDir().resolve(SqliteStateStore.FILE_NAME);
    }

    /** Checks, asserts the status, and that openChecked refuses it without changing a byte. */
    private Result refused(Status status, String reason) {
        Map<String, String> before = snapshot(dir);
        Result result = StateFileCheck.check(stateDir());
        assertThat(result.status()).as(String.valueOf(result.problem())).isEqualTo(status);
        assertThat(result.refuses()).isTrue();
        assertThat(result.reason()).isEqualTo(reason);
        assertThat(result.problem()).startsWith("The state store " + file() + " ").doesNotContain("\n", "SQLITE_");

        StalledException error = catchThrowableOfType(StalledException.class,
                () -> SqliteStateStore.openChecked(stateDir()).close());
        assertThat(error.reason()).isEqualTo(reason);
        assertThat(error.getMessage()).isEqualTo(result.problem());
        assertThat(snapshot(dir)).as("nothing was changed or removed").containsAllEntriesOf(before);
        return result;
    }

    @Test
    void noStateDirIsAFirstRunAndOpeningWritesTheMarker() throws IOException {
        assertThat(StateFileCheck.check(stateDir()).status()).isEqualTo(Status.NEW);

        SqliteStateStore.openChecked(stateDir()).close();

        String id = query(file(), "SELECT id FROM store_identity");
        assertThat(id).matches("[0-9a-f-]{36}");
        assertThat(Files.readString(stateDir().resolve("state.id"))).startsWith("# Plumbline state store id.")
                .endsWith("\n" + id + "\n");
        Result again = StateFileCheck.check(stateDir());
        assertThat(again.status()).isEqualTo(Status.OK);
        assertThat(again.storeId()).isEqualTo(id);
        assertThat(again.schemaVersion()).isEqualTo(StateSchema.newest());
    }

    @Test
    void anEmptyFileWithNothingElseIsAFirstRun() throws IOException {
        Files.createDirectories(stateDir());
        Files.write(file(), new byte[0]);

        assertThat(StateFileCheck.check(stateDir()).status()).isEqualTo(Status.NEW);
    }

    @Test
    void anEmptyFileBesideTheMarkerIsRefused() throws IOException {
        storeWith(stateDir(), 2);
        Files.write(file(), new byte[0]);

        Result result = refused(Status.EMPTY, "StateStoreLost");

        assertThat(result.problem()).isEqualTo("The state store " + file() + " is empty (0 bytes), but Plumbline"
                + " has run with this stateDir before (state.id is there): the inventory of what it owns is gone,"
                + " and starting over would stop it pruning what it wrote. " + StateFileCheck.ADVICE);
        assertThat(file()).isEmptyFile();
    }

    @Test
    void aZeroLengthFileWithMirrorsIsRefused() throws IOException {
        Files.createDirectories(stateDir());
        Files.write(file(), new byte[0]);
        mirrors(stateDir());

        Result result = refused(Status.EMPTY, "StateStoreLost");

        assertThat(result.problem()).contains("is empty (0 bytes), but Plumbline has run with this stateDir before"
                + " (mirrors/ holds Git mirrors)", "plumbline state restore FILE",
                "rebuild the inventory from the providers' ownership records");
    }

    @Test
    void aMissingFileBesideTheMarkerIsRefused() throws IOException {
        storeWith(stateDir(), 1);
        mirrors(stateDir());
        Files.delete(file());

        Result result = refused(Status.MISSING, "StateStoreLost");

        assertThat(result.problem()).contains(" is missing, but Plumbline has run with this stateDir before"
                + " (state.id is there and mirrors/ holds Git mirrors)");
        assertThat(file()).doesNotExist();
    }

    @Test
    void aMissingFileWhoseWriteAheadLogRemainsIsRefused() throws IOException {
        Files.createDirectories(stateDir());
        Files.write(stateDir().resolve("state.db-wal"), new byte[] {1, 2, 3});

        Result result = refused(Status.MISSING, "StateStoreLost");

        assertThat(result.problem()).contains(" is missing, but Plumbline has run with this stateDir before"
                + " (state.db-wal holds 3 bytes)");
    }

    @Test
    void garbageBytesAreNotSqliteWhateverTheEvidence() throws IOException {
        Files.createDirectories(stateDir());
        Files.writeString(file(), "this is not a database, only some text ".repeat(100));

        Result result = refused(Status.NOT_SQLITE, "StateStoreCorrupt");

        assertThat(result.problem()).startsWith("The state store " + file() + " is not a SQLite database (it does"
                + " not start with SQLite's header). Nothing was changed.");
    }

    @Test
    void aFewGarbageBytesAreNotSqliteEither() throws IOException {
        Files.createDirectories(stateDir());
        Files.writeString(file(), "x"); // SQLite itself reads so short a file as an empty database

        refused(Status.NOT_SQLITE, "StateStoreCorrupt");

        assertThat(Files.readString(file())).isEqualTo("x");
    }

    @Test
    void anotherApplicationsSqliteFileIsForeign() throws IOException {
        Files.createDirectories(stateDir());
        sql(file(), "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT)", "INSERT INTO users VALUES (1, 'ann')");

        Result result = refused(Status.FOREIGN, "StateStoreLost");

        assertThat(result.problem()).startsWith("The state store " + file() + " is not a Plumbline state database:"
                + " it has no Flyway schema history (its tables: users).");
    }

    @Test
    void anotherApplicationsFlywayDatabaseIsForeign() throws IOException {
        Files.createDirectories(stateDir());
        sql(file(), "CREATE TABLE flyway_schema_history (installed_rank INTEGER PRIMARY KEY, version TEXT,"
                        + " description TEXT, type TEXT, script TEXT, checksum INTEGER, installed_by TEXT,"
                        + " installed_on TEXT, execution_time INTEGER, success INTEGER)",
                "INSERT INTO flyway_schema_history VALUES (1, '1', 'create users', 'SQL', 'V1__create_users.sql',"
                        + " 42, 'app', '', 1, 1)",
                "CREATE TABLE users (id INTEGER PRIMARY KEY)");

        Result result = refused(Status.FOREIGN, "StateStoreLost");

        assertThat(result.problem()).contains("is not a Plumbline state database: its Flyway schema history is"
                + " another application's (migration 1 is 'create users', not Plumbline's 'initial')");
    }

    @Test
    void aSchemaNewerThanThisBuildIsRefused() {
        storeWith(stateDir(), 1);
        addMigration(file(), "99", "from the future");

        Result result = refused(Status.SCHEMA_NEWER, "StateStoreTooNew");

        assertThat(result.problem()).isEqualTo("The state store " + file() + " was written by a newer Plumbline:"
                + " its schema is version 99, newer than the newest this build of Plumbline knows ("
                + StateSchema.newest() + "). Nothing was changed. Run the Plumbline that wrote it (or a newer one),"
                + " or restore a backup this build can read with `plumbline state restore FILE`.");
    }

    @Test
    void aSwappedFileWhoseStoreIdIsNotTheMarkersIsRefused() throws IOException {
        storeWith(stateDir(), 2);
        Path other = storeWith(dir.resolve("other"), 5);
        String ours = StoreId.readMarker(stateDir()).orElseThrow();
        String theirs = query(other, "SELECT id FROM store_identity");
        Files.copy(other, file(), StandardCopyOption.REPLACE_EXISTING);

        Result result = refused(Status.SWAPPED, "StateStoreLost");

        assertThat(ours).isNotEqualTo(theirs);
        assertThat(result.problem()).isEqualTo("The state store " + file() + " is not this stateDir's database: it"
                + " carries the store id " + theirs + ", but state.id beside it names the store " + ours + " (it is"
                + " another agent's database, or one created anew after this one was lost). "
                + StateFileCheck.ADVICE);
    }

    @Test
    void aFileCreatedAnewAfterTheOriginalWasLostIsRefused() throws IOException {
        storeWith(stateDir(), 2);
        Files.write(file(), new byte[0]);
        SqliteStateStore.open(stateDir()).close(); // what an unchecked open did: a new, empty store

        Result result = refused(Status.SWAPPED, "StateStoreLost");

        assertThat(result.problem()).contains("is not this stateDir's database");
    }

    @Test
    void aDamagedFileIsCorrupt() {
        storeWith(stateDir(), 200);
        damageInventory(file());

        Result result = refused(Status.CORRUPT, "StateStoreCorrupt");

        assertThat(result.problem()).startsWith("The state store " + file() + " is damaged: ")
                .endsWith(StateFileCheck.ADVICE);
    }

    @Test
    void aDirectoryInPlaceOfTheFileIsRefused() throws IOException {
        Files.createDirectories(file());

        Result result = refused(Status.UNREADABLE, "StateStoreError");

        assertThat(result.problem()).isEqualTo("The state store " + file() + " is a directory, not a file."
                + " Nothing was changed.");
    }

    @Test
    void anUnreadableFileIsRefused() throws IOException {
        assumeFalse("root".equals(System.getProperty("user.name")), "root reads any file");
        storeWith(stateDir(), 1);
        Files.setPosixFilePermissions(file(), PosixFilePermissions.fromString("---------"));
        try {
            Result result = StateFileCheck.check(stateDir());
            assertThat(result.status()).isEqualTo(Status.UNREADABLE);
            assertThat(result.problem()).contains("cannot be read (permission denied)");
        } finally {
            Files.setPosixFilePermissions(file(), PosixFilePermissions.fromString("rw-------"));
        }
    }

    @Test
    void aStoreFromBeforeTheMarkerIsAdoptedOnOpen() throws IOException {
        olderStore(stateDir(), "2");
        mirrors(stateDir());

        Result before = StateFileCheck.check(stateDir());
        assertThat(before.status()).isEqualTo(Status.OK);
        assertThat(before.storeId()).isNull();
        assertThat(before.schemaVersion()).isEqualTo("2");

        SqliteStateStore.openChecked(stateDir()).close();

        String id = query(file(), "SELECT id FROM store_identity");
        assertThat(StoreId.readMarker(stateDir())).contains(id);
        assertThat(StateFileCheck.check(stateDir()).status()).isEqualTo(Status.OK);
    }

    @Test
    void anOlderFileBesideAMarkerIsNotTheMarkersStore() throws IOException {
        storeWith(stateDir(), 1);
        Files.delete(file());
        olderStore(stateDir(), "2");

        Result result = refused(Status.SWAPPED, "StateStoreLost");

        assertThat(result.problem()).contains("it carries no store id, but state.id beside it names the store ");
    }

    @Test
    void aSqliteFileWithoutTablesIsEmpty() throws IOException {
        Files.createDirectories(stateDir());
        sql(file(), "PRAGMA user_version = 7"); // writes the header: a database with no tables
        assertThat(StateFileCheck.check(stateDir()).status()).isEqualTo(Status.NEW);

        Files.writeString(stateDir().resolve("state.id"), "# a marker\n" + "0000\n", StandardCharsets.UTF_8);

        Result result = refused(Status.EMPTY, "StateStoreLost");
        assertThat(result.problem()).contains(" holds no tables, but Plumbline has run with this stateDir before");
    }
}
