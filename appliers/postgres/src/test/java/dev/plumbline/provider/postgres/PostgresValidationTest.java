package dev.plumbline.provider.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumbline.model.Resource;
import dev.plumbline.model.ResourceKey;
import dev.plumbline.model.SecretTemplate;
import dev.plumbline.problem.Problem;
import dev.plumbline.provider.credential.CredentialRef;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What validation refuses, every problem at once at its {@code file:line:column}, and what normalising
 * fills in. No server: neither ever connects.
 */
class PostgresValidationTest {

    private static final String FILE = "many-problems.yaml";

    private final PostgresProvider provider = new PostgresProvider("db",
            new ConnectionSettings("jdbc:postgresql://127.0.0.1:1/postgres", "plumbline", CredentialRef.none()));

    @Test
    void reportsEveryProblemAtOnceEachAtItsLine() {
        List<String> problems = provider.validate(StackFixtures.fixture(FILE)).stream()
                .map(Problem::toString).toList();

        assertThat(problems).containsExactlyInAnyOrder(
                FILE + ":6:10: spec.login of Role app must be true or false, not the text 'yes'",
                FILE + ":7:20: spec.connectionLimit of Role app must be a whole number from -1 up, not the number -5",
                FILE + ":9:23: spec.memberOf[1] of Role app: 'Admins' is not a plain name; use lowercase letters,"
                        + " digits, '_' and '-', starting with a letter or '_'",
                FILE + ":9:31: spec.memberOf of Role app names 'readers' twice",
                FILE + ":10:13: spec.password of Role app must be a secret reference, not a value written into the"
                        + " manifest: write password: ${secret:env:NAME} or ${secret:file:PATH}, so that the"
                        + " password stays out of Git",
                FILE + ":11:11: unknown key 'colour' in spec of Role app (known keys: login, superuser, createdb,"
                        + " createrole, inherit, replication, bypassRls, connectionLimit, validUntil, memberOf, password)",
                FILE + ":16:9: Role pg_monitor_too: the role name 'pg_monitor_too' is reserved by PostgreSQL; choose"
                        + " another name",
                FILE + ":18:15: spec.validUntil of Role pg_monitor_too must be an instant like 2030-01-01T00:00:00Z,"
                        + " a date like 2030-01-01, or infinity; not the text 'next tuesday'",
                FILE + ":21:7: unknown kind 'Table' for postgres.plumbline.dev (known kinds: Role, Database, Schema,"
                        + " Extension, Grant)",
                FILE + ":28:9: metadata.name of Database App-DB is the database's name in PostgreSQL: 'App-DB' is"
                        + " not a plain name; use lowercase letters, digits, '_' and '-', starting with a letter or '_'",
                FILE + ":31:13: spec.encoding of Database App-DB is not an encoding name: write one like UTF8,"
                        + " LATIN1 or WIN1252",
                FILE + ":32:21: spec.allowConnections of Database App-DB must be true or false, not the number 1",
                FILE + ":39:3: Schema sales needs spec.database (the database the schema lives in)",
                FILE + ":47:12: spec.version of Extension hstore was read as the number 1.8; quote it so it stays"
                        + " as written, like version: \"1.8\"",
                FILE + ":55:24: spec.privileges[1] of Grant bad-grant: the text 'FLY' is not a privilege on"
                        + " allTablesInSchema (known: SELECT, INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER, ALL)",
                FILE + ":58:13: spec.on of Grant bad-grant names allTablesInSchema and schema; a Grant is on one"
                        + " target, so split it in two",
                FILE + ":60:12: spec.forRole of Grant bad-grant only means something with defaultPrivileges: true"
                        + " (it names the role whose new objects get the privileges)",
                FILE + ":70:22: defaultPrivileges of Grant defaults-on-a-database only works with allTablesInSchema,"
                        + " allSequencesInSchema or allFunctionsInSchema, not database",
                FILE + ":80:1: Schema sales-again stands for the same schema \"sales\" in database \"appdb\" as"
                        + " Schema sales-copy (" + FILE + ":72:1); an object has one manifest, so remove one of them",
                FILE + ":93:13: memberOf goes round in a circle: left -> right -> left; PostgreSQL refuses a role"
                        + " that is a member of itself");
        assertThat(String.join("\n", problems)).doesNotContain("hunter2");
    }

    @Test
    void theRoleTheProviderConnectsAsCannotBeManagedByAManifest() {
        List<String> problems = provider.validate(StackFixtures.yaml("""
                apiVersion: postgres.plumbline.dev/v1
                kind: Role
                metadata: {name: plumbline}
                spec: {validUntil: 2000-01-01}
                """)).stream().map(Problem::toString).toList();

        assertThat(problems).singleElement().asString().endsWith(":1:1: Role plumbline is the role 'plumbline' the"
                + " provider connects as; a manifest may not manage it (one commit could lock the agent out of the"
                + " server for good), so remove it, or let the provider connect as another role");
    }

    @Test
    void namesPostgresqlCannotHoldAreProblemsAtEveryFieldThatNamesSomething() {
        String long64 = "n".repeat(64);
        List<String> problems = provider.validate(StackFixtures.yaml("""
                apiVersion: postgres.plumbline.dev/v1
                kind: Role
                metadata: {name: %1$s}
                spec: {memberOf: ["re\\0aders", %1$s]}
                ---
                apiVersion: postgres.plumbline.dev/v1
                kind: Database
                metadata: {name: "app\\0db"}
                spec: {owner: %1$s}
                ---
                apiVersion: postgres.plumbline.dev/v1
                kind: Schema
                metadata: {name: sales}
                spec: {name: %1$s, database: "app\\0db", owner: "o\\0"}
                ---
                apiVersion: postgres.plumbline.dev/v1
                kind: Schema
                metadata: {name: %1$s}
                spec: {name: null, database: appdb}
                ---
                apiVersion: postgres.plumbline.dev/v1
                kind: Extension
                metadata: {name: "trgm\\0"}
                spec: {name: pg_trgm, database: %1$s, schema: %1$s}
                ---
                apiVersion: postgres.plumbline.dev/v1
                kind: Grant
                metadata: {name: "read\\0"}
                spec:
                  role: %1$s
                  privileges: [SELECT]
                  on: {allTablesInSchema: %1$s, database: "app\\0db"}
                  defaultPrivileges: true
                  forRole: %1$s
                """.formatted(long64))).stream().map(Problem::toString).toList();

        String tooLong = "'" + long64 + "' is 64 bytes long in UTF-8; PostgreSQL keeps 63 bytes of a name and"
                + " silently cuts the rest, so that two names could become one; shorten it to 63 bytes or fewer";
        String nul = " holds a NUL character (shown as \\0), which PostgreSQL cannot store; remove it";
        assertThat(problems).containsExactlyInAnyOrder(
                "stack.yaml:3:18: metadata.name of Role " + long64 + " is the role's name in PostgreSQL: " + tooLong,
                "stack.yaml:4:19: spec.memberOf[0] of Role " + long64 + ": 're\\0aders'" + nul,
                "stack.yaml:4:32: spec.memberOf[1] of Role " + long64 + ": " + tooLong,
                "stack.yaml:8:18: metadata.name of Database app\\0db is the database's name in PostgreSQL:"
                        + " 'app\\0db'" + nul,
                "stack.yaml:9:15: spec.owner of Database app\0db: " + tooLong,
                "stack.yaml:14:14: spec.name of Schema sales: " + tooLong,
                "stack.yaml:14:90: spec.database of Schema sales: 'app\\0db'" + nul,
                "stack.yaml:14:108: spec.owner of Schema sales: 'o\\0'" + nul,
                "stack.yaml:18:18: metadata.name of Schema " + long64 + " is the schema's name in PostgreSQL: "
                        + tooLong,
                "stack.yaml:23:18: metadata.name of Extension trgm\\0 is kept in the provider's ledger table:"
                        + " 'trgm\\0' holds a NUL character (shown as \\0), which PostgreSQL cannot store in text;"
                        + " remove it",
                "stack.yaml:24:33: spec.database of Extension trgm\0: " + tooLong,
                "stack.yaml:24:107: spec.schema of Extension trgm\0: " + tooLong,
                "stack.yaml:28:18: metadata.name of Grant read\\0 is kept in the provider's ledger table:"
                        + " 'read\\0' holds a NUL character (shown as \\0), which PostgreSQL cannot store in text;"
                        + " remove it",
                "stack.yaml:30:9: spec.role of Grant read\0: " + tooLong,
                "stack.yaml:32:27: spec.on.allTablesInSchema of Grant read\0: " + tooLong,
                "stack.yaml:32:103: spec.on.database of Grant read\0: 'app\\0db'" + nul,
                "stack.yaml:34:12: spec.forRole of Grant read\0: " + tooLong);
    }

    @Test
    void everyKindTakesLabelsAndAnnotationsAndNormalisingKeepsThem() {
        List<Resource> plain = new ArrayList<>(StackFixtures.fixture("good-stack.yaml"));
        plain.add(StackFixtures.one("""
                apiVersion: postgres.plumbline.dev/v1
                kind: Schema
                metadata: {name: sales}
                spec: {database: appdb}
                """));
        List<Resource> stack = plain.stream()
                .map(resource -> StackFixtures.labelled(resource, Map.of("team", "data", "tier", "1"),
                        Map.of("example.com/contact", "data@example.com", "note", "kept \"as is\" \\ ✓\nsecond line")))
                .toList();
        assertThat(stack).extracting(Resource::kind).containsAll(java.util.Arrays.stream(PostgresKind.values())
                .map(PostgresKind::kind).toList());

        assertThat(provider.validate(stack)).isEmpty();
        for (Resource resource : stack) {
            assertThat(provider.normalize(resource).state().get("metadata")).isEqualTo(Map.of(
                    "labels", Map.of("team", "data", "tier", "1"),
                    "annotations", Map.of("example.com/contact", "data@example.com",
                            "note", "kept \"as is\" \\ ✓\nsecond line")));
        }
    }

    @Test
    void anAnnotationHoldingANulIsAProblemAtItsPosition() {
        List<String> problems = provider.validate(StackFixtures.yaml("""
                apiVersion: postgres.plumbline.dev/v1
                kind: Role
                metadata:
                  name: app
                  labels: {team: data}
                  annotations: {note: "a\\0b", fine: "tab\\there"}
                """)).stream().map(Problem::toString).toList();

        assertThat(problems).containsExactly("stack.yaml:6:23: metadata.annotations.note of Role app is kept in the"
                + " provider's ledger table: 'a\\0b' holds a NUL character (shown as \\0), which PostgreSQL cannot"
                + " store in text; remove it");
    }

    @Test
    void aNameOf63BytesIsTheLongestAccepted() {
        assertThat(provider.validate(StackFixtures.yaml("""
                apiVersion: postgres.plumbline.dev/v1
                kind: Role
                metadata: {name: %s}
                """.formatted("n".repeat(63))))).isEmpty();
    }

    @Test
    void acceptsTheUsualSpellings() {
        assertThat(provider.validate(StackFixtures.fixture("good-stack.yaml"))).isEmpty();
    }

    @Test
    void aPasswordIsASecretReference() {
        Resource role = withPassword(StackFixtures.one("""
                apiVersion: postgres.plumbline.dev/v1
                kind: Role
                metadata: {name: app}
                spec: {login: true}
                """), new SecretTemplate("${secret:env:APP_PASSWORD}"));

        assertThat(provider.validate(List.of(role))).isEmpty();
    }

    @Test
    void normalisingFillsEveryDefault() {
        List<Resource> stack = StackFixtures.fixture("good-stack.yaml");

        assertThat(provider.normalize(stack.get(0)).state()).isEqualTo(Map.of("spec", Map.of("login", true,
                "superuser", false, "createdb", false, "createrole", false, "inherit", true, "replication", false,
                "bypassRls", false, "connectionLimit", 20L, "validUntil", "2030-01-01T00:00:00Z",
                "memberOf", List.of("pg_read_all_stats", "readers"))));
        assertThat(provider.normalize(stack.get(1)).state()).isEqualTo(Map.of("spec", Map.of("owner", "plumbline",
                "encoding", "UTF8", "connectionLimit", -1L, "allowConnections", true, "dropWithConnections", false)));
        assertThat(provider.normalize(stack.get(3)).state()).isEqualTo(Map.of("spec", Map.of("name", "pg_trgm",
                "database", "reports", "schema", "public")));
        assertThat(provider.normalize(stack.get(4)).state()).isEqualTo(Map.of("spec", Map.of("role", "app",
                "privileges", List.of("USAGE", "SELECT", "UPDATE"),
                "on", Map.of("allSequencesInSchema", "public", "database", "appdb"), "defaultPrivileges", false)));
    }

    @Test
    void ordersRolesBeforeTheirMembersAndKindsByDependency() {
        List<Resource> stack = StackFixtures.yaml("""
                apiVersion: postgres.plumbline.dev/v1
                kind: Role
                metadata: {name: a-member}
                spec: {memberOf: [m-middle]}
                ---
                apiVersion: postgres.plumbline.dev/v1
                kind: Role
                metadata: {name: m-middle}
                spec: {memberOf: [z-top]}
                ---
                apiVersion: postgres.plumbline.dev/v1
                kind: Role
                metadata: {name: z-top}
                """);
        assertThat(provider.validate(stack)).isEmpty();
        List<ResourceKey> keys = new ArrayList<>(List.of(key("Grant", "g"), key("Role", "a-member"),
                key("Extension", "e"), key("Role", "m-middle"), key("Schema", "s"), key("Role", "z-top"),
                key("Database", "d")));

        keys.sort(provider.order(stack));

        assertThat(keys).extracting(ResourceKey::display).containsExactly("Role z-top", "Role m-middle",
                "Role a-member", "Database d", "Schema s", "Extension e", "Grant g");
    }

    private static ResourceKey key(String kind, String name) {
        return new ResourceKey("db", PostgresProvider.GROUP, kind, "", name);
    }

    static Resource withPassword(Resource role, Object password) {
        Map<String, Object> document = new LinkedHashMap<>(role.document());
        Map<String, Object> spec = new LinkedHashMap<>(role.spec());
        spec.put("password", password);
        document.put("spec", spec);
        return role.withDocument(document);
    }
}
