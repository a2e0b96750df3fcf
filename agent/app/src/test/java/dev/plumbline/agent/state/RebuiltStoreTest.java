package dev.plumbline.agent.state;

import static dev.plumbline.agent.state.StateFiles.addMigration;
import static dev.plumbline.agent.state.StateFiles.damageInventory;
import static dev.plumbline.agent.state.StateFiles.snapshot;
import static dev.plumbline.agent.state.StateFiles.storeWith;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.plumbline.problem.StalledException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store a rebuild of the inventory writes into: a sound store as it is, otherwise a new one with what stood
 * in its way kept aside (never deleted), and a file this build cannot judge left alone.
 */
class RebuiltStoreTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-03-01T10:15:30Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    private Path stateDir() {
        return dir.resolve("state");
    }

    private Path file() {
        return stateDir().resolve(SqliteStateStore.FILE_NAME);
    }

    @Test
    void aSoundStoreIsWrittenAsItIsAndCountsItsInventory() {
        storeWith(stateDir(), 3);
        String id = StateFileCheck.check(stateDir()).storeId();

        RebuiltStore.Inspection found = RebuiltStore.inspect(stateDir());
        try (RebuiltStore.Opened opened = RebuiltStore.open(stateDir(), CLOCK)) {
            assertThat(opened.keptAside()).isEmpty();
            assertThat(opened.store().inventory("web")).hasSize(3);
        }

        assertThat(found.startsOver()).isFalse();
        assertThat(found.inventoryRows()).isEqualTo(3);
        assertThat(found.nothingToLose()).isFalse();
        assertThat(StateFileCheck.check(stateDir()).storeId()).isEqualTo(id);
    }

    @Test
    void aStateDirWherePlumblineNeverRanHasNothingToLose() {
        RebuiltStore.Inspection found = RebuiltStore.inspect(stateDir());

        assertThat(found.startsOver()).isTrue();
        assertThat(found.nothingToLose()).isTrue();
        assertThat(found.inTheWay()).isEmpty();
        assertThat(stateDir()).doesNotExist();
    }

    @Test
    void aDamagedStoreIsKeptAsideWithItsMarkerAndANewStoreAccepted() {
        storeWith(stateDir(), 200);
        damageInventory(file());
        Map<String, String> before = snapshot(stateDir());

        RebuiltStore.Inspection found = RebuiltStore.inspect(stateDir());
        try (RebuiltStore.Opened opened = RebuiltStore.open(stateDir(), CLOCK)) {
            assertThat(opened.keptAside()).extracting(path -> path.getFileName().toString())
                    .contains("state.db.replaced-20250301T101530Z", "state.id.replaced-20250301T101530Z");
            assertThat(opened.store().inventory("web")).isEmpty();
        }

        assertThat(found.startsOver()).isTrue();
        assertThat(found.nothingToLose()).isFalse();
        assertThat(StateFileCheck.check(stateDir()).status()).isEqualTo(StateFileCheck.Status.OK);
        assertThat(snapshot(stateDir())).as("the damaged file and the marker are kept, under new names")
                .containsEntry("state.db.replaced-20250301T101530Z", before.get("state.db"))
                .containsEntry("state.id.replaced-20250301T101530Z", before.get("state.id"));
    }

    @Test
    void aWriteAheadLogLeftWithoutItsDatabaseIsKeptAside() throws IOException {
        storeWith(stateDir(), 1);
        Files.delete(file());
        Files.write(stateDir().resolve("state.db-wal"), new byte[] {1, 2, 3});

        try (RebuiltStore.Opened opened = RebuiltStore.open(stateDir(), CLOCK)) {
            assertThat(opened.keptAside()).extracting(path -> path.getFileName().toString()).containsExactly(
                    "state.db-wal.replaced-20250301T101530Z", "state.id.replaced-20250301T101530Z");
        }

        assertThat(stateDir().resolve("state.db-wal.replaced-20250301T101530Z")).hasBinaryContent(new byte[] {1, 2, 3});
        assertThat(StateFileCheck.check(stateDir()).status()).isEqualTo(StateFileCheck.Status.OK);
    }

    @Test
    void aSwappedStoreIsKeptAsideWithTheMarkerThatNamesAnotherStore() throws IOException {
        storeWith(stateDir(), 2);
        Files.copy(storeWith(dir.resolve("other"), 5), file(), StandardCopyOption.REPLACE_EXISTING);

        try (RebuiltStore.Opened opened = RebuiltStore.open(stateDir(), CLOCK)) {
            assertThat(opened.keptAside()).extracting(path -> path.getFileName().toString())
                    .contains("state.db.replaced-20250301T101530Z", "state.id.replaced-20250301T101530Z");
        }

        assertThat(StateFileCheck.check(stateDir()).status()).isEqualTo(StateFileCheck.Status.OK);
    }

    @Test
    void aStoreOfANewerSchemaIsLeftAlone() {
        storeWith(stateDir(), 1);
        addMigration(file(), "99", "from the future");
        Map<String, String> before = snapshot(stateDir());

        StalledException refused = catchThrowableOfType(StalledException.class,
                () -> RebuiltStore.open(stateDir(), CLOCK));

        assertThat(refused.reason()).isEqualTo(StateFileCheck.STATE_STORE_TOO_NEW);
        assertThat(snapshot(stateDir())).as("the file and its marker (SQLite adds its empty companions)")
                .containsEntry("state.db", before.get("state.db")).containsEntry("state.id", before.get("state.id"))
                .doesNotContainKeys("state.db.replaced-20250301T101530Z", "state.id.replaced-20250301T101530Z");
    }
}
