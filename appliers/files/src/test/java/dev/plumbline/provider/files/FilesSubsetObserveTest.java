package dev.plumbline.provider.files;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumbline.model.LiveObject;
import dev.plumbline.model.Resource;
import dev.plumbline.model.ResourceKey;
import dev.plumbline.provider.StackDriver;
import dev.plumbline.provider.StackScope;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Observing a few resources of a large stack (the run of a one-file commit) looks up their records one by one
 * instead of walking the whole ledger, and still sees those records as they are on disk now.
 */
class FilesSubsetObserveTest {

    private static final String REV = "9fceb02d0ae598e95dc970b74767f19372d61af8";

    @TempDir
    Path root;

    private final List<Resource> files = FileManifests.many(100, 10, "one");
    private FilesProvider provider;

    private void applied() {
        provider = new FilesProvider("local", root);
        StackDriver web = new StackDriver(provider, "web").at(Instant.parse("2025-06-01T12:00:00Z"));
        web.reconcile(REV, files, true);
        assertThat(web.plan(files, true).hasChanges()).isFalse(); // a whole observe: the ledger is walked
    }

    private Map<ResourceKey, LiveObject> observe(List<Resource> desired, List<ResourceKey> inventory) {
        return provider.observe(new StackScope("web"), desired.stream().map(provider::normalize).toList(), inventory);
    }

    @Test
    void aFewResourcesAreObservedWithoutAWalkOfTheLedger() {
        applied();
        long walks = provider.ledgerWalks();

        Map<ResourceKey, LiveObject> live = observe(List.of(files.get(3)), List.of(files.get(3).key()));

        assertThat(provider.ledgerWalks()).isEqualTo(walks);
        assertThat(live.get(files.get(3).key()).managedBy()).contains("web");
        assertThat(live.get(files.get(3).key()).state()).containsEntry("spec",
                Map.of("path", "conf/d0/file-3.conf", "content", "one 3\n", "mode", "0644"));
    }

    @Test
    void theRecordsOfThoseResourcesAreReadAsTheyAreOnDiskNow() throws IOException {
        applied();
        long walks = provider.ledgerWalks();
        Path labelled = LedgerFiles.record(root, "web", "conf/d0/file-3.conf");
        Files.writeString(labelled, Files.readString(labelled) + "labels:\n  team: web\n");
        Files.delete(LedgerFiles.record(root, "web", "conf/d0/file-4.conf"));

        Map<ResourceKey, LiveObject> live = observe(List.of(files.get(3), files.get(4)), List.of());

        assertThat(provider.ledgerWalks()).isEqualTo(walks);
        assertThat(live.get(files.get(3).key()).state()).containsEntry("metadata", Map.of("labels",
                Map.of("team", "web")));
        assertThat(live.get(files.get(4).key()).managedBy()).isEmpty(); // its record is gone: a file nobody owns
    }

    @Test
    void anInventoryKeyNoLongerDesiredIsFoundThroughItsRecord() {
        applied();
        long walks = provider.ledgerWalks();

        Map<ResourceKey, LiveObject> live = observe(List.of(), List.of(files.get(7).key()));

        assertThat(provider.ledgerWalks()).isEqualTo(walks);
        assertThat(live.get(files.get(7).key()).managedBy()).contains("web");
    }

    @Test
    void manyResourcesOrAFirstObserveWalkTheLedger() {
        provider = new FilesProvider("local", root);
        new StackDriver(provider, "web").reconcile(REV, files, true);
        FilesProvider fresh = new FilesProvider("local", root);
        provider = fresh;
        observe(List.of(files.get(1)), List.of());
        assertThat(fresh.ledgerWalks()).isEqualTo(1); // this process has not read the ledger yet

        observe(files.subList(0, 20), List.of());
        assertThat(fresh.ledgerWalks()).isEqualTo(2); // a fifth of the ledger: one walk costs less
    }
}
