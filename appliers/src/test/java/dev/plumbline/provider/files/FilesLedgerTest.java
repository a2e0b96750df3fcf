package dev.plumbline.provider.files;

import static dev.plumbline.provider.files.FileManifests.file;
import static org.assertj.core.api.Assertions.assertThat;

import dev.plumbline.model.ContentHash;
import dev.plumbline.model.Resource;
import dev.plumbline.plan.Action;
import dev.plumbline.plan.Change;
import dev.plumbline.provider.StackDriver;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ledger as a person finds it on disk, and how the provider picks up after a crash. */
class FilesLedgerTest {

    private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
    private static final String SHA = "9fceb02d0ae598e95dc970b74767f19372d61af8";

    @TempDir
    Path root;

    private FilesProvider provider;
    private StackDriver web;

    @BeforeEach
    void setUp() {
        provider = new FilesProvider("local", root);
        web = new StackDriver(provider, "web").at(NOW);
    }

    @Test
    void theLedgerIsPlainYamlAPersonCanRead() throws IOException {
        web.reconcile(SHA, List.of(file("site-conf", "nginx/site.conf", "server {}\n")), true);

        String text = Files.readString(LedgerFiles.file(root, "web"));

        assertThat(provider.ledgerFile("web")).isEqualTo(LedgerFiles.file(root, "web"));
        assertThat(text).startsWith("# Plumbline files ledger of stack 'web'");
        assertThat(text).contains("""
                stack: web
                files:
                - path: nginx/site.conf
                  resource: site-conf
                  revision: %s
                  appliedAt: 2025-06-01T12:00:00Z
                  sha256: %s
                  created: true
                """.formatted(SHA, ContentHash.sha256("server {}\n".getBytes(StandardCharsets.UTF_8))));
        assertThat(text).doesNotContain("pending");
    }

    @Test
    void anAdoptedFileIsRecordedAsNotCreated() throws IOException {
        Files.createDirectories(root.resolve("nginx"));
        Files.writeString(root.resolve("nginx/site.conf"), "hand-made\n");

        StackDriver.Run run = web.reconcile(SHA, List.of(file("site-conf", "nginx/site.conf", "server {}\n")), true);

        assertThat(run.plan().changes()).extracting(Change::action).containsExactly(Action.UPDATE);
        assertThat(run.plan().changes().get(0).live().orElseThrow().provenance()).isEmpty();
        assertThat(run.results().values()).singleElement()
                .satisfies(result -> assertThat(result.message()).contains("existed before, so it is adopted"));
        assertThat(LedgerFiles.entry(root, "web", "nginx/site.conf")).hasValueSatisfying(entry ->
                assertThat(entry).containsEntry("created", false).containsEntry("resource", "site-conf"));
        assertThat(Files.readString(root.resolve("nginx/site.conf"))).isEqualTo("server {}\n");
    }

    @Test
    void anIntentLeftByACrashBeforeTheWriteIsCompletedAsACreate() throws IOException {
        writeLedger("web", """
                stack: web
                files:
                - path: conf/a.conf
                  resource: a
                  revision: %s
                  appliedAt: '2025-05-31T23:59:59Z'
                  sha256: 0000
                  created: true
                  pending: true
                """.formatted(SHA));
        Resource a = file("a", "conf/a.conf", "text");

        StackDriver.Run run = web.reconcile("rev2", List.of(a), true);

        assertThat(run.plan().changes()).extracting(Change::action).containsExactly(Action.CREATE);
        assertThat(LedgerFiles.entry(root, "web", "conf/a.conf")).hasValueSatisfying(entry -> assertThat(entry)
                .containsEntry("created", true).containsEntry("revision", "rev2").doesNotContainKey("pending"));
    }

    @Test
    void anIntentLeftByACrashOverAnAdoptedFileKeepsItAdopted() throws IOException {
        Files.createDirectories(root.resolve("conf"));
        Files.writeString(root.resolve("conf/a.conf"), "old text");
        writeLedger("web", """
                stack: web
                files:
                - path: conf/a.conf
                  resource: a
                  revision: %s
                  appliedAt: '2025-05-31T23:59:59Z'
                  sha256: 0000
                  created: false
                  pending: true
                """.formatted(SHA));
        Resource a = file("a", "conf/a.conf", "new text");

        StackDriver.Run run = web.reconcile("rev2", List.of(a), true);
        web.reconcile("rev3", List.of(), true);

        assertThat(run.plan().changes().get(0).live().orElseThrow().managedBy()).hasValue("web");
        assertThat(Files.readString(root.resolve("conf/a.conf"))).isEqualTo("new text");
        assertThat(LedgerFiles.read(root, "web")).isEmpty();
    }

    @Test
    void pruningEverythingRemovesTheFilesTheirEmptyDirectoriesAndTheLedger() throws IOException {
        Files.createDirectories(root.resolve("shared"));
        Files.writeString(root.resolve("shared/keep.txt"), "not ours");
        web.reconcile(SHA, List.of(file("a", "deep/er/a.conf", "a"), file("b", "shared/b.conf", "b")), true);

        web.reconcile("rev2", List.of(), true);

        try (var left = Files.walk(root)) {
            assertThat(left.map(path -> root.relativize(path).toString()).sorted().toList())
                    .containsExactly("", "shared", "shared/keep.txt");
        }
    }

    @Test
    void provenanceIsReportedFromTheLedger() {
        Resource a = file("a", "a.conf", "x");
        web.reconcile(SHA, List.of(a), true);

        assertThat(web.observe(List.of(a)).get(a.key()).provenance()).hasValueSatisfying(stamp -> {
            assertThat(stamp.stack()).isEqualTo("web");
            assertThat(stamp.revision()).isEqualTo(SHA);
            assertThat(stamp.appliedAt()).isEqualTo(NOW);
        });
    }

    private void writeLedger(String stack, String yaml) throws IOException {
        Files.createDirectories(root.resolve(".plumbline/stacks"));
        Files.writeString(LedgerFiles.file(root, stack), yaml);
    }
}
