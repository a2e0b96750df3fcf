package dev.plumbline.it.providers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.plumbline.agent.Daemon;
import dev.plumbline.engine.state.RunRecord;
import dev.plumbline.engine.state.StackStatus;
import dev.plumbline.engine.state.StateStore;
import dev.plumbline.agent.state.SqliteStateStore;
import dev.plumbline.config.ConfigLoader;
import dev.plumbline.provider.etcd.EtcdServer;
import dev.plumbline.provider.postgres.PostgresServer;
import dev.plumbline.source.git.fixture.GitRepo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent reconciling a real PostgreSQL 15 and a real etcd 3.4, both started by the test: a role with a
 * password from a secret, a database, and keys; then changes made by hand ({@code ALTER ROLE app
 * SUPERUSER} in SQL, {@code etcdctl put}) are found at the next drift check and undone with selfHeal, or
 * reported with the field named without it.
 */
class DataStoresIT {

    @RegisterExtension
    static final PostgresServer postgres = new PostgresServer();

    @RegisterExtension
    static final EtcdServer etcd = new EtcdServer();

    private static final String APP_PASSWORD = "app-password-" + java.util.UUID.randomUUID();

    @TempDir
    Path dir;

    private Daemon daemon;

    @AfterEach
    void stop() throws Exception {
        if (daemon != null) {
            daemon.close();
        }
        postgres.psql("DROP DATABASE IF EXISTS appdb");
        postgres.psql("DROP ROLE IF EXISTS app");
        postgres.reset();
    }

    private void start(boolean selfHeal) throws Exception {
        GitRepo repo = GitRepo.create(dir.resolve("repos"), "infra");
        repo.write("stacks/db/app.yaml", """
                apiVersion: postgres.plumbline.dev/v1
                kind: Role
                metadata: { name: app }
                spec:
                  login: true
                  password: ${secret:env:APP_PASSWORD}
                  connectionLimit: 5
                ---
                apiVersion: postgres.plumbline.dev/v1
                kind: Database
                metadata: { name: appdb }
                spec: { owner: app }
                """);
        repo.write("stacks/kv/app.yaml", """
                apiVersion: etcd.plumbline.dev/v1
                kind: Key
                metadata: { name: url }
                spec: { key: app/url, value: "https://app.example.org" }
                ---
                apiVersion: etcd.plumbline.dev/v1
                kind: KeySet
                metadata: { name: limits }
                spec:
                  prefix: app/limits/
                  entries: { rps: "100", burst: "200" }
                """);
        repo.commit("A database, a role and keys");
        Path config = Files.writeString(dir.resolve("plumbline.yaml"), """
                stateDir: ./state
                admin: { listen: "127.0.0.1:0" }
                secrets: { env: [APP_PASSWORD] }
                sources:
                  - { name: infra, url: %s, ref: main, interval: 1h }
                providers:
                  - { name: db, type: postgres, url: "%s", user: %s, passwordEnv: PG_PASSWORD }
                  - { name: kv, type: etcd, endpoints: ["%s"], prefix: /config/ }
                stacks:
                  - name: db
                    source: infra
                    path: stacks/db
                    provider: db
                    sync: { prune: true, selfHeal: %s }
                    driftInterval: 1s
                  - name: kv
                    source: infra
                    path: stacks/kv
                    provider: kv
                    sync: { prune: true, selfHeal: %s }
                    driftInterval: 1s
                """.formatted(repo.fileUrl(), postgres.jdbcUrl("postgres"), postgres.user(), etcd.endpoint(),
                selfHeal, selfHeal));
        daemon = Daemon.start(ConfigLoader.load(config), Clock.systemUTC(), Map.of("PG_PASSWORD",
                postgres.password(), "APP_PASSWORD", APP_PASSWORD));
        await().atMost(Duration.ofSeconds(60)).until(() -> databaseOwner().equals(Optional.of("app"))
                && etcd.get("/config/app/url").isPresent() && etcd.get("/config/app/limits/burst").isPresent());
        assertThat(roleAttribute("rolcanlogin")).contains(true);
        assertThat(roleAttribute("rolconnlimit")).contains(5);
        assertThat(etcd.get("/config/app/limits/rps")).contains("100");
    }

    private Optional<Object> databaseOwner() throws Exception {
        return postgres.value("postgres", "SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = ?",
                "appdb");
    }

    private Optional<Object> roleAttribute(String column) throws Exception {
        return postgres.value("postgres", "SELECT " + column + " FROM pg_roles WHERE rolname = ?", "app");
    }

    /** {@code etcdctl put}, the real command line tool, as a person would run it. */
    private void etcdctlPut(String key, String value) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("etcdctl", "--endpoints=" + etcd.endpoint(), "put", key, value)
                .redirectErrorStream(true);
        builder.environment().put("ETCDCTL_API", "3");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
    }

    private StackStatus status(String stack) {
        try (StateStore store = SqliteStateStore.open(dir.resolve("state"))) {
            return store.status(stack).orElseThrow();
        }
    }

    @Test
    void changesMadeByHandAreUndoneWithSelfHeal() throws Exception {
        start(true);

        postgres.psql("ALTER ROLE app SUPERUSER");
        etcdctlPut("/config/app/url", "http://evil.example.org");
        etcdctlPut("/config/app/limits/rps", "1");

        await().atMost(Duration.ofSeconds(30)).until(() -> roleAttribute("rolsuper").equals(Optional.of(false)));
        await().atMost(Duration.ofSeconds(30)).until(() -> etcd.get("/config/app/url")
                .equals(Optional.of("https://app.example.org")) && etcd.get("/config/app/limits/rps")
                .equals(Optional.of("100")));
        try (StateStore store = SqliteStateStore.open(dir.resolve("state"))) {
            assertThat(store.history("db", 20)).anySatisfy(run -> {
                assertThat(run.trigger()).isEqualTo("drift");
                assertThat(run.result()).isEqualTo("applied");
            });
        }
        try (Connection login = DriverManager.getConnection(postgres.jdbcUrl("appdb"), "app", APP_PASSWORD)) {
            assertThat(login.isValid(5)).as("the role logs in with the password from the secret").isTrue();
        }
        try (var files = Files.walk(dir.resolve("state"))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                assertThat(new String(Files.readAllBytes(file), java.nio.charset.StandardCharsets.ISO_8859_1))
                        .as("%s holds no secret", file).doesNotContain(APP_PASSWORD);
            }
        }
        assertThat(postgres.query("postgres", "SELECT * FROM plumbline_provenance").toString()
                + postgres.value("postgres", "SELECT shobj_description(oid, 'pg_authid') FROM pg_roles"
                + " WHERE rolname = 'app'")).contains("stack=db").doesNotContain(APP_PASSWORD);
    }

    @Test
    void withoutSelfHealChangesMadeByHandAreReportedWithTheField() throws Exception {
        start(false);

        postgres.psql("ALTER ROLE app SUPERUSER");
        etcdctlPut("/config/app/url", "http://evil.example.org");

        await().atMost(Duration.ofSeconds(30)).until(() -> status("db").condition().equals("Drifted")
                && status("kv").condition().equals("Drifted"));
        assertThat(status("db").message()).contains("Role app (update at spec.superuser)");
        assertThat(status("kv").message()).contains("Key url (update at spec.value)");
        assertThat(roleAttribute("rolsuper")).contains(true);
        assertThat(etcd.get("/config/app/url")).contains("http://evil.example.org");
        try (StateStore store = SqliteStateStore.open(dir.resolve("state"))) {
            RunRecord drifted = store.history("db", 20).stream().filter(r -> r.result().equals("drifted"))
                    .findFirst().orElseThrow();
            assertThat(drifted.updated()).isEqualTo(1);
        }
    }
}
