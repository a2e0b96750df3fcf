package dev.plumbline.provider.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.plumbline.model.Resource;
import dev.plumbline.plan.Action;
import dev.plumbline.plan.Change;
import dev.plumbline.plan.Plan;
import dev.plumbline.problem.TransientException;
import dev.plumbline.provider.ApplyResult;
import dev.plumbline.provider.Manifests;
import dev.plumbline.provider.StackDriver;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Labels and annotations on a File: kept in its ownership record, compared like any field, never in the file. */
class FilesMetadataTest {

    private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
    private static final FileTime LONG_AGO = FileTime.from(Instant.parse("2020-01-01T00:00:00Z"));

    @TempDir
    Path root;

    private FilesProvider provider;
    private StackDriver web;

    @BeforeEach
    void setUp() {
        provider = new FilesProvider("local", root);
        web = new StackDriver(provider, "web").at(NOW);
    }

    private static Resource site(String metadata) {
        return Manifests.one(FileManifests.PROVIDER, """
                apiVersion: files.plumbline.dev/v1
                kind: File
                metadata: { name: site%s }
                spec: { path: nginx/site.conf, content: "server {}\\n" }
                """.formatted(metadata));
    }

    @Test
    void labelsAndAnnotationsValidateAndAreKeptInTheRecordNotTheFile() throws IOException {
        Resource site = site(", labels: { team: web, tier: \"1\" }, annotations: { example.org/owner: platform }");

        assertThat(provider.validate(List.of(site))).isEmpty();
        web.reconcile("rev1", List.of(site), true);

        assertThat(Files.readString(root.resolve("nginx/site.conf"))).isEqualTo("server {}\n");
        assertThat(Files.readString(LedgerFiles.record(root, "web", "nginx/site.conf"))).endsWith("""
                created: true
                labels:
                  team: web
                  tier: '1'
                annotations:
                  example.org/owner: platform
                """);
        assertThat(LedgerFiles.entry(root, "web", "nginx/site.conf")).hasValueSatisfying(entry -> assertThat(entry)
                .containsEntry("labels", Map.of("team", "web", "tier", "1"))
                .containsEntry("annotations", Map.of("example.org/owner", "platform")));
    }

    @Test
    void theRecordedLabelsAreTheLiveMetadataSoTheNextPlanIsClean() throws IOException {
        Resource site = site(", labels: { team: web }, annotations: { example.org/owner: platform }");
        web.reconcile("rev1", List.of(site), true);

        Map<String, Object> live = web.observe(List.of(site)).get(site.key()).state();
        Map<String, Object> fromDisk = new StackDriver(new FilesProvider("local", root), "web")
                .observe(List.of(site)).get(site.key()).state();

        assertThat(live).containsEntry("metadata", Map.of("labels", Map.of("team", "web"),
                "annotations", Map.of("example.org/owner", "platform")));
        assertThat(fromDisk).as("read back from the record by a provider that never wrote it").isEqualTo(live);
        assertThat(web.plan(List.of(site), true).hasChanges()).isFalse();
    }

    @Test
    void changingOnlyTheLabelsRewritesTheRecordAndLeavesTheFileAlone() throws IOException {
        web.reconcile("rev1", List.of(site(", labels: { team: web }")), true);
        Path file = root.resolve("nginx/site.conf");
        Files.setLastModifiedTime(file, LONG_AGO);
        Object inode = attributes(file).fileKey();
        Resource relabelled = site(", labels: { team: api }, annotations: { note: moved }");

        StackDriver.Run run = web.reconcile("rev2", List.of(relabelled), true);

        assertThat(run.plan().changes()).singleElement().satisfies(change -> {
            assertThat(change.action()).isEqualTo(Action.UPDATE);
            assertThat(change.diff()).extracting(field -> field.path().toString())
                    .containsExactlyInAnyOrder("metadata.labels.team", "metadata.annotations");
        });
        assertThat(attributes(file).lastModifiedTime()).as("the file is not rewritten").isEqualTo(LONG_AGO);
        assertThat(attributes(file).fileKey()).as("the file is not replaced").isEqualTo(inode);
        assertThat(run.result(relabelled.key()).outcome()).isEqualTo(ApplyResult.Outcome.UPDATED);
        assertThat(run.result(relabelled.key()).message()).isEqualTo("kept nginx/site.conf as it is (it already"
                + " holds the desired 10 bytes and mode 0644) and rewrote its record");
        assertThat(LedgerFiles.entry(root, "web", "nginx/site.conf")).hasValueSatisfying(entry -> assertThat(entry)
                .containsEntry("revision", "rev2")
                .containsEntry("labels", Map.of("team", "api"))
                .containsEntry("annotations", Map.of("note", "moved"))
                .doesNotContainKey("pending"));
        assertThat(web.plan(List.of(relabelled), true).hasChanges()).isFalse();
    }

    @Test
    void removingTheLabelsRemovesThemFromTheRecord() throws IOException {
        web.reconcile("rev1", List.of(site(", labels: { team: web }, annotations: { note: x }")), true);
        Resource bare = site("");

        Plan plan = web.plan(List.of(bare), true);
        web.reconcile("rev2", List.of(bare), true);

        assertThat(plan.changes()).extracting(Change::action).containsExactly(Action.UPDATE);
        assertThat(Files.readString(LedgerFiles.record(root, "web", "nginx/site.conf")))
                .doesNotContain("labels").doesNotContain("annotations");
        assertThat(web.observe(List.of(bare)).get(bare.key()).state()).doesNotContainKey("metadata");
        assertThat(web.plan(List.of(bare), true).hasChanges()).isFalse();
    }

    @Test
    void aLabelEditedInTheRecordByHandIsDriftAndAMalformedOneIsUnreadable() throws IOException {
        Resource site = site(", labels: { team: web }");
        web.reconcile("rev1", List.of(site), true);
        Path record = LedgerFiles.record(root, "web", "nginx/site.conf");

        Files.writeString(record, Files.readString(record).replace("team: web", "team: ops"));
        Plan drifted = web.plan(List.of(site), true);
        Files.writeString(record, Files.readString(record).replace("team: ops", "team: [ops]"));
        TransientException unreadable = catchThrowableOfType(TransientException.class,
                () -> web.observe(List.of(site)));

        assertThat(drifted.changes()).singleElement().satisfies(change -> assertThat(change.diff()).singleElement()
                .satisfies(field -> {
                    assertThat(field.path()).hasToString("metadata.labels.team");
                    assertThat(field.live()).isEqualTo("ops");
                    assertThat(field.desired()).isEqualTo("web");
                }));
        assertThat(unreadable.reason()).isEqualTo("LedgerUnreadable");
        assertThat(unreadable.getMessage()).contains(record.toString())
                .contains("labels must be a mapping of names to text, but 'team' holds a list");
    }

    private static BasicFileAttributes attributes(Path file) throws IOException {
        return Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    }
}
