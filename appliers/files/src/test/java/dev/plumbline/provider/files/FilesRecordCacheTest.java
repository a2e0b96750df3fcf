package dev.plumbline.provider.files;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumbline.model.Resource;
import dev.plumbline.provider.StackDriver;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A plan parses a record again only when its file changed since this process last read or wrote it. */
class FilesRecordCacheTest {

    private static final String REV = "9fceb02d0ae598e95dc970b74767f19372d61af8";

    @TempDir
    Path root;

    private final List<Resource> files = FileManifests.many(50, 10, "one");

    @Test
    void aNoOpPlanParsesNoRecordThatThisProcessWroteOrReadAlready() {
        FilesProvider provider = new FilesProvider("local", root);
        StackDriver web = new StackDriver(provider, "web").at(Instant.parse("2025-06-01T12:00:00Z"));
        web.reconcile(REV, files, true);
        long afterApply = provider.recordsParsed();

        assertThat(web.plan(files, true).hasChanges()).isFalse();
        assertThat(web.plan(files, true).hasChanges()).isFalse();
        assertThat(provider.recordsParsed()).isEqualTo(afterApply);

        FilesProvider restarted = new FilesProvider("local", root);
        StackDriver again = new StackDriver(restarted, "web");
        web.inventory().forEach((key, entry) -> again.remember(key, entry.hash(), entry.revision()));
        assertThat(again.plan(files, true).hasChanges()).isFalse();
        assertThat(restarted.recordsParsed()).isEqualTo(files.size());
        assertThat(again.plan(files, true).hasChanges()).isFalse();
        assertThat(restarted.recordsParsed()).isEqualTo(files.size());
    }

    @Test
    void aRecordChangedByAnotherProcessIsParsedAgainAndOnlyThatOne() throws IOException {
        FilesProvider provider = new FilesProvider("local", root);
        StackDriver web = new StackDriver(provider, "web").at(Instant.parse("2025-06-01T12:00:00Z"));
        web.reconcile(REV, files, true);
        web.plan(files, true);
        long before = provider.recordsParsed();

        Path record = LedgerFiles.record(root, "web", "conf/d0/file-3.conf");
        Files.writeString(record, Files.readString(record) + "labels:\n  team: web\n");

        assertThat(web.plan(files, true).mutations()).singleElement().satisfies(change ->
                assertThat(change.key().name()).isEqualTo("file-3"));
        assertThat(provider.recordsParsed()).isEqualTo(before + 1);
    }
}
