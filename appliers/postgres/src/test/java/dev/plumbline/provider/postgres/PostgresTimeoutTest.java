package dev.plumbline.provider.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.plumbline.model.Resource;
import dev.plumbline.plan.Action;
import dev.plumbline.plan.Change;
import dev.plumbline.problem.TransientException;
import dev.plumbline.provider.ApplyContext;
import dev.plumbline.provider.StackDriver;
import dev.plumbline.provider.StackScope;
import dev.plumbline.provider.credential.CredentialRef;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The timeouts on a real server: an apply stuck behind a lock another session holds gives up after
 * {@code lockTimeout} (or {@code statementTimeout}, whichever is shorter) as a transient {@code Timeout}
 * naming the object and the timeout, with nothing of it written, and succeeds once the lock is gone; a server
 * that accepts connections but never answers is a {@code Timeout} after {@code connectTimeout}.
 */
class PostgresTimeoutTest {

    @RegisterExtension
    static final PostgresServer SERVER = new PostgresServer();

    private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");

    private PostgresProvider provider;
    private Connection holder;

    @BeforeEach
    void reset() throws SQLException {
        SERVER.reset();
    }

    @AfterEach
    void close() throws SQLException {
        if (holder != null) {
            holder.rollback();
            holder.close();
        }
        if (provider != null) {
            provider.close();
        }
    }

    private static Resource role(int connectionLimit) {
        return StackFixtures.one("""
                apiVersion: postgres.plumbline.dev/v1
                kind: Role
                metadata: {name: app}
                spec: {login: true, connectionLimit: %d}
                """.formatted(connectionLimit));
    }

    private StackDriver stack(Timeouts timeouts) {
        provider = new PostgresProvider("db", new ConnectionSettings(SERVER.jdbcUrl("postgres"), SERVER.user(),
                CredentialRef.given(SERVER.password()), timeouts));
        return new StackDriver(provider, "web");
    }

    /** Another session that comments on role {@code app} and keeps its transaction (and lock) open. */
    private void holdTheRole() throws SQLException {
        holder = SERVER.connect("postgres");
        holder.setAutoCommit(false);
        try (Statement statement = holder.createStatement()) {
            statement.execute("COMMENT ON ROLE app IS 'a migration holds this'");
        }
    }

    private static Object connectionLimit() throws SQLException {
        return SERVER.value("postgres", "SELECT rolconnlimit FROM pg_roles WHERE rolname = 'app'").orElseThrow();
    }

    private static Object comment() throws SQLException {
        return SERVER.value("postgres", "SELECT shobj_description(oid, 'pg_authid') FROM pg_roles"
                + " WHERE rolname = 'app'").orElseThrow();
    }

    @Test
    void anApplyStuckBehindALockIsATimeoutThatWritesNothingAndSucceedsOnceTheLockIsGone() throws Exception {
        StackDriver web = stack(Timeouts.of(Duration.ofSeconds(10), Duration.ofMillis(500), Duration.ofSeconds(60),
                Optional.empty()));
        web.reconcile("rev1", List.of(role(5)), true);
        Object stamped = comment();
        Change update = web.plan(List.of(role(7)), true).changes().get(0);
        holdTheRole();
        long started = System.nanoTime();

        TransientException timeout = catchThrowableOfType(TransientException.class,
                () -> provider.apply(update, new ApplyContext("web", "rev2", NOW)));

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        assertThat(update.action()).isEqualTo(Action.UPDATE);
        assertThat(timeout.reason()).isEqualTo("Timeout");
        assertThat(timeout.getMessage()).startsWith("cannot update role \"app\": another session held a lock it"
                + " needs for longer than the lock timeout (lockTimeout: 500ms)").contains("(SQLSTATE 55P03)");
        assertThat(connectionLimit()).as("ALTER ROLE ran before the comment waited, and was rolled back")
                .isEqualTo(5);
        assertThat(comment()).as("the provenance comment as rev1 left it").isEqualTo(stamped);
        assertThat(web.observe(List.of(role(7))).get(role(7).key()).provenance())
                .hasValueSatisfying(provenance -> assertThat(provenance.revision()).isEqualTo("rev1"));

        holder.rollback();
        web.reconcile("rev2", List.of(role(7)), true);

        assertThat(connectionLimit()).isEqualTo(7);
        assertThat(web.plan(List.of(role(7)), true).hasChanges()).isFalse();
        assertThat(web.observe(List.of(role(7))).get(role(7).key()).provenance())
                .hasValueSatisfying(provenance -> assertThat(provenance.revision()).isEqualTo("rev2"));
    }

    @Test
    void aStatementLongerThanTheStatementTimeoutIsATimeoutNamingIt() throws Exception {
        StackDriver web = stack(Timeouts.of(Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofMillis(700),
                Optional.empty()));
        web.reconcile("rev1", List.of(role(5)), true);
        Change update = web.plan(List.of(role(7)), true).changes().get(0);
        holdTheRole();
        long started = System.nanoTime();

        TransientException timeout = catchThrowableOfType(TransientException.class,
                () -> provider.apply(update, new ApplyContext("web", "rev2", NOW)));

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        assertThat(timeout.reason()).isEqualTo("Timeout");
        assertThat(timeout.getMessage()).startsWith("cannot update role \"app\": it ran for longer than the"
                + " statement timeout (statementTimeout: 700ms)").contains("(SQLSTATE 57014)");
        assertThat(connectionLimit()).isEqualTo(5);
    }

    @Test
    void aServerThatAcceptsButNeverAnswersIsATimeoutAfterTheConnectTimeout() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             PostgresProvider mute = new PostgresProvider("db", new ConnectionSettings(
                     "jdbc:postgresql://127.0.0.1:" + silent.getLocalPort() + "/postgres", "plumbline",
                     CredentialRef.given("pw"), Duration.ofSeconds(1)))) {
            long started = System.nanoTime();

            TransientException timeout = catchThrowableOfType(TransientException.class,
                    () -> mute.observe(new StackScope("web"), List.of(), List.of()));

            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
            assertThat(timeout.reason()).isEqualTo("Timeout");
            assertThat(timeout.getMessage()).startsWith("cannot connect to PostgreSQL at 127.0.0.1:"
                    + silent.getLocalPort() + "/postgres as plumbline: no connection within the connect timeout"
                    + " (connectTimeout: 1s)");
        }
    }
}
