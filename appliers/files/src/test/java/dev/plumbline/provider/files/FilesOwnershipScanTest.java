package dev.plumbline.provider.files;

import static dev.plumbline.provider.files.FileManifests.file;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.plumbline.model.ResourceKey;
import dev.plumbline.plan.Plan;
import dev.plumbline.problem.Reasons;
import dev.plumbline.problem.TransientException;
import dev.plumbline.provider.OwnershipScan.Owned;
import dev.plumbline.provider.StackDriver;
import dev.plumbline.provider.StackScope;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the files provider lists as a stack's own for a rebuild of the inventory: read from the ledgers by a
 * provider that has not touched the root yet (as {@code plumbline state rebuild-inventory} does), keyed by
 * resource name whatever the path, and leaving the root exactly as it was, crash leftovers included.
 */
class FilesOwnershipScanTest {

    private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");

    @TempDir
    Path root;

    @BeforeEach
    void applyTwoStacks() {
        FilesProvider writer = new FilesProvider("local", root);
        new StackDriver(writer, "web").at(NOW).reconcile("rev-web", List.of(file("site", "nginx/site.conf", "a"),
                file("motd", "motd", "hello")), true);
        new StackDriver(writer, "api").at(NOW).reconcile("rev-api", List.of(file("api", "api/app.ini", "b")), true);
    }

    private static ResourceKey key(String name) {
        return new ResourceKey("local", FilesProvider.GROUP, FilesProvider.KIND, "", name);
    }

    @Test
    void aStacksFilesAreListedByResourceNameAndLeftoversOfACrashStayWhereTheyAre() throws IOException {
        Path leftover = Files.writeString(LedgerFiles.directory(root, "web").resolve(".motd.yaml.plumbline-tmp-0a1b"),
                "half a record");
        Path ledgerLeftover = Files.writeString(root.resolve(".plumbline/stacks/.x.plumbline-tmp-0c0d"), "junk");
        Files.createDirectories(root.resolve(".plumbline/stacks/not a stack"));
        FilesProvider fresh = new FilesProvider("local", root);

        List<Owned> web = fresh.owned(new StackScope("web"));

        assertThat(web).extracting(Owned::key).containsExactly(key("motd"), key("site"));
        assertThat(web).extracting(owned -> owned.record().revision()).containsOnly("rev-web");
        assertThat(fresh.stacks()).containsExactly("api", "web");
        assertThat(fresh.owned(new StackScope("api"))).extracting(Owned::key).containsExactly(key("api"));
        assertThat(leftover).hasContent("half a record");
        assertThat(ledgerLeftover).hasContent("junk");
    }

    @Test
    void aStackWithoutALedgerOrNamedAsNoLedgerCanBeOwnsNothing() {
        FilesProvider fresh = new FilesProvider("local", root);

        assertThat(fresh.owned(new StackScope("db"))).isEmpty();
        assertThat(fresh.owned(new StackScope("../web"))).isEmpty();
        assertThat(new FilesProvider("local", root.resolve("nothing-here")).stacks()).isEmpty();
    }

    @Test
    void aRecordWhoseFileIsGoneIsListedAndTheNextRunForgetsIt() throws IOException {
        Files.delete(root.resolve("motd"));
        FilesProvider fresh = new FilesProvider("local", root);
        StackDriver rebuilt = new StackDriver(fresh, "web").at(NOW);
        for (Owned owned : fresh.owned(new StackScope("web"))) {
            rebuilt.remember(owned.key(), "rebuilt", owned.record().revision());
        }

        Plan plan = rebuilt.plan(List.of(file("site", "nginx/site.conf", "a")), true);
        rebuilt.reconcile("rev-web", List.of(file("site", "nginx/site.conf", "a")), true);

        assertThat(plan.hasChanges()).as(plan.summary()).isFalse();
        assertThat(plan.forget()).containsExactly(key("motd"));
        assertThat(LedgerFiles.read(root, "web")).containsOnlyKeys("nginx/site.conf");
        assertThat(fresh.owned(new StackScope("web"))).extracting(Owned::key).containsExactly(key("site"));
    }

    @Test
    void anUnreadableRecordFailsTheScanNamingIt() throws IOException {
        Path record = LedgerFiles.record(root, "web", "motd");
        Files.writeString(record, "path: [");

        TransientException error = catchThrowableOfType(TransientException.class,
                () -> new FilesProvider("local", root).owned(new StackScope("web")));

        assertThat(error.reason()).isEqualTo(Reasons.LEDGER_UNREADABLE);
        assertThat(error.getMessage()).contains(record.toString());
    }
}
