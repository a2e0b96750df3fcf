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

/** The ledger (one record per file) as a person finds it on disk, and how the provider picks up after a crash. */
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
    void eachFileHasARecordInPlainYamlAtAPathThatMirrorsIt() throws IOException {
        web.reconcile(SHA, List.of(file("site-conf", "nginx/site.conf", "server {}\n")), true);

        Path record = root.resolve(".plumbline/stacks/web/nginx/site.conf.yaml");
        String text = Files.readString(record);

        assertThat(provider.ledgerDirectory("web")).isEqualTo(root.resolve(".plumbline/stacks/web"));
        assertThat(LedgerFiles.record(root, "web", "nginx/site.conf")).isEqualTo(record);
        assertThat(text).startsWith("# Plumbline ownership record: the file at 'path' belongs to stack 'web'.");
        assertThat(text).endsWith("""
                path: nginx/site.conf
                stack: web
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
        writeRecord("web", "conf/a.conf", """
                path: conf/a.conf
                stack: web
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
    void aCrashBetweenTheWriteAndItsRecordIsSettledWhenTheStackNextConverges() throws IOException {
        Resource a = file("a", "conf/a.conf", "text");
        web.reconcile(SHA, List.of(a), true);
        // the crash: the file was written, its record still says pending, and the state store has the intent only
        Path record = LedgerFiles.record(root, "web", "conf/a.conf");
        Files.writeString(record, Files.readString(record) + "pending: true\n");
        web.remember(a.key(), SHA);

        StackDriver.Run run = web.reconcile("rev2", List.of(a), true);

        assertThat(run.plan().changes()).extracting(Change::action).containsExactly(Action.NOOP);
        assertThat(run.plan().track()).hasSize(1);
        assertThat(LedgerFiles.entry(root, "web", "conf/a.conf")).hasValueSatisfying(entry -> assertThat(entry)
                .doesNotContainKey("pending").containsEntry("resource", "a"));
        assertThat(Files.readString(root.resolve("conf/a.conf"))).isEqualTo("text");
    }

    @Test
    void aCrashBetweenRemovingAFileAndItsRecordLeavesNoRecordOnceTheKeyIsForgotten() throws IOException {
        Resource a = file("a", "conf/a.conf", "text");
        Resource b = file("b", "conf/b.conf", "text");
        web.reconcile(SHA, List.of(a, b), true);
        // the crash: b's file was removed, its record was not
        Files.delete(root.resolve("conf/b.conf"));

        StackDriver.Run run = web.reconcile("rev2", List.of(a), true);

        assertThat(run.plan().forget()).extracting(key -> key.name()).containsExactly("b");
        assertThat(LedgerFiles.record(root, "web", "conf/b.conf")).doesNotExist();
        assertThat(LedgerFiles.record(root, "web", "conf/a.conf")).exists();
        assertThat(root.resolve("conf/a.conf")).exists();
    }

    @Test
    void anIntentLeftByACrashOverAnAdoptedFileKeepsItAdopted() throws IOException {
        Files.createDirectories(root.resolve("conf"));
        Files.writeString(root.resolve("conf/a.conf"), "old text");
        writeRecord("web", "conf/a.conf", """
                path: conf/a.conf
                stack: web
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
    void pruningEverythingRemovesTheFilesTheirEmptyDirectoriesAndTheRecords() throws IOException {
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

    @Test
    void awkwardPathsGetRecordsThatReadBack() throws IOException {
        List<Resource> desired = List.of(file("x", "x", "file x"), file("x-dir", "x.yaml/y", "file in x.yaml/"),
                file("odd", "odd dir/#not a comment: 'quoted'.conf", "odd"),
                file("long", "long/" + "n".repeat(252), "long name"));

        web.reconcile(SHA, desired, true);

        assertThat(LedgerFiles.read(root, "web")).containsOnlyKeys("x", "x.yaml/y",
                "odd dir/#not a comment: 'quoted'.conf", "long/" + "n".repeat(252));
        assertThat(LedgerFiles.record(root, "web", "x")).exists();
        assertThat(LedgerFiles.record(root, "web", "x.yaml_/y")).exists();
        assertThat(LedgerFiles.entry(root, "web", "odd dir/#not a comment: 'quoted'.conf")).hasValueSatisfying(
                record -> assertThat(record).containsEntry("resource", "odd"));
        assertThat(web.plan(desired, true).hasChanges()).isFalse();

        web.reconcile("rev2", List.of(), true);

        assertThat(root).isEmptyDirectory();
    }

    @Test
    void aRecordRewrittenByAnotherProcessIsReadAfresh() throws IOException {
        Resource a = file("a", "a.conf", "one");
        StackDriver cli = new StackDriver(new FilesProvider("local", root), "web").at(NOW);
        web.reconcile("rev1", List.of(a), true);
        assertThat(web.observe(List.of(a)).get(a.key()).provenance().orElseThrow().revision()).isEqualTo("rev1");

        cli.reconcile("rev1", List.of(file("a", "a.conf", "two")), true);
        cli.reconcile("rev2", List.of(file("a", "a.conf", "one")), true);

        assertThat(web.observe(List.of(a)).get(a.key()).provenance().orElseThrow().revision()).isEqualTo("rev2");
        assertThat(web.plan(List.of(a), true).hasChanges()).isFalse();

        cli.reconcile("rev3", List.of(), true);

        assertThat(web.observe(List.of(a))).isEmpty();
        assertThat(root.resolve("a.conf")).doesNotExist();
    }

    private void writeRecord(String stack, String path, String yaml) throws IOException {
        Path record = LedgerFiles.record(root, stack, path);
        Files.createDirectories(record.getParent());
        Files.writeString(record, yaml);
    }
}
