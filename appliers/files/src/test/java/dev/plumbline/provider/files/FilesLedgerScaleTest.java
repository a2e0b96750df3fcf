package dev.plumbline.provider.files;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumbline.model.Resource;
import dev.plumbline.plan.Action;
import dev.plumbline.plan.Change;
import dev.plumbline.plan.Plan;
import dev.plumbline.provider.StackDriver;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stack of thousands of files: each file has a record of its own, a second plan is all unchanged, and
 * writing one file rewrites that file's record only, whatever the size of the stack. (With a single ledger
 * file per stack, every write re-read and rewrote the whole ledger, twice: O(N) per file, O(N²) per run.)
 * Timing is measured by {@link LedgerBench}, not asserted here.
 */
class FilesLedgerScaleTest {

    private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");

    @TempDir
    Path root;

    @Test
    void twoThousandFilesEachGetARecordAndASecondPlanIsAllUnchanged() throws IOException {
        StackDriver web = new StackDriver(new FilesProvider("local", root), "web").at(NOW);
        List<Resource> desired = FileManifests.many(2000, 100, "v1");

        StackDriver.Run run = web.reconcile("rev1", desired, true);
        Plan again = web.plan(desired, true);

        assertThat(run.plan().count(Action.CREATE)).isEqualTo(2000);
        Map<String, Map<String, Object>> records = LedgerFiles.read(root, "web");
        assertThat(records).hasSize(2000);
        assertThat(records.get("conf/d7/file-777.conf")).containsEntry("resource", "file-777")
                .containsEntry("stack", "web").containsEntry("revision", "rev1").containsEntry("created", true);
        assertThat(LedgerFiles.record(root, "web", "conf/d19/file-1999.conf")).exists();
        assertThat(root.resolve("conf/d19/file-1999.conf")).hasContent("v1 1999\n");
        assertThat(again.problems()).isEmpty();
        assertThat(again.changes()).hasSize(2000).extracting(Change::action).containsOnly(Action.NOOP);
    }

    @Test
    void writingOneFileRewritesItsOwnRecordAndNoOther() throws IOException {
        StackDriver web = new StackDriver(new FilesProvider("local", root), "web").at(NOW);
        List<Resource> desired = new ArrayList<>(FileManifests.many(300, 100, "v1"));
        web.reconcile("rev1", desired, true);
        Map<Path, Object> before = identities();
        desired.set(150, FileManifests.file("file-150", "conf/d1/file-150.conf", "changed"));

        web.reconcile("rev2", desired, true);
        Map<Path, Object> after = identities();

        Path changed = LedgerFiles.record(root, "web", "conf/d1/file-150.conf");
        assertThat(after.keySet()).isEqualTo(before.keySet());
        assertThat(after.get(changed)).isNotEqualTo(before.get(changed));
        after.remove(changed);
        before.remove(changed);
        assertThat(after).isEqualTo(before);
        assertThat(LedgerFiles.entry(root, "web", "conf/d1/file-150.conf")).hasValueSatisfying(record ->
                assertThat(record).containsEntry("revision", "rev2"));
    }

    /** Every file under the ledgers, with what tells one version of it from another: inode and mtime. */
    private Map<Path, Object> identities() throws IOException {
        Map<Path, Object> identities = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root.resolve(".plumbline"))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class,
                        LinkOption.NOFOLLOW_LINKS);
                identities.put(file, List.of(attributes.fileKey(), attributes.lastModifiedTime()));
            }
        }
        return identities;
    }
}
