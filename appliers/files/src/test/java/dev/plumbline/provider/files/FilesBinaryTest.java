package dev.plumbline.provider.files;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumbline.model.ContentHash;
import dev.plumbline.model.Resource;
import dev.plumbline.plan.Action;
import dev.plumbline.plan.Plan;
import dev.plumbline.problem.Problem;
import dev.plumbline.provider.Manifests;
import dev.plumbline.provider.StackDriver;
import dev.plumbline.yaml.Binary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code !!binary} content: written byte for byte, compared as bytes, and drift shown as bytes. */
class FilesBinaryTest {

    private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
    private static final byte[] NOT_UTF8 = {(byte) 0xff, 0x00, 0x01};

    @TempDir
    Path root;

    private FilesProvider provider;
    private StackDriver web;

    @BeforeEach
    void setUp() {
        provider = new FilesProvider("local", root);
        web = new StackDriver(provider, "web").at(NOW);
    }

    private static Resource blob(String base64) {
        return Manifests.one(FileManifests.PROVIDER, """
                apiVersion: files.plumbline.dev/v1
                kind: File
                metadata: { name: blob }
                spec: { path: data/blob.bin, content: !!binary %s, mode: "0640" }
                """.formatted(base64));
    }

    @Test
    void bytesThatAreNotUtf8AreWrittenAsTheyAreAndPlanCleanAfterwards() throws IOException {
        Resource blob = blob("/wAB");

        assertThat(provider.validate(List.of(blob))).isEmpty();
        web.reconcile("rev1", List.of(blob), true);

        assertThat(Files.readAllBytes(root.resolve("data/blob.bin"))).containsExactly(NOT_UTF8);
        assertThat(LedgerFiles.entry(root, "web", "data/blob.bin")).hasValueSatisfying(entry ->
                assertThat(entry).containsEntry("sha256", ContentHash.sha256(NOT_UTF8)));
        assertThat(web.observe(List.of(blob)).get(blob.key()).state())
                .isEqualTo(provider.normalize(blob).state());
        assertThat(web.plan(List.of(blob), true).hasChanges()).isFalse();
    }

    @Test
    void oneByteChangedOnDiskIsDriftShownAsBytes() throws IOException {
        Resource blob = blob("/wAB");
        web.reconcile("rev1", List.of(blob), true);

        Files.write(root.resolve("data/blob.bin"), new byte[] {(byte) 0xff, 0x00, 0x02});
        Plan plan = web.plan(List.of(blob), true);

        assertThat(plan.changes()).singleElement().satisfies(change -> {
            assertThat(change.action()).isEqualTo(Action.UPDATE);
            assertThat(change.diff()).singleElement().satisfies(field -> {
                assertThat(field.path()).hasToString("spec.content");
                assertThat(field.live()).isEqualTo(Binary.of(new byte[] {(byte) 0xff, 0x00, 0x02}));
                assertThat(field.desired()).isEqualTo(Binary.of(NOT_UTF8));
            });
        });
        web.reconcile("rev2", List.of(blob), true);
        assertThat(Files.readAllBytes(root.resolve("data/blob.bin"))).containsExactly(NOT_UTF8);
    }

    @Test
    void binaryContentThatIsValidTextComparesAsBytes() throws IOException {
        Resource blob = blob("aGVsbG8K"); // "hello\n"
        web.reconcile("rev1", List.of(blob), true);

        assertThat(Files.readString(root.resolve("data/blob.bin"))).isEqualTo("hello\n");
        assertThat(web.observe(List.of(blob)).get(blob.key()).state())
                .isEqualTo(provider.normalize(blob).state());
        assertThat(web.plan(List.of(blob), true).hasChanges()).isFalse();
    }

    @Test
    void aTextFileWhoseBytesAreNoLongerUtf8ShowsTheBytesNotALossyText() throws IOException {
        Resource text = FileManifests.file("notes", "notes.txt", "\uFFFD");
        web.reconcile("rev1", List.of(text), true);

        Files.write(root.resolve("notes.txt"), new byte[] {(byte) 0xff});
        Plan plan = web.plan(List.of(text), true);

        assertThat(plan.changes()).singleElement().satisfies(change -> assertThat(change.diff()).singleElement()
                .satisfies(field -> {
                    assertThat(field.path()).hasToString("spec.content");
                    assertThat(field.live()).isEqualTo(Binary.of(new byte[] {(byte) 0xff}));
                    assertThat(field.desired()).isEqualTo("\uFFFD");
                }));
    }

    @Test
    void theSameBytesWrittenAsTextOrAsBinaryAreNoChange() throws IOException {
        web.reconcile("rev1", List.of(FileManifests.file("blob", "data/blob.bin", "hello\n", "0640")), true);

        assertThat(web.plan(List.of(blob("aGVsbG8K")), true).hasChanges()).isFalse();
    }

    @Test
    void anUnmanagedBinaryFileIsAdoptedAndPrunedOnlyAsItsRecordSays() throws IOException {
        Files.createDirectories(root.resolve("data"));
        Files.write(root.resolve("data/blob.bin"), new byte[] {1, 2, 3});
        Resource blob = blob("/wAB");

        Plan adopt = web.plan(List.of(blob), true);
        web.reconcile("rev1", List.of(blob), true);
        web.reconcile("rev2", List.of(), true);

        assertThat(adopt.changes()).singleElement().satisfies(change -> assertThat(change.diff())
                .filteredOn(field -> field.path().toString().equals("spec.content")).singleElement()
                .satisfies(field -> assertThat(field.live()).isEqualTo(Binary.of(new byte[] {1, 2, 3}))));
        assertThat(Files.readAllBytes(root.resolve("data/blob.bin"))).containsExactly(NOT_UTF8);
    }

    @Test
    void binaryInPathOrModeIsALocatedProblemNamingTheField() {
        List<Resource> resources = Manifests.parse(FileManifests.PROVIDER, "stacks/web/bin.yaml", """
                apiVersion: files.plumbline.dev/v1
                kind: File
                metadata: { name: bad-path }
                spec: { path: !!binary YS5jb25m, content: x }
                ---
                apiVersion: files.plumbline.dev/v1
                kind: File
                metadata: { name: bad-mode }
                spec: { path: b.conf, content: !!binary /wAB, mode: !!binary MDY0NA== }
                """);

        assertThat(provider.validate(resources)).extracting(Problem::toString).containsExactly(
                "stacks/web/bin.yaml:4:15: spec.path of File bad-path must be text, not binary bytes (!!binary: only"
                        + " the fields the provider's page says take bytes do; write text here, without the tag)",
                "stacks/web/bin.yaml:9:53: spec.mode of File bad-mode must be text, not binary bytes (!!binary: only"
                        + " the fields the provider's page says take bytes do; write text here, without the tag)");
    }
}
