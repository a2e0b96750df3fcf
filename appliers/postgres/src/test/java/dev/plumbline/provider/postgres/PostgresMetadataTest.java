package dev.plumbline.provider.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.plumbline.diff.FieldChange;
import dev.plumbline.model.LiveObject;
import dev.plumbline.model.Resource;
import dev.plumbline.model.ResourceKey;
import dev.plumbline.plan.Action;
import dev.plumbline.plan.Change;
import dev.plumbline.plan.Plan;
import dev.plumbline.provider.ApplyResult;
import dev.plumbline.provider.StackDriver;
import dev.plumbline.provider.credential.CredentialRef;
import dev.plumbline.yaml.FieldPath;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Labels and annotations on a real server. No PostgreSQL object can carry them, so the provider keeps them in
 * the ledger row of the object and reads them back from there (also where the comment holds the provenance):
 * every kind plans as a no-op after applying them; changing only them writes only that row (no catalog row of
 * the objects, their comments or privileges changes); removing them clears them; and a ledger made by an
 * earlier version, without the column, is read as it is and gets the column on the first write.
 */
class PostgresMetadataTest {

    @RegisterExtension
    static final PostgresServer SERVER = new PostgresServer();

    /** The ledger as an earlier version made it: no metadata column. */
    static final String EARLIER_LEDGER = "CREATE TABLE public.plumbline_provenance (kind text NOT NULL,"
            + " database_name text NOT NULL, object text NOT NULL, stack text NOT NULL, resource text NOT NULL,"
            + " revision text NOT NULL, applied_at timestamptz NOT NULL, created boolean NOT NULL,"
            + " PRIMARY KEY (kind, database_name, object));"
            + " CREATE INDEX IF NOT EXISTS plumbline_provenance_stack ON public.plumbline_provenance"
            + " (stack, kind, resource)";

    /** Text a JSON writer by hand would get wrong: quotes, a backslash, a line break, a tab, beyond ASCII. */
    private static final String NOTE = "owned by \"data\" \\ team ✓\nsecond line\tand a tab";

    private PostgresProvider provider;
    private StackDriver web;

    @BeforeEach
    void startProvider() throws Exception {
        SERVER.reset();
        provider = new PostgresProvider("db", SERVER.settings("postgres"));
        web = new StackDriver(provider, "web");
    }

    @AfterEach
    void closeProvider() {
        if (provider != null) {
            provider.close();
        }
    }

    /** The whole app stack, every resource labelled {@code team: <team>} and annotated with {@link #NOTE}. */
    private static List<Resource> appStack(String team) {
        return StackFixtures.fixture("app-stack.yaml").stream()
                .map(resource -> StackFixtures.labelled(resource, Map.of("team", team),
                        Map.of("example.com/note", NOTE)))
                .toList();
    }

    private static Resource role(String name, Map<String, String> labels, Map<String, String> annotations) {
        return StackFixtures.labelled(StackFixtures.one("""
                apiVersion: postgres.plumbline.dev/v1
                kind: Role
                metadata: {name: %s}
                spec: {login: true}
                """.formatted(name)), labels, annotations);
    }

    private static ResourceKey roleKey(String name) {
        return new ResourceKey("db", PostgresProvider.GROUP, "Role", "", name);
    }

    /** The ledger's metadata of the row of {@code kind} named {@code object}, as JSON text; empty when NULL. */
    private static String ledgerMetadata(String kind, String object) throws SQLException {
        return SERVER.value("postgres", "SELECT coalesce(metadata::text, '') FROM " + Ledger.TABLE
                + " WHERE kind = ? AND object = ?", kind, object).orElseThrow().toString();
    }

    private static boolean hasMetadataColumn() throws SQLException {
        return SERVER.value("postgres", "SELECT count(*) FROM pg_attribute WHERE attrelid = to_regclass(?)"
                + " AND attname = 'metadata' AND NOT attisdropped", Ledger.TABLE).orElseThrow().equals(1L);
    }

    /**
     * Every catalog row the app stack's objects live in, with its row version ({@code xmin}, new on every
     * write of the row, even one that changes nothing): roles, memberships, the database and its ACL, the
     * schema and its ACL, the extension, default privileges, and the comments holding the provenance.
     */
    private static String catalogRows() throws SQLException {
        StringBuilder rows = new StringBuilder();
        for (String sql : List.of(
                "SELECT rolname, xmin::text, rolconnlimit FROM pg_authid WHERE rolname IN ('app', 'readers',"
                        + " 'app_owner') ORDER BY 1",
                "SELECT roleid, member, xmin::text FROM pg_auth_members ORDER BY 1, 2",
                "SELECT datname, xmin::text, datacl::text FROM pg_database WHERE datname = 'appdb'",
                "SELECT objoid, xmin::text, description FROM pg_shdescription ORDER BY 1")) {
            rows.append(SERVER.query("postgres", sql)).append('\n');
        }
        for (String sql : List.of(
                "SELECT nspname, xmin::text, nspacl::text FROM pg_namespace WHERE nspname = 'app'",
                "SELECT extname, xmin::text, extversion FROM pg_extension ORDER BY 1",
                "SELECT xmin::text, defaclacl::text FROM pg_default_acl ORDER BY 1",
                "SELECT objoid, xmin::text, description FROM pg_description WHERE description LIKE 'plumbline:%'"
                        + " ORDER BY 1")) {
            rows.append(SERVER.query("appdb", sql)).append('\n');
        }
        return rows.toString();
    }

    /** The row versions of {@code role} and of its comment, and the comment. */
    private static String catalogRowsOfRole(String role) throws SQLException {
        return SERVER.query("postgres", "SELECT r.xmin::text AS role, d.xmin::text AS comment, d.description"
                + " FROM pg_authid r LEFT JOIN pg_shdescription d ON d.objoid = r.oid WHERE r.rolname = ?", role)
                .toString();
    }

    @Test
    void everyKindKeepsItsLabelsAndAnnotationsInTheLedgerAndPlansAsANoopAfterApplying() throws Exception {
        List<Resource> stack = appStack("data");

        StackDriver.Run run = web.reconcile("rev1", stack, true);

        assertThat(run.results().values()).extracting(ApplyResult::outcome).containsOnly(ApplyResult.Outcome.CREATED);
        Plan again = web.plan(stack, true);
        assertThat(again.hasChanges()).as(again.summary()).isFalse();
        assertThat(SERVER.query("postgres", "SELECT metadata #>> '{labels,team}' AS team,"
                + " metadata #>> '{annotations,example.com/note}' AS note FROM " + Ledger.TABLE))
                .hasSize(stack.size()).containsOnly(Map.of("team", "data", "note", NOTE));
        Map<ResourceKey, LiveObject> live = web.observe(stack);
        for (Resource resource : stack) {
            assertThat(live.get(resource.key()).state().get("metadata")).as(resource.key().display())
                    .isEqualTo(Map.of("labels", Map.of("team", "data"), "annotations", Map.of("example.com/note", NOTE)));
        }
    }

    @Test
    void changingOnlyLabelsWritesOnlyTheLedgerRowsNotTheObjectsTheirCommentsOrPrivileges() throws Exception {
        web.reconcile("rev1", appStack("data"), true);
        String before = catalogRows();
        List<Resource> relabelled = appStack("analytics");

        Plan plan = web.plan(relabelled, true);
        StackDriver.Run run = web.reconcile("rev2", relabelled, true);

        assertThat(plan.changes()).extracting(Change::action).containsOnly(Action.UPDATE).hasSize(relabelled.size());
        assertThat(plan.changes()).flatExtracting(Change::diff).extracting(FieldChange::path)
                .containsOnly(FieldPath.of("metadata", "labels", "team"));
        assertThat(run.results().values()).extracting(ApplyResult::outcome).containsOnly(ApplyResult.Outcome.UPDATED);
        assertThat(run.results().values()).extracting(ApplyResult::message)
                .allMatch(message -> message.startsWith("updated the labels and annotations of "));
        assertThat(catalogRows()).as("no object, membership, privilege or comment was written").isEqualTo(before);
        assertThat(before).contains("revision=rev1").doesNotContain("revision=rev2");
        assertThat(SERVER.query("postgres", "SELECT revision, metadata #>> '{labels,team}' AS team FROM "
                + Ledger.TABLE)).hasSize(relabelled.size()).containsOnly(Map.of("revision", "rev2", "team", "analytics"));
        Plan again = web.plan(relabelled, true);
        assertThat(again.hasChanges()).as(again.summary()).isFalse();
    }

    @Test
    void aChangeOfTheObjectAndItsLabelsTogetherWritesBoth() throws Exception {
        web.reconcile("rev1", List.of(role("app", Map.of("team", "data"), Map.of())), true);

        Resource changed = StackFixtures.labelled(StackFixtures.one("""
                apiVersion: postgres.plumbline.dev/v1
                kind: Role
                metadata: {name: app}
                spec: {login: true, connectionLimit: 7}
                """), Map.of("team", "analytics"), Map.of());
        web.reconcile("rev2", List.of(changed), true);

        assertThat(SERVER.value("postgres", "SELECT rolconnlimit FROM pg_roles WHERE rolname = 'app'")).hasValue(7);
        assertThat(SERVER.value("postgres", "SELECT shobj_description(oid, 'pg_authid') FROM pg_roles"
                + " WHERE rolname = 'app'")).hasValueSatisfying(comment -> assertThat((String) comment)
                .contains("revision=rev2"));
        assertThat(ledgerMetadata("Role", "app")).isEqualTo("{\"labels\": {\"team\": \"analytics\"}}");
        assertThat(web.plan(List.of(changed), true).hasChanges()).isFalse();
    }

    @Test
    void removingAnnotationsAndThenLabelsClearsThem() throws Exception {
        web.reconcile("rev1", List.of(role("app", Map.of("team", "data"), Map.of("note", NOTE))), true);
        assertThat(ledgerMetadata("Role", "app")).startsWith("{\"labels\": {\"team\": \"data\"}, \"annotations\": ");
        String before = catalogRowsOfRole("app");

        List<Resource> labelsOnly = List.of(role("app", Map.of("team", "data"), Map.of()));
        Plan plan = web.plan(labelsOnly, true);
        assertThat(plan.changes()).singleElement().satisfies(change -> assertThat(change.diff())
                .extracting(FieldChange::path, FieldChange::kind)
                .containsExactly(tuple(FieldPath.of("metadata", "annotations"), "removed")));
        web.reconcile("rev2", labelsOnly, true);
        assertThat(ledgerMetadata("Role", "app")).isEqualTo("{\"labels\": {\"team\": \"data\"}}");

        List<Resource> neither = List.of(role("app", Map.of(), Map.of()));
        web.reconcile("rev3", neither, true);

        assertThat(ledgerMetadata("Role", "app")).as("NULL: nothing recorded").isEmpty();
        assertThat(web.plan(neither, true).hasChanges()).isFalse();
        assertThat(web.observe(neither).get(roleKey("app")).state()).doesNotContainKey("metadata");
        assertThat(catalogRowsOfRole("app")).isEqualTo(before);
    }

    @Test
    void labelsEditedInTheLedgerByHandAreDriftAndWrittenBack() throws Exception {
        List<Resource> labelled = List.of(role("app", Map.of("team", "data"), Map.of("note", NOTE)));
        web.reconcile("rev1", labelled, true);
        SERVER.psql("UPDATE " + Ledger.TABLE + " SET metadata = '{\"labels\": {\"team\": \"ops\", \"gone\": null},"
                + " \"annotations\": [1, 2]}'");

        Plan plan = web.plan(labelled, true);

        assertThat(plan.changes()).singleElement().satisfies(change -> assertThat(change.diff())
                .extracting(FieldChange::path, FieldChange::kind).containsExactlyInAnyOrder(
                        tuple(FieldPath.of("metadata", "labels", "team"), "changed"),
                        tuple(FieldPath.of("metadata", "annotations"), "added")));
        web.reconcile("rev2", labelled, true);
        assertThat(SERVER.value("postgres", "SELECT metadata = jsonb_build_object('labels', jsonb_build_object('team',"
                + " 'data'), 'annotations', jsonb_build_object('note', ?::text)) FROM " + Ledger.TABLE, NOTE))
                .hasValue(true);
        assertThat(web.plan(labelled, true).hasChanges()).isFalse();
    }

    @Test
    void aLedgerMadeByAnEarlierVersionIsReadAsItIsAndGetsTheColumnOnTheFirstWrite() throws Exception {
        SERVER.psql(EARLIER_LEDGER);
        SERVER.psql("CREATE ROLE app LOGIN; COMMENT ON ROLE app IS 'plumbline: stack=web revision=rev0"
                + " applied=2025-01-01T00:00:00Z created=true'");
        SERVER.psql("INSERT INTO " + Ledger.TABLE + " VALUES ('Role', '', 'app', 'web', 'app', 'rev0',"
                + " '2025-01-01T00:00:00Z', true)");
        String before = catalogRowsOfRole("app");

        Plan unlabelled = web.plan(List.of(role("app", Map.of(), Map.of())), true);
        assertThat(unlabelled.hasChanges()).as(unlabelled.summary()).isFalse();
        assertThat(hasMetadataColumn()).as("planning leaves the table as it is").isFalse();

        List<Resource> labelled = List.of(role("app", Map.of("team", "data"), Map.of()));
        Plan plan = web.plan(labelled, true);
        assertThat(plan.changes()).singleElement().satisfies(change -> {
            assertThat(change.action()).isEqualTo(Action.UPDATE);
            assertThat(change.diff()).extracting(FieldChange::path).containsExactly(FieldPath.of("metadata"));
        });
        web.reconcile("rev1", labelled, true);

        assertThat(hasMetadataColumn()).isTrue();
        assertThat(SERVER.query("postgres", "SELECT stack, resource, revision, created, metadata::text AS metadata"
                + " FROM " + Ledger.TABLE)).containsExactly(Map.of("stack", "web", "resource", "app",
                "revision", "rev1", "created", true, "metadata", "{\"labels\": {\"team\": \"data\"}}"));
        assertThat(catalogRowsOfRole("app")).as("the role and its comment are left alone").isEqualTo(before);
        assertThat(web.plan(labelled, true).hasChanges()).isFalse();
    }

    @Test
    void anEarlierLedgerOwnedByAnotherRoleStopsTheFirstWriteWithWhatToRunAsItsOwner() throws Exception {
        SERVER.psql(EARLIER_LEDGER);
        SERVER.psql("CREATE ROLE manager LOGIN CREATEROLE PASSWORD 'manager-pw';"
                + " GRANT SELECT, INSERT, UPDATE, DELETE ON " + Ledger.TABLE + " TO manager");
        List<Resource> labelled = List.of(role("app", Map.of("team", "data"), Map.of()));
        try (PostgresProvider limited = new PostgresProvider("db", new ConnectionSettings(SERVER.jdbcUrl("postgres"),
                "manager", CredentialRef.given("manager-pw")))) {
            StackDriver stack = new StackDriver(limited, "web");

            assertThatThrownBy(() -> stack.reconcile("rev1", labelled, true)).hasMessageContaining("the ledger "
                    + Ledger.TABLE + " was made by an earlier version of Plumbline and lacks the column this one keeps"
                    + " labels and annotations in, which only the table's owner may add: must be owner of table"
                    + " plumbline_provenance (SQLSTATE 42501); run ALTER TABLE " + Ledger.TABLE + " ADD COLUMN IF NOT"
                    + " EXISTS metadata jsonb as its owner, or make the provider's user its owner, then sync the"
                    + " stack again");
            assertThat(SERVER.value("postgres", "SELECT 1 FROM pg_roles WHERE rolname = 'app'"))
                    .as("the ledger row comes first, so nothing was created").isEmpty();

            SERVER.psql("ALTER TABLE " + Ledger.TABLE + " ADD COLUMN IF NOT EXISTS metadata jsonb");
            stack.reconcile("rev1", labelled, true);

            assertThat(ledgerMetadata("Role", "app")).isEqualTo("{\"labels\": {\"team\": \"data\"}}");
            assertThat(stack.plan(labelled, true).hasChanges()).isFalse();
        }
    }

    @Test
    void aLedgerMadeAgainWithoutTheColumnWhileTheProviderRunsIsReadAndUpgradedAgain() throws Exception {
        List<Resource> labelled = List.of(role("app", Map.of("team", "data"), Map.of()));
        web.reconcile("rev1", labelled, true);
        SERVER.psql("DROP TABLE " + Ledger.TABLE + "; " + EARLIER_LEDGER);
        SERVER.psql("INSERT INTO " + Ledger.TABLE + " VALUES ('Role', '', 'app', 'web', 'app', 'rev1',"
                + " '2025-06-01T12:00:00Z', true)");

        Plan plan = web.plan(labelled, true);
        assertThat(plan.changes()).extracting(Change::action).containsExactly(Action.UPDATE);
        web.reconcile("rev2", labelled, true);

        assertThat(ledgerMetadata("Role", "app")).isEqualTo("{\"labels\": {\"team\": \"data\"}}");
        assertThat(web.plan(labelled, true).hasChanges()).isFalse();
    }

    @Test
    void anAdoptedObjectGetsItsLabelsRecordedWithItsStamp() throws Exception {
        SERVER.psql("CREATE ROLE app LOGIN");
        List<Resource> labelled = List.of(role("app", Map.of("team", "data"), Map.of()));

        StackDriver.Run run = web.reconcile("rev1", labelled, true);

        assertThat(run.result(roleKey("app")).message()).contains("adopted");
        assertThat(SERVER.value("postgres", "SELECT shobj_description(oid, 'pg_authid') FROM pg_roles"
                + " WHERE rolname = 'app'")).hasValueSatisfying(comment -> assertThat((String) comment)
                .contains("stack=web revision=rev1").endsWith("created=false"));
        assertThat(ledgerMetadata("Role", "app")).isEqualTo("{\"labels\": {\"team\": \"data\"}}");
        assertThat(web.plan(labelled, true).hasChanges()).isFalse();
    }
}
