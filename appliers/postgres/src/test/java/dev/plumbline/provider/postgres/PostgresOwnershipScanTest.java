package dev.plumbline.provider.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumbline.model.Resource;
import dev.plumbline.model.ResourceKey;
import dev.plumbline.plan.Action;
import dev.plumbline.plan.Change;
import dev.plumbline.plan.Plan;
import dev.plumbline.provider.OwnershipScan.Owned;
import dev.plumbline.provider.StackDriver;
import dev.plumbline.provider.StackScope;
import dev.plumbline.provider.ownership.RecordedMetadata;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What the postgres provider lists as a stack's own for a rebuild of the inventory, on a real server: every
 * kind keyed by its {@code metadata.name} (a schema whose {@code spec.name} differs too), the comment winning
 * over the ledger where they disagree, a row whose object was dropped by hand listed so that the plan
 * forgets it, labels and annotations listed from the ledger rows (also from a ledger made before it kept
 * them), and nothing written on the way.
 */
class PostgresOwnershipScanTest {

    @RegisterExtension
    static final PostgresServer SERVER = new PostgresServer();

    private PostgresProvider provider;

    @BeforeEach
    void startProvider() throws Exception {
        SERVER.reset();
        provider = new PostgresProvider("db", SERVER.settings("postgres"));
    }

    @AfterEach
    void closeProvider() {
        if (provider != null) {
            provider.close();
        }
    }

    private static List<Resource> wholeStack() {
        List<Resource> stack = new ArrayList<>(StackFixtures.fixture("app-stack.yaml"));
        stack.add(StackFixtures.one("""
                apiVersion: postgres.plumbline.dev/v1
                kind: Schema
                metadata: { name: reporting }
                spec: { name: reports, database: appdb, owner: app_owner }
                """));
        return stack;
    }

    private static ResourceKey role(String name) {
        return new ResourceKey("db", PostgresProvider.GROUP, "Role", "", name);
    }

    private List<Owned> owned(String stack) {
        try (PostgresProvider fresh = new PostgresProvider("db", SERVER.settings("postgres"))) {
            return fresh.owned(new StackScope(stack));
        }
    }

    @Test
    void everyKindIsListedKeyedAsItsManifestAndARebuiltInventoryPlansAsNoops() throws Exception {
        List<Resource> stack = wholeStack();
        new StackDriver(provider, "web").reconcile("rev1", stack, true);
        new StackDriver(provider, "api").reconcile("rev9", List.of(StackFixtures.one("""
                apiVersion: postgres.plumbline.dev/v1
                kind: Role
                metadata: { name: api }
                """)), true);
        String before = Bookkeeping.of(SERVER);

        List<Owned> web = owned("web");

        assertThat(web).extracting(Owned::key)
                .containsExactlyElementsOf(stack.stream().map(Resource::key).sorted().toList());
        assertThat(web).extracting(owned -> owned.record().revision()).containsOnly("rev1");
        assertThat(owned("api")).extracting(Owned::key).containsExactly(role("api"));
        assertThat(provider.stacks()).containsExactly("api", "web");
        assertThat(Bookkeeping.of(SERVER)).as("scanning writes nothing").isEqualTo(before);

        StackDriver rebuilt = new StackDriver(provider, "web");
        web.forEach(owned -> rebuilt.remember(owned.key(), "rebuilt", owned.record().revision()));
        Plan plan = rebuilt.plan(stack, true);
        assertThat(plan.changes()).extracting(Change::action).containsOnly(Action.NOOP).hasSize(stack.size());
        assertThat(plan.track()).hasSize(stack.size());
    }

    @Test
    void eachRecordCarriesTheLabelsAndAnnotationsOfItsLedgerRowAndARebuiltInventoryPlansAsNoops() throws Exception {
        RecordedMetadata metadata = new RecordedMetadata(Map.of("team", "data"), Map.of("example.com/note", "x"));
        List<Resource> stack = wholeStack().stream().map(resource -> StackFixtures.labelled(resource,
                metadata.labels(), metadata.annotations())).toList();
        new StackDriver(provider, "web").reconcile("rev1", stack, true);
        String before = Bookkeeping.of(SERVER);

        List<Owned> web = owned("web");

        assertThat(web).extracting(Owned::key)
                .containsExactlyElementsOf(stack.stream().map(Resource::key).sorted().toList());
        assertThat(web).extracting(owned -> owned.record().metadata()).containsOnly(metadata);
        assertThat(Bookkeeping.of(SERVER)).as("scanning writes nothing").isEqualTo(before);
        StackDriver rebuilt = new StackDriver(provider, "web");
        web.forEach(owned -> rebuilt.remember(owned.key(), "rebuilt", owned.record().revision()));
        Plan plan = rebuilt.plan(stack, true);
        assertThat(plan.changes()).extracting(Change::action).containsOnly(Action.NOOP).hasSize(stack.size());
    }

    @Test
    void aLedgerMadeByAnEarlierVersionWithoutTheMetadataColumnIsScannedAsItIs() throws Exception {
        SERVER.psql(PostgresMetadataTest.EARLIER_LEDGER);
        SERVER.psql("CREATE ROLE app; COMMENT ON ROLE app IS 'plumbline: stack=web revision=rev0"
                + " applied=2025-01-01T00:00:00Z created=true'");
        SERVER.psql("INSERT INTO " + Ledger.TABLE + " VALUES ('Role', '', 'app', 'web', 'app', 'rev0',"
                + " '2025-01-01T00:00:00Z', true), ('Role', '', 'gone', 'web', 'gone', 'rev0',"
                + " '2025-01-01T00:00:00Z', true)");
        String before = Bookkeeping.of(SERVER);

        List<Owned> web = owned("web");

        assertThat(web).extracting(Owned::key).containsExactly(role("app"), role("gone"));
        assertThat(web).allSatisfy(owned -> {
            assertThat(owned.record().revision()).isEqualTo("rev0");
            assertThat(owned.record().metadata()).isEqualTo(RecordedMetadata.NONE);
        });
        assertThat(provider.stacks()).containsExactly("web");
        assertThat(Bookkeeping.of(SERVER)).as("scanning writes nothing").isEqualTo(before);
        assertThat(SERVER.value("postgres", "SELECT count(*) FROM pg_attribute WHERE attrelid = to_regclass(?)"
                + " AND attname = 'metadata'", Ledger.TABLE)).as("nor adds the column").hasValue(0L);
    }

    @Test
    void anObjectWhoseCommentNamesAnotherStackIsNotListed() throws Exception {
        Resource app = StackFixtures.one("""
                apiVersion: postgres.plumbline.dev/v1
                kind: Role
                metadata: { name: app }
                """);
        Resource keep = StackFixtures.one("""
                apiVersion: postgres.plumbline.dev/v1
                kind: Role
                metadata: { name: keep }
                """);
        new StackDriver(provider, "web").reconcile("rev1", List.of(app, keep), true);
        SERVER.psql("COMMENT ON ROLE app IS 'plumbline: stack=api revision=rev9 applied=2025-06-01T12:00:00Z"
                + " created=true'");

        assertThat(owned("web")).extracting(Owned::key).containsExactly(role("keep"));
    }

    @Test
    void aRowWhoseObjectWasDroppedByHandIsListedAndThePlanForgetsIt() throws Exception {
        Resource gone = StackFixtures.one("""
                apiVersion: postgres.plumbline.dev/v1
                kind: Role
                metadata: { name: gone }
                """);
        new StackDriver(provider, "web").reconcile("rev1", List.of(gone), true);
        SERVER.psql("DROP ROLE gone");

        List<Owned> web = owned("web");
        StackDriver rebuilt = new StackDriver(provider, "web");
        web.forEach(owned -> rebuilt.remember(owned.key(), "rebuilt", owned.record().revision()));

        assertThat(web).extracting(Owned::key).containsExactly(role("gone"));
        assertThat(web.get(0).record().created()).isTrue();
        Plan plan = rebuilt.plan(List.of(), true);
        assertThat(plan.changes()).isEmpty();
        assertThat(plan.forget()).containsExactly(role("gone"));
    }

    @Test
    void aServerWithoutALedgerOwnsNothing() {
        assertThat(owned("web")).isEmpty();
        assertThat(provider.stacks()).isEmpty();
    }
}
