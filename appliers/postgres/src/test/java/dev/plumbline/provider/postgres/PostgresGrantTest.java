package dev.plumbline.provider.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumbline.diff.FieldChange;
import dev.plumbline.model.Resource;
import dev.plumbline.plan.Action;
import dev.plumbline.plan.Change;
import dev.plumbline.plan.Plan;
import dev.plumbline.provider.ApplyResult;
import dev.plumbline.provider.StackDriver;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Grants on a real server: on every table, sequence or function of a schema, default privileges for what
 * is made later, on schemas and databases; drift either way; prune of what the stack granted only.
 */
class PostgresGrantTest {

    @RegisterExtension
    static final PostgresServer SERVER = new PostgresServer();

    private PostgresProvider provider;
    private StackDriver web;

    @BeforeEach
    void startProvider() throws Exception {
        SERVER.reset();
        SERVER.psql("CREATE ROLE reader; CREATE ROLE owner");
        SERVER.psql("CREATE DATABASE appdb");
        SERVER.psql("appdb", "CREATE SCHEMA app AUTHORIZATION owner; SET ROLE owner;"
                + " CREATE TABLE app.t1 (id int); CREATE TABLE app.t2 (id int); CREATE SEQUENCE app.s;"
                + " CREATE FUNCTION app.f() RETURNS int LANGUAGE sql AS 'SELECT 1'");
        provider = new PostgresProvider("db", SERVER.settings("postgres"));
        web = new StackDriver(provider, "web");
    }

    @AfterEach
    void closeProvider() {
        if (provider != null) {
            provider.close();
        }
    }

    private static Resource grant(String name, String spec) {
        return StackFixtures.one("""
                apiVersion: postgres.plumbline.dev/v1
                kind: Grant
                metadata: {name: %s}
                spec: %s
                """.formatted(name, spec));
    }

    private static boolean has(String check) throws Exception {
        return (Boolean) SERVER.value("appdb", "SELECT " + check).orElseThrow();
    }

    private static final String TABLES = "on: {allTablesInSchema: app, database: appdb}";

    @Test
    void tablePrivilegesInASchemaAndDriftEitherWay() throws Exception {
        List<Resource> desired = List.of(grant("reader-rw", "{role: reader, privileges: [select, insert], " + TABLES + "}"));
        StackDriver.Run run = web.reconcile("rev1", desired, true);

        assertThat(run.results().values()).extracting(ApplyResult::outcome).containsExactly(ApplyResult.Outcome.CREATED);
        assertThat(has("has_table_privilege('reader', 'app.t1', 'SELECT, INSERT')")).isTrue();
        assertThat(has("has_table_privilege('reader', 'app.t2', 'INSERT')")).isTrue();
        assertThat(has("has_table_privilege('reader', 'app.t2', 'DELETE')")).isFalse();
        assertThat(web.plan(desired, true).hasChanges()).isFalse();

        SERVER.psql("appdb", "REVOKE INSERT ON app.t1 FROM reader");
        Plan missing = web.plan(desired, true);
        assertThat(missing.changes()).extracting(Change::action).containsExactly(Action.UPDATE);
        assertThat(missing.changes().get(0).diff()).extracting(change -> change.path().toString())
                .allMatch(path -> path.startsWith("spec.privileges"));
        web.reconcile("rev1", desired, true);
        assertThat(has("has_table_privilege('reader', 'app.t1', 'INSERT')")).isTrue();

        SERVER.psql("appdb", "GRANT DELETE ON app.t2 TO reader");
        Plan extra = web.plan(desired, true);
        assertThat(extra.changes().get(0).diff()).extracting(FieldChange::live).contains("DELETE");
        web.reconcile("rev1", desired, true);
        assertThat(has("has_table_privilege('reader', 'app.t2', 'DELETE')")).isFalse();
        assertThat(web.plan(desired, true).hasChanges()).isFalse();
    }

    @Test
    void defaultPrivilegesCoverWhatIsMadeLater() throws Exception {
        List<Resource> desired = List.of(grant("reader-future", "{role: reader, privileges: [SELECT], " + TABLES
                + ", defaultPrivileges: true, forRole: owner}"));
        web.reconcile("rev1", desired, true);

        SERVER.psql("appdb", "SET ROLE owner; CREATE TABLE app.t3 (id int)");

        assertThat(has("has_table_privilege('reader', 'app.t3', 'SELECT')")).isTrue();
        assertThat(has("has_table_privilege('reader', 'app.t1', 'SELECT')")).isFalse();
        assertThat(web.plan(desired, true).hasChanges()).isFalse();

        SERVER.psql("appdb", "ALTER DEFAULT PRIVILEGES FOR ROLE owner IN SCHEMA app REVOKE SELECT ON TABLES FROM reader");
        assertThat(web.plan(desired, true).changes()).extracting(Change::action).containsExactly(Action.UPDATE);
        web.reconcile("rev2", desired, true);
        SERVER.psql("appdb", "SET ROLE owner; CREATE TABLE app.t4 (id int)");
        assertThat(has("has_table_privilege('reader', 'app.t4', 'SELECT')")).isTrue();
    }

    @Test
    void sequencesFunctionsSchemasAndDatabases() throws Exception {
        List<Resource> desired = List.of(
                grant("seq", "{role: reader, privileges: [USAGE], on: {allSequencesInSchema: app, database: appdb}}"),
                grant("fn", "{role: reader, privileges: [EXECUTE], on: {allFunctionsInSchema: app, database: appdb}}"),
                grant("use", "{role: reader, privileges: [USAGE], on: {schema: app, database: appdb}}"),
                grant("db", "{role: reader, privileges: [ALL], on: {database: appdb}}"));

        web.reconcile("rev1", desired, true);

        assertThat(has("has_sequence_privilege('reader', 'app.s', 'USAGE')")).isTrue();
        assertThat(has("has_sequence_privilege('reader', 'app.s', 'UPDATE')")).isFalse();
        assertThat(has("has_function_privilege('reader', 'app.f()', 'EXECUTE')")).isTrue();
        assertThat(has("has_schema_privilege('reader', 'app', 'USAGE')")).isTrue();
        assertThat(has("has_schema_privilege('reader', 'app', 'CREATE')")).isFalse();
        assertThat(has("has_database_privilege('reader', 'appdb', 'CREATE, CONNECT, TEMPORARY')")).isTrue();
        Plan again = web.plan(desired, true);
        assertThat(again.hasChanges()).as(again.summary()).isFalse();
    }

    @Test
    void pruneRevokesWhatTheStackGranted() throws Exception {
        web.reconcile("rev1", List.of(grant("reader-r", "{role: reader, privileges: [SELECT], " + TABLES + "}")), true);

        StackDriver.Run prune = web.reconcile("rev2", List.of(), true);

        assertThat(prune.results().values()).extracting(ApplyResult::outcome).containsExactly(ApplyResult.Outcome.DELETED);
        assertThat(has("has_table_privilege('reader', 'app.t1', 'SELECT')")).isFalse();
        assertThat(SERVER.query("postgres", "SELECT * FROM " + Ledger.TABLE)).isEmpty();
    }

    @Test
    void aGrantHeldBeforeIsAdoptedAndLeftOnPrune() throws Exception {
        SERVER.psql("appdb", "GRANT SELECT ON ALL TABLES IN SCHEMA app TO reader");
        List<Resource> desired = List.of(grant("reader-rw", "{role: reader, privileges: [SELECT, INSERT], " + TABLES + "}"));

        StackDriver.Run adopt = web.reconcile("rev1", desired, true);

        assertThat(adopt.plan().changes()).extracting(Change::action).containsExactly(Action.UPDATE);
        assertThat(adopt.results().values()).singleElement().satisfies(result ->
                assertThat(result.message()).contains("adopted the grant and prune will leave it"));

        StackDriver.Run prune = web.reconcile("rev2", List.of(), true);

        assertThat(prune.results().values()).extracting(ApplyResult::outcome).containsExactly(ApplyResult.Outcome.SKIPPED);
        assertThat(has("has_table_privilege('reader', 'app.t1', 'SELECT, INSERT')")).isTrue();
    }

    @Test
    void aGrantThatComesToNameAnotherTargetRevokesTheFormerOne() throws Exception {
        web.reconcile("rev1", List.of(grant("reader-access", "{role: reader, privileges: [SELECT], " + TABLES + "}")),
                true);

        StackDriver.Run moved = web.reconcile("rev2", List.of(grant("reader-access",
                "{role: reader, privileges: [USAGE], on: {schema: app, database: appdb}}")), true);

        assertThat(moved.results().values()).singleElement().satisfies(result -> assertThat(result.message())
                .contains("the former grant ON ALL TABLES IN SCHEMA app TO reader in database \"appdb\" is revoked"));
        assertThat(has("has_table_privilege('reader', 'app.t1', 'SELECT')")).isFalse();
        assertThat(has("has_schema_privilege('reader', 'app', 'USAGE')")).isTrue();
        assertThat(SERVER.query("postgres", "SELECT object FROM " + Ledger.TABLE)).extracting(row -> row.get("object"))
                .containsExactly("ON SCHEMA app TO reader");
    }

    @Test
    void oneGrantHasOneOwner() {
        new StackDriver(provider, "one").reconcile("rev1",
                List.of(grant("reader-r", "{role: reader, privileges: [SELECT], " + TABLES + "}")), true);

        Plan two = web.plan(List.of(grant("also-reader-r", "{role: reader, privileges: [SELECT, UPDATE], " + TABLES
                + "}")), true);

        assertThat(two.problems()).singleElement().satisfies(problem ->
                assertThat(problem.message()).contains("is managed by stack 'one'"));
        assertThat(two.hasChanges()).isFalse();
    }
}
