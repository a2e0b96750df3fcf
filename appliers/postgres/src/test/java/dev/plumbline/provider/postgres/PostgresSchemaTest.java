package dev.plumbline.provider.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plumbline.diff.FieldChange;
import dev.plumbline.model.Resource;
import dev.plumbline.plan.Action;
import dev.plumbline.plan.Change;
import dev.plumbline.plan.Plan;
import dev.plumbline.provider.ApplyResult;
import dev.plumbline.provider.StackDriver;
import dev.plumbline.yaml.FieldPath;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Schemas and extensions inside databases of a real server. */
class PostgresSchemaTest {

    @RegisterExtension
    static final PostgresServer SERVER = new PostgresServer();

    private PostgresProvider provider;
    private StackDriver web;

    @BeforeEach
    void startProvider() throws Exception {
        SERVER.reset();
        SERVER.psql("CREATE ROLE owner_a; CREATE ROLE owner_b");
        SERVER.psql("CREATE DATABASE appdb");
        SERVER.psql("CREATE DATABASE reports");
        provider = new PostgresProvider("db", SERVER.settings("postgres"));
        web = new StackDriver(provider, "web");
    }

    @AfterEach
    void closeProvider() {
        if (provider != null) {
            provider.close();
        }
    }

    private static Resource of(String kind, String name, String spec) {
        return StackFixtures.one("""
                apiVersion: postgres.plumbline.dev/v1
                kind: %s
                metadata: {name: %s}
                spec: %s
                """.formatted(kind, name, spec));
    }

    private static Optional<Object> schemaOwner(String schema) throws Exception {
        return SERVER.value("appdb", "SELECT pg_get_userbyid(nspowner) FROM pg_namespace WHERE nspname = ?", schema);
    }

    private static Optional<Object> extension(String database, String name) throws Exception {
        return SERVER.value(database, "SELECT n.nspname || ' ' || e.extversion FROM pg_extension e"
                + " JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = ?", name);
    }

    @Test
    void aSchemaIsCreatedWithItsOwnerAndPutBackAfterDrift() throws Exception {
        List<Resource> desired = List.of(of("Schema", "sales", "{database: appdb, owner: owner_a}"));
        web.reconcile("rev1", desired, true);
        assertThat(schemaOwner("sales")).hasValue("owner_a");
        assertThat(web.plan(desired, true).hasChanges()).isFalse();

        SERVER.psql("appdb", "ALTER SCHEMA sales OWNER TO owner_b");
        Plan plan = web.plan(desired, true);

        assertThat(plan.changes().get(0).diff()).extracting(FieldChange::path)
                .containsExactly(FieldPath.of("spec", "owner"));
        web.reconcile("rev2", desired, true);
        assertThat(schemaOwner("sales")).hasValue("owner_a");
    }

    @Test
    void pruneDropsAnEmptySchemaButNotOneHoldingTables() throws Exception {
        web.reconcile("rev1", List.of(of("Schema", "sales", "{database: appdb}"), of("Schema", "scratch",
                "{database: appdb}")), true);
        SERVER.psql("appdb", "CREATE TABLE sales.orders (id int)");

        StackDriver.Run dropEmpty = web.reconcile("rev2", List.of(of("Schema", "sales", "{database: appdb}")), true);
        assertThat(dropEmpty.results().values()).extracting(ApplyResult::outcome)
                .containsExactly(ApplyResult.Outcome.DELETED);

        assertThatThrownBy(() -> web.reconcile("rev3", List.of(), true)).hasMessageContaining(
                "cannot drop schema \"sales\" in database \"appdb\": cannot drop schema sales because other objects"
                        + " depend on it; table sales.orders depends on schema sales (SQLSTATE 2BP01)");
        assertThat(schemaOwner("sales")).isPresent();
        assertThat(schemaOwner("scratch")).isEmpty();
    }

    @Test
    void oneExtensionInTwoDatabasesFromOneStack() throws Exception {
        List<Resource> both = List.of(of("Extension", "trgm-app", "{name: pg_trgm, database: appdb}"),
                of("Extension", "trgm-reports", "{name: pg_trgm, database: reports}"));
        web.reconcile("rev1", both, true);
        assertThat(extension("appdb", "pg_trgm")).hasValueSatisfying(found -> assertThat(found).asString()
                .startsWith("public "));
        assertThat(extension("reports", "pg_trgm")).isPresent();
        assertThat(web.plan(both, true).hasChanges()).isFalse();

        web.reconcile("rev2", both.subList(0, 1), true);

        assertThat(extension("appdb", "pg_trgm")).isPresent();
        assertThat(extension("reports", "pg_trgm")).isEmpty();
    }

    @Test
    void anExtensionMovesToItsVersionAndSchema() throws Exception {
        web.reconcile("rev1", List.of(of("Schema", "ext", "{database: appdb}"),
                of("Extension", "citext", "{database: appdb, version: \"1.5\"}")), true);
        assertThat(extension("appdb", "citext")).hasValue("public 1.5");

        List<Resource> next = List.of(of("Schema", "ext", "{database: appdb}"),
                of("Extension", "citext", "{database: appdb, version: \"1.6\", schema: ext}"));
        Plan plan = web.plan(next, true);

        assertThat(plan.changes()).filteredOn(change -> change.action() == Action.UPDATE).singleElement()
                .satisfies(change -> assertThat(change.diff()).extracting(FieldChange::path).containsExactly(
                        FieldPath.of("spec", "schema"), FieldPath.of("spec", "version")));
        web.reconcile("rev2", next, true);
        assertThat(extension("appdb", "citext")).hasValue("ext 1.6");
        assertThat(web.plan(next, true).hasChanges()).isFalse();
    }

    @Test
    void anAdoptedExtensionKeepsItsOwnCommentAndStays() throws Exception {
        SERVER.psql("appdb", "CREATE EXTENSION hstore");
        String stock = (String) SERVER.value("appdb", "SELECT obj_description(oid, 'pg_extension') FROM pg_extension"
                + " WHERE extname = 'hstore'").orElseThrow();

        StackDriver.Run adopt = web.reconcile("rev1", List.of(of("Extension", "hstore", "{database: appdb}")), true);

        assertThat(adopt.plan().changes()).extracting(Change::action).containsExactly(Action.UPDATE);
        assertThat(SERVER.value("appdb", "SELECT obj_description(oid, 'pg_extension') FROM pg_extension"
                + " WHERE extname = 'hstore'")).hasValueSatisfying(comment -> assertThat((String) comment)
                .startsWith(stock + "\nplumbline: stack=web"));

        StackDriver.Run prune = web.reconcile("rev2", List.of(), true);

        assertThat(prune.results().values()).extracting(ApplyResult::outcome).containsExactly(ApplyResult.Outcome.SKIPPED);
        assertThat(extension("appdb", "hstore")).isPresent();
        assertThat(SERVER.value("appdb", "SELECT obj_description(oid, 'pg_extension') FROM pg_extension"
                + " WHERE extname = 'hstore'")).hasValue(stock);
    }

    @Test
    void renamingASchemaLeavesTheFormerOneInPlaceReleased() throws Exception {
        web.reconcile("rev1", List.of(of("Schema", "sales", "{database: appdb}")), true);

        StackDriver.Run renamed = web.reconcile("rev2", List.of(of("Schema", "sales", "{name: revenue, database: appdb}")),
                true);

        assertThat(renamed.results().values()).singleElement().satisfies(result -> assertThat(result.message())
                .isEqualTo("created schema \"revenue\" in database \"appdb\"; the former schema \"sales\" in"
                        + " database \"appdb\" is no longer managed and stays in place; drop it by hand if it is not"
                        + " needed"));
        assertThat(schemaOwner("sales")).isPresent();
        assertThat(SERVER.value("appdb", "SELECT obj_description(oid, 'pg_namespace') FROM pg_namespace"
                + " WHERE nspname = 'sales'")).isEmpty();
        assertThat(web.plan(List.of(), true).changes()).extracting(change -> change.key().display())
                .containsExactly("Schema sales");
    }

    @Test
    void aSchemaInADatabaseThatDoesNotExistIsOneSentence() {
        assertThatThrownBy(() -> web.reconcile("rev1", List.of(of("Schema", "sales", "{database: nowhere}")), true))
                .hasMessageContaining("cannot write schema \"sales\" in database \"nowhere\": database \"nowhere\""
                        + " does not exist; create it first");
    }
}
