package dev.plumbline.provider.files;

import static dev.plumbline.provider.files.FileManifests.file;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plumbline.model.ContentHash;
import dev.plumbline.model.LiveObject;
import dev.plumbline.model.Resource;
import dev.plumbline.model.ResourceKey;
import dev.plumbline.plan.Action;
import dev.plumbline.plan.Change;
import dev.plumbline.plan.Plan;
import dev.plumbline.provider.ApplyContext;
import dev.plumbline.provider.OwnershipScan;
import dev.plumbline.provider.StackDriver;
import dev.plumbline.provider.StackScope;
import dev.plumbline.provider.ownership.OwnedByAnotherStack;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Writes in batches: one durable intent per batch instead of a pending record per file, and what a crash at each
 * step of a batch leaves for the next process (a new provider on the same root): a plan counts what the intent
 * names as the stack's, and the stack's next write settles it.
 */
class FilesBatchTest {

    private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
    private static final String REV = "9fceb02d0ae598e95dc970b74767f19372d61af8";

    @TempDir
    Path root;

    private final List<Resource> files = List.of(file("a", "conf/a.conf", "one\n"), file("b", "conf/b.conf", "two\n"),
            file("c", "other/c.conf", "three\n"));

    /** A provider whose batches stop, as if the process died, right after {@code step} is durable. */
    private FilesProvider dyingAfter(String step) {
        FilesProvider provider = new FilesProvider("local", root);
        provider.onBatchStep(done -> {
            if (done.equals(step)) {
                throw new IllegalStateException("killed after " + step);
            }
        });
        return provider;
    }

    /** A driver on a new provider (a new process), whose inventory holds the intents the executor journaled. */
    private StackDriver restarted(String stack) {
        StackDriver driver = new StackDriver(new FilesProvider("local", root), stack).at(NOW);
        for (Resource resource : files) {
            driver.remember(resource.key(), REV);
        }
        return driver;
    }

    @Test
    void aBatchRecordsEveryFileAndLeavesNoIntentBehind() throws IOException {
        new StackDriver(new FilesProvider("local", root), "web").at(NOW).reconcile(REV, files, true);

        assertThat(LedgerFiles.read(root, "web")).containsOnlyKeys("conf/a.conf", "conf/b.conf", "other/c.conf")
                .allSatisfy((path, record) -> assertThat(record).doesNotContainKey("pending")
                        .containsEntry("created", true).containsEntry("revision", REV));
        assertThat(intents()).isEmpty();
    }

    @Test
    void aCrashAfterTheFilesBeforeTheirRecordsLeavesFilesTheNextRunOwnsCompletesAndPrunes() throws IOException {
        StackDriver dying = new StackDriver(dyingAfter("files"), "web").at(NOW);
        assertThatThrownBy(() -> dying.reconcile(REV, files, true)).hasMessageContaining("killed after files");

        assertThat(root.resolve("conf/a.conf")).hasContent("one");
        assertThat(LedgerFiles.read(root, "web")).isEmpty();
        assertThat(intents()).singleElement().satisfies(intent -> assertThat(Files.readString(intent))
                .contains("path: conf/a.conf", "path: other/c.conf", "stack: web", "pending: true"));

        StackDriver web = restarted("web");
        Plan plan = web.plan(files, true);
        assertThat(plan.mutations()).isEmpty(); // owned as desired: nothing to adopt or write
        assertThat(plan.track()).hasSize(3);
        assertThat(intents()).hasSize(1); // a plan only reads

        web.reconcile(REV, files, true);
        assertThat(intents()).isEmpty();
        assertThat(LedgerFiles.read(root, "web")).containsOnlyKeys("conf/a.conf", "conf/b.conf", "other/c.conf")
                .allSatisfy((path, record) -> assertThat(record).doesNotContainKey("pending")
                        .containsEntry("created", true).containsEntry("resource", path.equals("conf/a.conf") ? "a"
                                : path.equals("conf/b.conf") ? "b" : "c"));

        web.reconcile(REV, files.subList(0, 2), true);
        assertThat(root.resolve("other/c.conf")).doesNotExist();
        assertThat(LedgerFiles.read(root, "web")).containsOnlyKeys("conf/a.conf", "conf/b.conf");
    }

    @Test
    void aCrashInAnUpdateBatchLeavesRecordsThatTheNextRunBringsToTheNewRevision() throws IOException {
        new StackDriver(new FilesProvider("local", root), "web").at(NOW).reconcile("rev1", files, true);
        List<Resource> updated = List.of(file("a", "conf/a.conf", "one v2\n"), file("b", "conf/b.conf", "two v2\n"),
                file("c", "other/c.conf", "three v2\n"));
        StackDriver dying = new StackDriver(dyingAfter("files"), "web").at(NOW.plusSeconds(60));
        for (Resource resource : files) {
            dying.remember(resource.key(), "rev1");
        }
        assertThatThrownBy(() -> dying.reconcile(REV, updated, true)).hasMessageContaining("killed after files");
        assertThat(root.resolve("conf/a.conf")).hasContent("one v2");
        assertThat(LedgerFiles.read(root, "web")).allSatisfy((path, record) ->
                assertThat(record).containsEntry("revision", "rev1"));

        StackDriver web = restarted("web");
        web.reconcile(REV, updated, true);

        assertThat(intents()).isEmpty();
        Map<String, Map<String, Object>> records = LedgerFiles.read(root, "web");
        assertThat(records).hasSize(3);
        for (Map.Entry<String, Map<String, Object>> record : records.entrySet()) {
            assertThat(record.getValue()).containsEntry("revision", REV).doesNotContainKey("pending")
                    .containsEntry("sha256", ContentHash.sha256(Files.readAllBytes(root.resolve(record.getKey()))));
        }
    }

    @Test
    void aCrashAfterTheIntentBeforeAnyFileLeavesNothingOwnedAndTheNextRunCreatesEverything() throws IOException {
        StackDriver dying = new StackDriver(dyingAfter("intent"), "web").at(NOW);
        assertThatThrownBy(() -> dying.reconcile(REV, files, true)).hasMessageContaining("killed after intent");
        assertThat(root.resolve("conf/a.conf")).doesNotExist();
        assertThat(intents()).hasSize(1);

        StackDriver web = restarted("web");
        assertThat(web.plan(files, true).mutations()).extracting(Change::action).containsOnly(Action.CREATE);
        assertThat(LedgerFiles.read(root, "web")).isEmpty();

        web.reconcile(REV, files, true);
        assertThat(intents()).isEmpty();
        assertThat(root.resolve("other/c.conf")).hasContent("three");
        assertThat(LedgerFiles.read(root, "web")).hasSize(3).allSatisfy((path, record) ->
                assertThat(record).doesNotContainKey("pending").containsEntry("created", true));
    }

    @Test
    void aCrashAfterTheRecordsBeforeTheIntentIsRemovedChangesNoRecord() throws IOException {
        StackDriver dying = new StackDriver(dyingAfter("records"), "web").at(NOW);
        assertThatThrownBy(() -> dying.reconcile(REV, files, true)).hasMessageContaining("killed after records");
        Map<String, Map<String, Object>> before = LedgerFiles.read(root, "web");

        StackDriver web = restarted("web");
        assertThat(web.plan(files, true).mutations()).isEmpty();
        web.reconcile(REV, files, true);
        assertThat(intents()).isEmpty();
        assertThat(LedgerFiles.read(root, "web")).isEqualTo(before).allSatisfy((path, record) ->
                assertThat(record).doesNotContainKey("pending"));
    }

    @Test
    void anOutstandingIntentClaimsItsPathsAgainstAnotherStack() {
        StackDriver dying = new StackDriver(dyingAfter("files"), "web").at(NOW);
        assertThatThrownBy(() -> dying.reconcile(REV, files, true)).hasMessageContaining("killed after files");

        StackDriver api = new StackDriver(new FilesProvider("local", root), "api").at(NOW);
        Resource copy = file("copy", "conf/a.conf", "mine\n");
        Map<ResourceKey, LiveObject> live = api.observe(List.of(copy));

        assertThat(live.get(copy.key()).provenance()).hasValueSatisfying(provenance ->
                assertThat(provenance.stack()).isEqualTo("web"));
        assertThat(api.plan(List.of(copy), true).problems()).isNotEmpty();
        assertThatThrownBy(() -> api.reconcile(REV, List.of(copy), true)).hasMessageContaining("web");
        FilesProvider careless = new FilesProvider("local", root);
        ApplyContext context = new ApplyContext("api", REV, NOW);
        assertThatThrownBy(() -> careless.applyBatch(List.of(FileManifests.create(copy)), context))
                .isInstanceOf(OwnedByAnotherStack.class)
                .hasMessageContaining("owned by stack 'web' (an unfinished batch of it");
        assertThatThrownBy(() -> careless.apply(FileManifests.create(copy), context))
                .isInstanceOf(OwnedByAnotherStack.class);
        assertThat(root.resolve("conf/a.conf")).hasContent("one");
    }

    @Test
    void anInventoryRebuildCountsTheFilesOfABatchCutShort() throws IOException {
        StackDriver dying = new StackDriver(dyingAfter("files"), "web").at(NOW);
        assertThatThrownBy(() -> dying.reconcile(REV, files, true)).hasMessageContaining("killed after files");

        List<OwnershipScan.Owned> owned = new FilesProvider("local", root).owned(new StackScope("web"));

        assertThat(owned).extracting(found -> found.key().name()).containsExactly("a", "b", "c");
        assertThat(owned).allSatisfy(found -> assertThat(found.record().created()).isTrue());
        assertThat(intents()).hasSize(1); // a scan only reads
    }

    private List<Path> intents() throws IOException {
        Path directory = root.resolve(".plumbline/intents/web");
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> found = Files.list(directory)) {
            return found.toList();
        }
    }
}
