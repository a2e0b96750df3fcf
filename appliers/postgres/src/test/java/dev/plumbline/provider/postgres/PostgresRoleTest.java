package dev.plumbline.provider.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plumbline.diff.FieldChange;
import dev.plumbline.model.Resource;
import dev.plumbline.model.Sensitive;
import dev.plumbline.plan.Action;
import dev.plumbline.plan.Change;
import dev.plumbline.plan.Plan;
import dev.plumbline.plan.PlanDocument;
import dev.plumbline.plan.PlanText;
import dev.plumbline.provider.StackDriver;
import dev.plumbline.provider.credential.CredentialRef;
import dev.plumbline.yaml.FieldPath;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Roles on a real server: memberships, attributes and passwords, drift made behind the provider's back. */
class PostgresRoleTest {

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

    private static Resource role(String name, String spec) {
        return StackFixtures.one("""
                apiVersion: postgres.plumbline.dev/v1
                kind: Role
                metadata: {name: %s}
                spec: %s
                """.formatted(name, spec));
    }

    private static Resource app(Sensitive password) {
        return PostgresValidationTest.withPassword(role("app", "{login: true}"), password);
    }

    private static boolean logsIn(String role, String password) {
        try (Connection ignored = DriverManager.getConnection(SERVER.jdbcUrl("postgres"), role, password)) {
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    private static List<Object> memberships(String role) throws SQLException {
        return SERVER.query("postgres", "SELECT g.rolname FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid"
                + " JOIN pg_roles r ON r.oid = m.member WHERE r.rolname = ? ORDER BY 1", role).stream()
                .map(row -> row.get("rolname")).toList();
    }

    @Test
    void membershipsFollowMemberOfAndNothingElse() throws Exception {
        List<Resource> desired = List.of(role("app", "{memberOf: [writers, readers]}"), role("readers", "{}"),
                role("writers", "{}"));
        web.reconcile("rev1", desired, true);
        assertThat(memberships("app")).containsExactly("readers", "writers");

        SERVER.psql("CREATE ROLE auditors; GRANT auditors TO app; REVOKE writers FROM app");
        Plan plan = web.plan(desired, true);

        assertThat(plan.changes()).filteredOn(change -> change.action() == Action.UPDATE)
                .extracting(change -> change.key().display()).containsExactly("Role app");
        assertThat(plan.changes().get(0).diff()).extracting(change -> change.path().toString())
                .allMatch(path -> path.startsWith("spec.memberOf"));
        web.reconcile("rev1", desired, true);
        assertThat(memberships("app")).containsExactly("readers", "writers");
        assertThat(web.plan(desired, true).hasChanges()).isFalse();
    }

    @Test
    void superuserSetBehindTheBackIsAnUpdateNamingSpecSuperuser() throws Exception {
        List<Resource> desired = List.of(role("app", "{login: true}"));
        web.reconcile("rev1", desired, true);

        SERVER.psql("ALTER ROLE app SUPERUSER");
        Plan plan = web.plan(desired, true);

        assertThat(plan.changes()).extracting(Change::action).containsExactly(Action.UPDATE);
        assertThat(plan.changes().get(0).diff()).singleElement().satisfies(change -> {
            assertThat(change.path()).isEqualTo(FieldPath.of("spec", "superuser"));
            assertThat(change.live()).isEqualTo(true);
            assertThat(change.desired()).isEqualTo(false);
        });
        web.reconcile("rev2", desired, true);
        assertThat(SERVER.value("postgres", "SELECT rolsuper FROM pg_roles WHERE rolname = 'app'")).hasValue(false);
    }

    @Test
    void aPasswordChangedBehindTheBackIsDriftShownMasked() throws Exception {
        String canary = "canary-" + UUID.randomUUID();
        List<Resource> desired = List.of(app(new Sensitive(canary)));
        web.reconcile("rev1", desired, true);
        assertThat(logsIn("app", canary)).isTrue();

        SERVER.psql("ALTER ROLE app PASSWORD 'changed-by-hand'");
        Plan plan = web.plan(desired, true);

        assertThat(plan.changes()).extracting(Change::action).containsExactly(Action.UPDATE);
        assertThat(plan.changes().get(0).diff()).extracting(FieldChange::path)
                .containsExactly(FieldPath.of("spec", "password"));
        String text = PlanText.render("web", "rev2", plan);
        String json = PlanDocument.of("web", "rev2", plan).toString();
        for (String shown : List.of(text, json)) {
            assertThat(shown).contains(Sensitive.MASK).doesNotContain(canary).doesNotContain("changed-by-hand")
                    .doesNotContain("SCRAM-SHA-256");
        }
        web.reconcile("rev2", desired, true);
        assertThat(logsIn("app", canary)).isTrue();
        assertThat(logsIn("app", "changed-by-hand")).isFalse();
        assertThat(web.plan(desired, true).hasChanges()).isFalse();
    }

    @Test
    void thePasswordReachesTheServerAndNoLogMessageOrRecord() throws Exception {
        String canary = "canary-" + UUID.randomUUID();
        try (CapturedLogs logs = new CapturedLogs()) {
            Resource broken = PostgresValidationTest.withPassword(role("app", "{login: true, memberOf: [missing]}"),
                    new Sensitive(canary));
            assertThatThrownBy(() -> web.reconcile("rev1", List.of(broken), true))
                    .hasMessageContaining("cannot create role \"app\": role \"missing\" does not exist (SQLSTATE 42704)")
                    .hasMessageNotContaining(canary);
            assertThat(SERVER.value("postgres", "SELECT 1 FROM pg_roles WHERE rolname = 'app'"))
                    .as("the failed create was rolled back as a whole").isEmpty();

            StackDriver.Run run = web.reconcile("rev2", List.of(app(new Sensitive(canary))), true);

            assertThat(logsIn("app", canary)).isTrue();
            assertThat(logs.debugLines()).as("DEBUG lines are captured too").isPositive();
            assertThat(logs.text()).doesNotContain(canary).doesNotContain("SCRAM-SHA-256$");
            assertThat(run.results().toString()).doesNotContain(canary);
            assertThat(web.inventory().toString()).doesNotContain(canary);
            assertThat(Bookkeeping.of(SERVER)).doesNotContain(canary).doesNotContain("SCRAM-SHA-256$");
        }
    }

    /**
     * Passwords SASLprep changes or refuses, each with a part of its own (so a log holding it is told
     * apart), and whether the JDBC driver's SCRAM client prepares it as PostgreSQL does (it checks after
     * NFKC and drops U+200B; libpq, through {@code psql}, prepares it as the server does).
     */
    static Stream<Arguments> passwordsBeyondAscii() {
        String unique = UUID.randomUUID().toString();
        String digits = unique.replaceAll("[^0-9]", "");
        return Stream.of(
                Arguments.of("umlauts", "p\u00e4ssw\u00f6rd-" + unique, true),
                Arguments.of("a no-break space (a space)", "pass\u00a0word-" + unique, true),
                Arguments.of("a soft hyphen (removed)", "pass\u00adword-" + unique, true),
                Arguments.of("full-width letters (NFKC)", "\uff50\uff41\uff53\uff53-" + unique, true),
                Arguments.of("a ligature (NFKC)", "\ufb01nance-" + unique, true),
                Arguments.of("right-to-left text", "\u05d0" + digits + "\u05d1", true),
                Arguments.of("against the bidi rule (as given)", "\u05d0bc-" + unique, true),
                Arguments.of("a zero-width space (a space)", "pass\u200bword-" + unique, false),
                Arguments.of("a prohibited character (as given)", "a\u0340b-" + unique, false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("passwordsBeyondAscii")
    void aPasswordBeyondAsciiIsSetAsAVerifierOnlyAndComparesEqual(String what, String password, boolean jdbcAgrees)
            throws Exception {
        List<Resource> desired = List.of(app(new Sensitive(password)));
        int logged = SERVER.serverLog().length();
        SERVER.psql("ALTER ROLE " + SERVER.user() + " SET log_statement = 'all'");
        try (CapturedLogs logs = new CapturedLogs()) {
            web.reconcile("rev1", desired, true);

            assertThat(SERVER.psqlLogsIn("app", password)).as("libpq logs in").isTrue();
            if (jdbcAgrees) {
                assertThat(logsIn("app", password)).as("the JDBC driver logs in").isTrue();
            }
            assertThat(SERVER.psqlLogsIn("app", password + "x")).isFalse();
            assertThat(web.plan(desired, true).hasChanges()).as("no diff once set").isFalse();
            assertThat(logs.text()).doesNotContain(password).doesNotContain(PasswordVerifier.prepared(password));
        } finally {
            SERVER.psql("ALTER ROLE " + SERVER.user() + " RESET log_statement");
        }
        String statements = SERVER.serverLog().substring(logged);
        assertThat(statements).as("the server's statement log").doesNotContain(password)
                .doesNotContain(PasswordVerifier.prepared(password))
                .contains(": ALTER ROLE \"app\" PASSWORD 'SCRAM-SHA-256$4096:");

        SERVER.psql("ALTER ROLE app PASSWORD " + Quoting.literal(password));
        assertThat(web.plan(desired, true).hasChanges()).as("no diff with the verifier the server made itself")
                .isFalse();
    }

    @Test
    void withoutAPasswordInTheManifestTheRoleKeepsItsOwn() throws Exception {
        web.reconcile("rev1", List.of(app(new Sensitive("first-password"))), true);

        Plan plan = web.plan(List.of(role("app", "{login: true}")), true);

        assertThat(plan.hasChanges()).as(plan.summary()).isFalse();
        assertThat(logsIn("app", "first-password")).isTrue();
    }

    @Test
    void comparingPasswordsWithoutSuperuserIsOneSentence() throws Exception {
        SERVER.psql("CREATE ROLE manager LOGIN CREATEROLE PASSWORD 'manager-pw'; GRANT CREATE ON SCHEMA public TO manager");
        try (PostgresProvider limited = new PostgresProvider("db", new ConnectionSettings(SERVER.jdbcUrl("postgres"),
                "manager", CredentialRef.given("manager-pw")))) {
            StackDriver stack = new StackDriver(limited, "web");

            assertThatThrownBy(() -> stack.plan(List.of(app(new Sensitive("s3cret"))), true))
                    .hasMessage("cannot compare the passwords of role app with the manifest: reading what PostgreSQL"
                            + " stores (pg_authid) needs a superuser; connect as one, or leave spec.password out");
            stack.reconcile("rev1", List.of(role("app", "{login: true, connectionLimit: 3}")), true);
            assertThat(SERVER.value("postgres", "SELECT rolconnlimit FROM pg_roles WHERE rolname = 'app'")).hasValue(3);
        }
    }

    @Test
    void validUntilComesAndGoes() throws Exception {
        List<Resource> expiring = List.of(role("app", "{login: true, validUntil: 2030-01-01}"));
        web.reconcile("rev1", expiring, true);
        assertThat(SERVER.value("postgres", "SELECT rolvaliduntil = '2030-01-01T00:00:00Z' FROM pg_roles"
                + " WHERE rolname = 'app'")).hasValue(true);
        assertThat(web.plan(expiring, true).hasChanges()).isFalse();

        List<Resource> forever = List.of(role("app", "{login: true}"));
        Plan plan = web.plan(forever, true);

        assertThat(plan.changes().get(0).diff()).extracting(FieldChange::path, FieldChange::kind)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(FieldPath.of("spec", "validUntil"), "removed"));
        web.reconcile("rev2", forever, true);
        assertThat(SERVER.value("postgres", "SELECT rolvaliduntil = 'infinity' FROM pg_roles WHERE rolname = 'app'"))
                .hasValue(true);
        assertThat(web.plan(forever, true).hasChanges()).isFalse();
    }
}
