package dev.plumbline.provider.files;

import static dev.plumbline.provider.files.FileManifests.create;
import static dev.plumbline.provider.files.FileManifests.file;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.plumbline.model.LiveObject;
import dev.plumbline.model.Resource;
import dev.plumbline.plan.Action;
import dev.plumbline.plan.Change;
import dev.plumbline.plan.Plan;
import dev.plumbline.problem.StalledException;
import dev.plumbline.provider.ApplyContext;
import dev.plumbline.provider.ApplyResult;
import dev.plumbline.provider.StackDriver;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Who owns a file: other stacks, adopted files, renamed resources. */
class FilesOwnershipTest {

    private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");

    @TempDir
    Path root;

    private FilesProvider provider;
    private StackDriver web;
    private StackDriver api;

    @BeforeEach
    void setUp() {
        provider = new FilesProvider("local", root);
        web = new StackDriver(provider, "web").at(NOW);
        api = new StackDriver(provider, "api").at(NOW);
    }

    @Test
    void aFileOwnedByAnotherStackShowsUpAsOwnedByThatStack() throws IOException {
        web.reconcile("rev-web", List.of(file("site", "nginx/site.conf", "web's")), true);
        Resource mine = file("site-copy", "./nginx/site.conf", "api's");

        LiveObject seen = api.observe(List.of(mine)).get(mine.key());
        Plan plan = api.plan(List.of(mine), true);
        StalledException forced = catchThrowableOfType(StalledException.class,
                () -> provider.apply(create(mine), new ApplyContext("api", "rev-api", NOW)));

        assertThat(seen.managedBy()).hasValue("web");
        assertThat(seen.provenance().orElseThrow().revision()).isEqualTo("rev-web");
        assertThat(plan.problems()).singleElement().satisfies(problem -> assertThat(problem.message())
                .isEqualTo("File site-copy is managed by stack 'web'; an object has one owner, so remove it from"
                        + " one of the two stacks"));
        assertThat(forced.reason()).isEqualTo("OwnedByAnotherStack");
        assertThat(forced.getMessage()).contains("stack 'web'")
                .contains(LedgerFiles.record(root, "web", "nginx/site.conf").toString());
        assertThat(Files.readString(root.resolve("nginx/site.conf"))).isEqualTo("web's");
        assertThat(LedgerFiles.read(root, "api")).isEmpty();
    }

    @Test
    void aPreExistingFileIsAdoptedOnApplyAndLeftInPlaceOnPrune() throws IOException {
        Files.writeString(root.resolve("motd"), "hand-made");
        Resource motd = file("motd", "motd", "managed");

        web.reconcile("rev1", List.of(motd), true);
        StackDriver.Run prune = web.reconcile("rev2", List.of(), true);

        assertThat(prune.result(motd.key()).outcome()).isEqualTo(ApplyResult.Outcome.SKIPPED);
        assertThat(prune.result(motd.key()).message())
                .isEqualTo("motd was adopted, not created, by stack 'web', so it stays; released it from the ledger");
        assertThat(Files.readString(root.resolve("motd"))).isEqualTo("managed");
        assertThat(LedgerFiles.read(root, "web")).isEmpty();
        assertThat(web.observe(List.of(motd)).get(motd.key()).provenance()).isEmpty();
    }

    @Test
    void renamingAResourceKeepsItsFileAndMovesTheEntryToTheNewName() throws IOException {
        web.reconcile("rev1", List.of(file("old-name", "app.conf", "same")), true);
        Resource renamed = file("new-name", "app.conf", "same");

        StackDriver.Run run = web.reconcile("rev2", List.of(renamed), true);

        assertThat(run.plan().changes()).extracting(Change::action).containsExactly(Action.CREATE);
        assertThat(run.plan().forget()).extracting(key -> key.name()).containsExactly("old-name");
        assertThat(Files.readString(root.resolve("app.conf"))).isEqualTo("same");
        assertThat(LedgerFiles.entry(root, "web", "app.conf")).hasValueSatisfying(entry ->
                assertThat(entry).containsEntry("resource", "new-name").containsEntry("created", true));
        assertThat(web.plan(List.of(renamed), true).hasChanges()).isFalse();

        web.reconcile("rev3", List.of(), true);
        assertThat(root.resolve("app.conf")).doesNotExist();
    }

    @Test
    void deletingANameWhosePathNowBelongsToAnotherResourceOnlyDropsTheOldAssociation() throws IOException {
        Resource old = file("old-name", "app.conf", "same");
        web.reconcile("rev1", List.of(old), true);
        LiveObject oldLive = web.observe(List.of(old)).get(old.key());
        provider.apply(create(file("new-name", "app.conf", "same")), new ApplyContext("web", "rev2", NOW));

        Change delete = new Change(Action.DELETE, old.key(), Optional.empty(), Optional.of(oldLive), List.of());
        ApplyResult result = provider.delete(delete, new ApplyContext("web", "rev2", NOW));

        assertThat(result.outcome()).isEqualTo(ApplyResult.Outcome.SKIPPED);
        assertThat(result.message()).startsWith("app.conf now belongs to File new-name of stack 'web'");
        assertThat(root.resolve("app.conf")).exists();
        assertThat(LedgerFiles.entry(root, "web", "app.conf")).hasValueSatisfying(entry ->
                assertThat(entry).containsEntry("resource", "new-name"));
    }

    @Test
    void twoStacksKeepSeparateLedgersUnderOneRoot() throws IOException {
        web.reconcile("rev-web", List.of(file("a", "web/a.conf", "a")), true);
        api.reconcile("rev-api", List.of(file("b", "api/b.conf", "b")), true);

        web.reconcile("rev-web2", List.of(), true);

        assertThat(LedgerFiles.read(root, "web")).isEmpty();
        assertThat(LedgerFiles.entry(root, "api", "api/b.conf")).isPresent();
        assertThat(root.resolve("api/b.conf")).exists();
        assertThat(root.resolve("web")).doesNotExist();
    }
}
