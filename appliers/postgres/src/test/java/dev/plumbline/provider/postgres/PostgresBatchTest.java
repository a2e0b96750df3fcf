package dev.plumbline.provider.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.plumbline.model.InventoryEntry;
import dev.plumbline.model.Resource;
import dev.plumbline.model.ResourceKey;
import dev.plumbline.model.Sensitive;
import dev.plumbline.plan.Plan;
import dev.plumbline.problem.StalledException;
import dev.plumbline.provider.ApplyContext;
import dev.plumbline.provider.PartialApply;
import dev.plumbline.provider.StackDriver;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A stack's writes go in batches (several objects' intents in one transaction, then their objects in
 * another): what a connection killed between the two leaves and how the next run finishes, the order of
 * dependent objects across batches, what a failure or a refusal in the middle of a batch leaves and how it
 * is named, and that the number of transactions follows the batches, not the objects. Batches of four or
 * so, so that a small stack spans several.
 */
class PostgresBatchTest {

    @RegisterExtension
    static final PostgresServer SERVER = new PostgresServer();

    private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");

    private PostgresProvider provider;
    private StackDriver web;
    private Connection holder;

    @BeforeEach
    void startProvider() throws Exception {
        SERVER.reset();
        provider = new PostgresProvider("db", SERVER.settings("postgres"), 4);
        web = new StackDriver(provider, "web");
    }

    @AfterEach
    void closeProvider() throws SQLException {
        if (holder != null) {
            holder.rollback();
            holder.close();
        }
        if (provider != null) {
            provider.close();
        }
    }

    private static String role(String name, String spec) {
        return """
                apiVersion: postgres.plumbline.dev/v1
                kind: Role
                metadata: {name: %s}
                spec: %s
                ---
                """.formatted(name, spec);
    }

    private static String connect(String role) {
        return """
                apiVersion: postgres.plumbline.dev/v1
                kind: Grant
                metadata: {name: %s-connect}
                spec: {role: %s, privileges: [CONNECT], on: {database: postgres}}
                ---
                """.formatted(role, role);
    }

    /** Roles {@code r00} to {@code r<count - 1>}, each with a grant of CONNECT on postgres. */
    private static List<Resource> rolesWithGrants(int count) {
        StringBuilder yaml = new StringBuilder();
        for (int i = 0; i < count; i++) {
            yaml.append(role(name(i), "{connectionLimit: 10}")).append(connect(name(i)));
        }
        return StackFixtures.yaml(yaml.toString());
    }

    private static String name(int i) {
        return String.format("r%02d", i);
    }

    private static List<Object> roles() throws SQLException {
        return SERVER.query("postgres", "SELECT rolname FROM pg_roles WHERE rolname ~ '^r[0-9]+$' ORDER BY 1")
                .stream().map(row -> row.get("rolname")).toList();
    }

    private static List<Object> ledger(String kind) throws SQLException {
        return SERVER.query("postgres", "SELECT object FROM " + Ledger.TABLE + " WHERE kind = ? ORDER BY 1", kind)
                .stream().map(row -> row.get("object")).toList();
    }

    private static String comment(String role) throws SQLException {
        return (String) SERVER.value("postgres", "SELECT shobj_description(oid, 'pg_authid') FROM pg_roles"
                + " WHERE rolname = ?", role).orElse("");
    }

    /** What the server will give the next transaction that writes; read without taking one. */
    private static long nextTransaction() throws SQLException {
        return ((Number) SERVER.value("postgres", "SELECT pg_snapshot_xmax(pg_current_snapshot())::text::bigint")
                .orElseThrow()).longValue();
    }

    @Test
    void aConnectionKilledBetweenABatchsIntentsAndItsObjectsLeavesNothingUnownedAndTheNextRunFinishes()
            throws Exception {
        List<Resource> stack = rolesWithGrants(10);
        // another session creates r05 and keeps its transaction open: the second batch's CREATE ROLE r05 waits
        holder = SERVER.connect("postgres");
        holder.setAutoCommit(false);
        try (Statement statement = holder.createStatement()) {
            statement.execute("CREATE ROLE r05");
        }
        CompletableFuture<Void> killer = CompletableFuture.runAsync(() -> Awaitility.await()
                .atMost(Duration.ofSeconds(8)).pollInterval(Duration.ofMillis(20)).until(() -> SERVER.value(
                        "postgres", "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                                + " WHERE application_name = 'plumbline' AND wait_event_type = 'Lock'")
                        .map(killed -> ((Number) killed).intValue() > 0).orElse(false)));

        assertThatThrownBy(() -> web.reconcile("rev1", stack, true)).hasMessageStartingWith("Unreachable: ")
                .hasMessageMatching("(?s)Unreachable: stack\\.yaml:\\d+:1: create Role r04 failed: cannot create"
                        + " role \"r04\" and the 3 writes after it in one transaction: .*");
        killer.get(10, TimeUnit.SECONDS);
        holder.rollback();

        assertThat(roles()).as("the first batch is written, the second was rolled back with the connection")
                .containsExactly("r00", "r01", "r02", "r03");
        for (Object written : roles()) {
            assertThat(comment((String) written)).as("nothing unowned").startsWith("plumbline: stack=web ")
                    .endsWith(" created=true");
        }
        assertThat(ledger("Role")).as("the intents of both batches; none of the batch never reached")
                .containsExactly("r00", "r01", "r02", "r03", "r04", "r05", "r06", "r07");
        assertThat(web.inventory().values()).as("the engine recorded what the first batch wrote as applied")
                .filteredOn(entry -> !entry.pending()).extracting(entry -> entry.key().name())
                .containsExactlyInAnyOrder("r00", "r01", "r02", "r03");

        StackDriver.Run next = web.reconcile("rev1", stack, true);

        assertThat(next.plan().track()).as("nothing left to record").isEmpty();
        assertThat(next.results().keySet()).extracting(ResourceKey::name).contains("r04", "r09", "r00-connect")
                .doesNotContain("r00", "r03");
        assertThat(roles()).hasSize(10);
        for (Object written : roles()) {
            assertThat(comment((String) written)).startsWith("plumbline: stack=web ").endsWith(" created=true");
        }
        assertThat(SERVER.query("postgres", "SELECT created FROM " + Ledger.TABLE)).hasSize(20)
                .allMatch(row -> row.get("created").equals(true));
        assertThat(web.inventory().values()).noneMatch(InventoryEntry::pending);
        Plan again = web.plan(stack, true);
        assertThat(again.hasChanges()).as(again.summary()).isFalse();
    }

    @Test
    void dependentObjectsComeInOrderAcrossBatches() throws Exception {
        // named so that by name alone every member would come before the role it is a member of
        List<Resource> stack = StackFixtures.yaml(role("a", "{memberOf: [b]}") + role("b", "{memberOf: [c]}")
                + role("c", "{memberOf: [d]}") + role("d", "{}") + role("e", "{memberOf: [a, d]}")
                + """
                apiVersion: postgres.plumbline.dev/v1
                kind: Database
                metadata: {name: appdb}
                spec: {owner: d}
                ---
                apiVersion: postgres.plumbline.dev/v1
                kind: Schema
                metadata: {name: sales}
                spec: {database: appdb, owner: c}
                ---
                """ + connect("a") + connect("e") + """
                apiVersion: postgres.plumbline.dev/v1
                kind: Grant
                metadata: {name: e-sales}
                spec: {role: e, privileges: [USAGE], on: {schema: sales, database: appdb}}
                """);

        StackDriver.Run run = web.reconcile("rev1", stack, true);

        assertThat(run.plan().mutations()).extracting(change -> change.key().display()).containsExactly(
                "Role d", "Role c", "Role b", "Role a", "Role e", "Database appdb", "Schema sales",
                "Grant a-connect", "Grant e-connect", "Grant e-sales");
        assertThat(SERVER.query("postgres", "SELECT r.rolname || ' in ' || g.rolname AS membership"
                + " FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid JOIN pg_roles r ON r.oid = m.member"
                + " WHERE r.rolname NOT LIKE 'pg\\_%' ORDER BY 1")).extracting(row -> row.get("membership"))
                .containsExactly("a in b", "b in c", "c in d", "e in a", "e in d");
        assertThat(SERVER.value("appdb", "SELECT has_schema_privilege('e', 'sales', 'USAGE')")).hasValue(true);
        assertThat(SERVER.value("postgres", "SELECT has_database_privilege('a', 'postgres', 'CONNECT')"
                + " AND NOT has_database_privilege('a', 'postgres', 'CREATE')")).hasValue(true);
        Plan again = web.plan(stack, true);
        assertThat(again.hasChanges()).as(again.summary()).isFalse();
    }

    @Test
    void aFailureInTheMiddleOfABatchNamesTheObjectKeepsWhatCameBeforeAndTakesTheRestBack() throws Exception {
        String password = "secret-" + UUID.randomUUID();
        List<Resource> broken = new ArrayList<>(StackFixtures.yaml(role("r00", "{}") + role("r01", "{}")
                + role("r02", "{}") + role("r03", "{memberOf: [missing]}") + role("r04", "{}")
                + role("r05", "{}")));
        broken.replaceAll(resource -> PostgresValidationTest.withPassword(resource, new Sensitive(password)));
        provider.close();
        provider = new PostgresProvider("db", SERVER.settings("postgres"), 10);
        web = new StackDriver(provider, "web");

        IllegalStateException failure = catchThrowableOfType(IllegalStateException.class,
                () -> web.reconcile("rev1", broken, true));

        assertThat(failure.getMessage()).as("named at the role that failed, by its own position")
                .matches("PostgresError: stack\\.yaml:\\d+:1: create Role r03 failed: cannot create role \"r03\":"
                        + " role \"missing\" does not exist \\(SQLSTATE 42704\\)")
                .doesNotContain(password).doesNotContain("SCRAM-SHA-256");
        assertThat(roles()).containsExactly("r00", "r01", "r02");
        assertThat(ledger("Role")).as("the intents of what was not written are taken back")
                .containsExactly("r00", "r01", "r02");
        assertThat(web.inventory().values()).as("what the call wrote before the failure is recorded as applied")
                .filteredOn(entry -> !entry.pending()).extracting(entry -> entry.key().name())
                .containsExactlyInAnyOrder("r00", "r01", "r02");
        assertThat(SERVER.value("postgres", "SELECT rolpassword LIKE 'SCRAM-SHA-256$%' FROM pg_authid"
                + " WHERE rolname = 'r01'")).hasValue(true);

        List<Resource> fixed = new ArrayList<>(StackFixtures.yaml(role("r00", "{}") + role("r01", "{}")
                + role("r02", "{}") + role("r03", "{}") + role("r04", "{}") + role("r05", "{}")));
        StackDriver.Run next = web.reconcile("rev2", fixed, true);

        assertThat(next.plan().mutations()).extracting(change -> change.key().name() + " " + change.action())
                .containsExactly("r03 CREATE", "r04 CREATE", "r05 CREATE");
        assertThat(next.plan().track()).extracting(change -> change.key().name())
                .containsExactly("r00", "r01", "r02");
        assertThat(roles()).hasSize(6);
        assertThat(web.plan(fixed, true).hasChanges()).isFalse();
    }

    @Test
    void anObjectAnotherStackTookInTheMiddleOfABatchIsRefusedAfterWhatCameBefore() throws Exception {
        List<Resource> stack = StackFixtures.yaml(role("r00", "{}") + role("r01", "{}") + role("r02", "{}")
                + role("r03", "{}"));
        Plan plan = web.plan(stack, true);
        new StackDriver(provider, "other").reconcile("rev0", List.of(stack.get(2)), true);

        PartialApply stopped = catchThrowableOfType(PartialApply.class,
                () -> provider.applyAll(plan.mutations(), new ApplyContext("web", "rev1", NOW)));

        assertThat(stopped.applied()).as("r00 and r01").hasSize(2);
        assertThat(stopped.failure()).isInstanceOf(StalledException.class);
        assertThat(stopped.failure().reason()).isEqualTo("OwnedByAnotherStack");
        assertThat(stopped.failure().getMessage()).contains("role \"r02\" is managed by stack 'other'");
        assertThat(roles()).containsExactly("r00", "r01", "r02");
        assertThat(comment("r02")).startsWith("plumbline: stack=other ");
        assertThat(SERVER.query("postgres", "SELECT object, stack FROM " + Ledger.TABLE + " ORDER BY 1"))
                .extracting(row -> row.get("object") + " " + row.get("stack"))
                .containsExactly("r00 web", "r01 web", "r02 other");
    }

    @Test
    void aStackIsWrittenInTwoTransactionsPerBatchNotOnePerObject() throws Exception {
        provider.close();
        provider = new PostgresProvider("db", SERVER.settings("postgres"), 20);
        web = new StackDriver(provider, "web");
        web.reconcile("rev0", rolesWithGrants(1), true);
        List<Resource> stack = rolesWithGrants(41);
        long before = nextTransaction();

        StackDriver.Run run = web.reconcile("rev1", stack, true);

        assertThat(run.results()).hasSize(80);
        assertThat(nextTransaction() - before).as("40 roles, then 40 grants, in batches of 20: two batches of"
                + " each, each with a transaction of intents and one of objects").isEqualTo(8);
    }

    @Test
    void aRowLeftWithoutItsObjectGoesOnceTheStackNoLongerWantsIt() throws Exception {
        web.reconcile("rev1", rolesWithGrants(1), true);
        // what a crash between a batch's intents and its objects leaves: the intent of r07, never created
        SERVER.psql("INSERT INTO " + Ledger.TABLE + " (kind, database_name, object, stack, resource, revision,"
                + " applied_at, created) VALUES ('Role', '', 'r07', 'web', 'r07', 'rev1', now(), true),"
                + " ('Role', '', 'r08', 'other', 'r08', 'rev1', now(), true)");
        ResourceKey r07 = new ResourceKey("db", PostgresProvider.GROUP, "Role", "", "r07");
        web.remember(r07, "rev1");

        StackDriver.Run run = web.reconcile("rev2", rolesWithGrants(1), true);

        assertThat(run.plan().forget()).containsExactly(r07);
        assertThat(ledger("Role")).as("the row of another stack stays").containsExactly("r00", "r08");
        assertThat(web.inventory()).doesNotContainKey(r07);
    }

    @Test
    void anObserveRunsAsManyQueriesForAHundredObjectsAsForTen() throws Exception {
        StackDriver small = new StackDriver(provider, "small");
        List<Resource> few = rolesWithGrants(5);
        StringBuilder yaml = new StringBuilder();
        for (int i = 0; i < 50; i++) {
            yaml.append(role("m" + i, "{memberOf: [r00]}")).append(connect("m" + i));
        }
        List<Resource> many = StackFixtures.yaml(yaml.toString());
        small.reconcile("rev1", few, true);
        web.reconcile("rev1", many, true);
        SERVER.psql("ALTER ROLE " + SERVER.user() + " SET log_statement = 'all'");
        try {
            provider.close();
            provider = new PostgresProvider("db", SERVER.settings("postgres"), 4);
            small = new StackDriver(provider, "small");
            web = new StackDriver(provider, "web");
            small.observe(few);
            web.observe(many);

            int fewQueries = queries(() -> new StackDriver(provider, "small").observe(few));
            int manyQueries = queries(() -> new StackDriver(provider, "web").observe(many));

            assertThat(manyQueries).as("queries for 100 objects").isEqualTo(fewQueries);
            assertThat(fewQueries).as("the ledger, roles, databases and database grants").isBetween(4, 6);
        } finally {
            SERVER.psql("ALTER ROLE " + SERVER.user() + " RESET log_statement");
        }
    }

    @Test
    void everySessionPlansEachQueryWithTheNamesItIsRunWith() throws Exception {
        // a generic plan, which the server may choose from a prepared query's sixth run, cannot hash the names
        try (Cluster cluster = new Cluster("db", SERVER.settings("postgres")); Session admin = cluster.admin()) {
            assertThat(admin.queryOne("SHOW plan_cache_mode", rs -> rs.getString(1))).hasValue("force_custom_plan");
        }
    }

    /** How many statements the server logged while {@code observe} ran. */
    private static int queries(Runnable observe) throws Exception {
        int logged = SERVER.serverLog().length();
        observe.run();
        return (int) SERVER.serverLog().substring(logged).lines()
                .filter(line -> line.matches(".*LOG:  (statement|execute [^:]*): \\S.*"))
                .filter(line -> !line.contains("set_config(")).count();
    }
}
