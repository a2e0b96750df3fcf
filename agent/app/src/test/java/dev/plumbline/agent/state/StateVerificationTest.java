package dev.plumbline.agent.state;

import static dev.plumbline.agent.state.StateFiles.damageIndex;
import static dev.plumbline.agent.state.StateFiles.mirrors;
import static dev.plumbline.agent.state.StateFiles.olderStore;
import static dev.plumbline.agent.state.StateFiles.query;
import static dev.plumbline.agent.state.StateFiles.snapshot;
import static dev.plumbline.agent.state.StateFiles.storeWith;
import static org.assertj.core.api.Assertions.assertThat;

import dev.plumbline.agent.state.StateVerification.Report;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code plumbline state verify}'s findings: a sound store, a first run, and a problem per finding. */
class StateVerificationTest {

    @TempDir
    Path dir;

    private Path stateDir() {
        return dir.resolve("state");
    }

    @Test
    void aSoundStoreSaysWhatItHolds() {
        Path file = storeWith(stateDir(), 3);
        String id = query(file, "SELECT id FROM store_identity");

        Report report = StateVerification.verify(stateDir());

        assertThat(report.sound()).isTrue();
        assertThat(report.file()).isEqualTo(file);
        assertThat(report.facts()).containsExactly("integrity_check: ok", "foreign_key_check: ok",
                "schema: version " + StateSchema.newest() + " (the newest this build knows)",
                "store id: " + id + " (matches state.id)",
                "holds: 1 stack, 3 inventory rows (0 pending), 0 runs");
    }

    @Test
    void verifyingWhileTheStoreIsOpenAndWritingWorksAndChangesNothing() {
        storeWith(stateDir(), 1);
        try (SqliteStateStore store = SqliteStateStore.open(stateDir())) {
            store.applied("web", StateFiles.key("late"), "sha256:late", StateFiles.SHA);

            Report report = StateVerification.verify(stateDir());

            assertThat(report.problems()).isEmpty();
            assertThat(report.facts()).contains("holds: 1 stack, 2 inventory rows (0 pending), 0 runs");
            store.applied("web", StateFiles.key("later"), "sha256:later", StateFiles.SHA);
        }
    }

    @Test
    void aFirstRunIsNoProblem() {
        Report report = StateVerification.verify(stateDir());

        assertThat(report.sound()).isTrue();
        assertThat(report.facts()).containsExactly("no state database yet: Plumbline has not run with this stateDir");
        assertThat(stateDir()).doesNotExist();
    }

    @Test
    void anOlderSchemaIsSoundAndSaysTheNextStartUpgradesIt() throws IOException {
        olderStore(stateDir(), "1");

        Report report = StateVerification.verify(stateDir());

        assertThat(report.problems()).isEmpty();
        assertThat(report.facts()).contains("schema: version 1; this build's newest is " + StateSchema.newest()
                + ": the next start brings it up to date", "store id: none yet (the next start gives it one)");
    }

    @Test
    void everyIntegrityFindingIsAProblemOfItsOwn() {
        Path file = storeWith(stateDir(), 3);
        damageIndex(file);
        Map<String, String> before = snapshot(dir);

        Report report = StateVerification.verify(stateDir());

        assertThat(report.sound()).isFalse();
        assertThat(report.problems()).hasSizeGreaterThan(1)
                .allSatisfy(problem -> assertThat(problem).startsWith("SQLite's integrity check: ").endsWith("."))
                .anySatisfy(problem -> assertThat(problem).contains("sqlite_autoindex_inventory_1"));
        assertThat(report.facts()).contains("foreign_key_check: ok").noneMatch(f -> f.startsWith("integrity_check"));
        assertThat(snapshot(dir)).containsAllEntriesOf(before);
    }

    @Test
    void aPageThatCannotBeReadIsAProblem() {
        StateFiles.damageInventory(storeWith(stateDir(), 200));

        Report report = StateVerification.verify(stateDir());

        assertThat(report.problems()).isNotEmpty().allSatisfy(problem -> assertThat(problem)
                .matches("(SQLite's integrity check: |It is damaged: SQLite says ).*\\.").doesNotContain("SQLITE_"));
    }

    @Test
    void aLostStoreIsOneProblemWithWhatToDo() throws IOException {
        storeWith(stateDir(), 2);
        mirrors(stateDir());
        Files.write(stateDir().resolve("state.db"), new byte[0]);

        Report report = StateVerification.verify(stateDir());

        assertThat(report.problems()).singleElement().asString()
                .contains("is empty (0 bytes), but Plumbline has run with this stateDir before",
                        "plumbline state restore FILE");
    }

    @Test
    void aSwappedStoreIsAProblemAndTheCountsAreStillShown() throws IOException {
        storeWith(stateDir(), 2);
        Files.copy(storeWith(dir.resolve("other"), 4), stateDir().resolve("state.db"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        Report report = StateVerification.verify(stateDir());

        assertThat(report.problems()).singleElement().asString().contains("is not this stateDir's database");
        assertThat(report.facts()).contains("holds: 1 stack, 4 inventory rows (0 pending), 0 runs");
    }

    @Test
    void aNewerSchemaIsAProblem() {
        StateFiles.addMigration(storeWith(stateDir(), 1), "99", "from the future");

        Report report = StateVerification.verify(stateDir());

        assertThat(report.problems()).containsExactly("It was written by a newer Plumbline: its schema is version 99,"
                + " newer than the newest this build of Plumbline knows (" + StateSchema.newest() + ").");
    }
}
