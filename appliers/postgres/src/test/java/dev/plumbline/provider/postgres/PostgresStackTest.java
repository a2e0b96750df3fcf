package dev.plumbline.provider.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumbline.model.Resource;
import dev.plumbline.model.ResourceKey;
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
 * A whole stack of every kind against a real server: the order changes run in (roles, a role before its
 * members, databases, schemas, extensions, grants; prune in reverse), that what it grants works, that a
 * second plan is all no-ops, and that prune takes everything away again.
 */
class PostgresStackTest {

    @RegisterExtension
    static final PostgresServer SERVER = new PostgresServer();

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

    @Test
    void appliesInDependencyOrderAndPrunesInReverse() throws Exception {
        List<Resource> stack = StackFixtures.fixture("app-stack.yaml");

        StackDriver.Run run = web.reconcile("rev1", stack, true);

        assertThat(run.plan().changes()).extracting(Change::action).containsOnly(Action.CREATE);
        assertThat(run.plan().changes()).extracting(change -> change.key().display()).containsExactly(
                "Role app_owner", "Role readers", "Role app", "Database appdb", "Schema app", "Extension pg_trgm",
                "Grant readers-connect", "Grant readers-read-app", "Grant readers-read-future-tables",
                "Grant readers-use-app");
        assertThat(run.results().values()).extracting(ApplyResult::outcome).containsOnly(ApplyResult.Outcome.CREATED);
        Plan again = web.plan(stack, true);
        assertThat(again.hasChanges()).as(again.summary()).isFalse();

        StackDriver.Run prune = web.reconcile("rev2", List.of(), true);

        // nothing desired says how the pruned roles hang together, so they go by name (the order is a function
        // of the desired set alone, not of an earlier run); dropping a role does not wait for its members
        assertThat(prune.plan().changes()).extracting(change -> change.key().display()).containsExactly(
                "Grant readers-use-app", "Grant readers-read-future-tables", "Grant readers-read-app",
                "Grant readers-connect", "Extension pg_trgm", "Schema app", "Database appdb", "Role readers",
                "Role app_owner", "Role app");
        assertThat(prune.results().values()).extracting(ApplyResult::outcome).containsOnly(ApplyResult.Outcome.DELETED);
        assertThat(SERVER.query("postgres", "SELECT rolname FROM pg_roles WHERE rolname IN ('app', 'readers',"
                + " 'app_owner')")).isEmpty();
        assertThat(SERVER.value("postgres", "SELECT 1 FROM pg_database WHERE datname = 'appdb'")).isEmpty();
        assertThat(SERVER.query("postgres", "SELECT * FROM " + Ledger.TABLE)).isEmpty();
        assertThat(web.inventory()).isEmpty();
    }

    @Test
    void whatTheStackGrantsWorksForTablesMadeBeforeAndAfter() throws Exception {
        List<Resource> stack = StackFixtures.fixture("app-stack.yaml");
        web.reconcile("rev1", stack, true);
        SERVER.psql("appdb", "SET ROLE app_owner; CREATE TABLE app.before (id int)");
        web.reconcile("rev2", stack, true);

        SERVER.psql("appdb", "SET ROLE app_owner; CREATE TABLE app.after (id int); INSERT INTO app.after VALUES (7)");

        assertThat(SERVER.value("appdb", "SELECT has_table_privilege('app', 'app.before', 'SELECT')")).hasValue(true);
        assertThat(SERVER.value("appdb", "SELECT has_table_privilege('app', 'app.after', 'SELECT')")).hasValue(true);
        assertThat(SERVER.value("appdb", "SELECT has_table_privilege('app', 'app.after', 'INSERT')")).hasValue(false);
        assertThat(SERVER.value("appdb", "SELECT has_database_privilege('app', 'appdb', 'TEMPORARY')")).hasValue(true);
        assertThat(SERVER.value("appdb", "SELECT app.similarity('word', 'words') > 0")).hasValue(true);
        Plan again = web.plan(stack, true);
        assertThat(again.hasChanges()).as(again.summary()).isFalse();
    }

    @Test
    void theLedgerNamesEveryObjectTheStackApplied() throws Exception {
        web.reconcile("rev1", StackFixtures.fixture("app-stack.yaml"), true);

        assertThat(SERVER.query("postgres", "SELECT kind, database_name, object, resource, revision, created FROM "
                + Ledger.TABLE + " WHERE kind = 'Grant' ORDER BY resource"))
                .extracting(row -> row.get("object") + " | " + row.get("database_name") + " | " + row.get("resource"))
                .containsExactly(
                        "ON DATABASE appdb TO readers | appdb | readers-connect",
                        "ON ALL TABLES IN SCHEMA app TO readers | appdb | readers-read-app",
                        "DEFAULT PRIVILEGES FOR ROLE app_owner IN SCHEMA app ON TABLES TO readers | appdb"
                                + " | readers-read-future-tables",
                        "ON SCHEMA app TO readers | appdb | readers-use-app");
        assertThat(SERVER.value("appdb", "SELECT obj_description(oid, 'pg_namespace') FROM pg_namespace"
                + " WHERE nspname = 'app'")).hasValueSatisfying(comment -> assertThat((String) comment)
                .startsWith("plumbline: stack=web revision=rev1 applied=").endsWith(" created=true"));
        assertThat(web.inventory()).containsKey(new ResourceKey("db", PostgresProvider.GROUP, "Grant", "",
                "readers-connect"));
    }
}
