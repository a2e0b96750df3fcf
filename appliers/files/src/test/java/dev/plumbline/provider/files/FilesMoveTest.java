package dev.plumbline.provider.files;

import static dev.plumbline.provider.files.FileManifests.file;
import static org.assertj.core.api.Assertions.assertThat;

import dev.plumbline.diff.FieldChange;
import dev.plumbline.model.Resource;
import dev.plumbline.plan.Action;
import dev.plumbline.plan.Change;
import dev.plumbline.provider.StackDriver;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A File whose {@code spec.path} changes: the new path is written, the old one removed if the stack made it. */
class FilesMoveTest {

    @TempDir
    Path root;

    private StackDriver web;

    @BeforeEach
    void setUp() {
        web = new StackDriver(new FilesProvider("local", root), "web").at(Instant.parse("2025-06-01T12:00:00Z"));
    }

    @Test
    void aChangedPathShowsInTheDiffAndMovesTheFile() throws IOException {
        web.reconcile("rev1", List.of(file("site", "old/site.conf", "text")), true);
        Resource moved = file("site", "new/place/site.conf", "text");

        StackDriver.Run run = web.reconcile("rev2", List.of(moved), true);

        assertThat(run.plan().changes()).extracting(Change::action).containsExactly(Action.UPDATE);
        assertThat(run.plan().changes().get(0).diff()).singleElement().satisfies(change -> {
            assertThat(change.path()).hasToString("spec.path");
            assertThat(change.live()).isEqualTo("old/site.conf");
            assertThat(change.desired()).isEqualTo("new/place/site.conf");
        });
        assertThat(run.result(moved.key()).message()).contains("moved from old/site.conf (removed)");
        assertThat(root.resolve("new/place/site.conf")).hasContent("text");
        assertThat(root.resolve("old")).doesNotExist();
        assertThat(LedgerFiles.entry(root, "web", "old/site.conf")).isEmpty();
        assertThat(LedgerFiles.entry(root, "web", "new/place/site.conf")).isPresent();
        assertThat(web.plan(List.of(moved), true).hasChanges()).isFalse();
    }

    @Test
    void movingAnAdoptedFileLeavesTheOldOneInPlace() throws IOException {
        Files.writeString(root.resolve("found.conf"), "hand-made");
        web.reconcile("rev1", List.of(file("site", "found.conf", "text")), true);

        StackDriver.Run run = web.reconcile("rev2", List.of(file("site", "site.conf", "text")), true);

        assertThat(run.results().values()).singleElement().satisfies(result -> assertThat(result.message())
                .contains("moved from found.conf (left in place: it was adopted, not created)"));
        assertThat(root.resolve("found.conf")).hasContent("text");
        assertThat(root.resolve("site.conf")).hasContent("text");
        assertThat(LedgerFiles.entry(root, "web", "found.conf")).isEmpty();
        assertThat(LedgerFiles.entry(root, "web", "site.conf")).hasValueSatisfying(entry ->
                assertThat(entry).containsEntry("created", true));
    }

    @Test
    void aMoveInterruptedByACrashIsFinishedByTheNextRun() throws IOException {
        Resource moved = file("site", "b.conf", "text");
        web.reconcile("rev1", List.of(file("site", "a.conf", "text")), true);
        String oldRecord = Files.readString(LedgerFiles.record(root, "web", "a.conf"));
        web.reconcile("rev2", List.of(moved), true);
        Files.writeString(root.resolve("a.conf"), "text");
        Files.writeString(LedgerFiles.record(root, "web", "a.conf"), oldRecord);

        StackDriver.Run run = web.reconcile("rev3", List.of(moved), true);

        assertThat(run.plan().changes().get(0).diff()).extracting(FieldChange::path)
                .extracting(Object::toString).containsExactly("spec.path");
        assertThat(root.resolve("a.conf")).doesNotExist();
        assertThat(root.resolve("b.conf")).hasContent("text");
        assertThat(LedgerFiles.entry(root, "web", "a.conf")).isEmpty();
        assertThat(web.plan(List.of(moved), true).hasChanges()).isFalse();
    }

    @Test
    void twoFilesSwappingPathsEndWithBothWritten() throws IOException {
        web.reconcile("rev1", List.of(file("x", "one.conf", "x"), file("y", "two.conf", "y")), true);
        List<Resource> swapped = List.of(file("x", "two.conf", "x"), file("y", "one.conf", "y"));

        web.reconcile("rev2", swapped, true);

        assertThat(root.resolve("one.conf")).hasContent("y");
        assertThat(root.resolve("two.conf")).hasContent("x");
        assertThat(LedgerFiles.entry(root, "web", "one.conf")).get().extracting(e -> e.get("resource")).isEqualTo("y");
        assertThat(LedgerFiles.entry(root, "web", "two.conf")).get().extracting(e -> e.get("resource")).isEqualTo("x");
        assertThat(web.plan(swapped, true).hasChanges()).isFalse();
    }
}
