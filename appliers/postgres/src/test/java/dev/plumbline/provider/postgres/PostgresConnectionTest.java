package dev.plumbline.provider.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plumbline.plan.Change;
import dev.plumbline.problem.PlumblineException;
import dev.plumbline.problem.StalledException;
import dev.plumbline.problem.TransientException;
import dev.plumbline.provider.ApplyContext;
import dev.plumbline.provider.StackDriver;
import dev.plumbline.provider.StackScope;
import dev.plumbline.provider.credential.CredentialRef;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What failures look like: a refused statement, a server that cannot be reached, a wrong password. */
class PostgresConnectionTest {

    @RegisterExtension
    static final PostgresServer SERVER = new PostgresServer();

    @Test
    void aRefusedStatementIsOneSentenceNamingTheObjectWithItsSqlState() throws Exception {
        SERVER.reset();
        try (PostgresProvider provider = new PostgresProvider("db", SERVER.settings("postgres"))) {
            StackDriver web = new StackDriver(provider, "web");
            List<dev.plumbline.model.Resource> desired = StackFixtures.yaml("""
                    apiVersion: postgres.plumbline.dev/v1
                    kind: Database
                    metadata: {name: app}
                    spec: {owner: nobody}
                    """);
            Change create = web.plan(desired, true).changes().get(0);

            assertThatThrownBy(() -> provider.apply(create, new ApplyContext("web", "rev1", Instant.now())))
                    .isInstanceOf(StalledException.class)
                    .hasMessage("cannot create database \"app\": role \"nobody\" does not exist (SQLSTATE 42704)")
                    .extracting(failure -> ((PlumblineException) failure).reason()).isEqualTo("PostgresError");
            assertThatThrownBy(() -> web.reconcile("rev1", desired, true)).hasMessage("PostgresError: stack.yaml:1:1:"
                    + " create Database app failed: cannot create database \"app\": role \"nobody\" does not exist"
                    + " (SQLSTATE 42704)");
            assertThat(SERVER.query("postgres", "SELECT * FROM " + Ledger.TABLE))
                    .as("the intent of a create that failed is taken back").isEmpty();
        }
    }

    @Test
    void aServerThatCannotBeReachedIsTransient() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        try (PostgresProvider provider = new PostgresProvider("db", new ConnectionSettings(
                "jdbc:postgresql://127.0.0.1:" + closed + "/postgres", "plumbline", CredentialRef.given("pw")))) {
            assertThatThrownBy(() -> provider.observe(new StackScope("web"), List.of(), List.of()))
                    .isInstanceOf(TransientException.class)
                    .hasMessageStartingWith("cannot connect to PostgreSQL at 127.0.0.1:" + closed + "/postgres as"
                            + " plumbline: Connection to 127.0.0.1:" + closed + " refused")
                    .extracting(failure -> ((PlumblineException) failure).reason()).isEqualTo("Unreachable");
        }
    }

    @Test
    void aWrongPasswordIsTransientAndNotRepeated() {
        String wrong = "wrong-" + UUID.randomUUID();
        try (PostgresProvider provider = new PostgresProvider("db", new ConnectionSettings(SERVER.jdbcUrl("postgres"),
                SERVER.user(), CredentialRef.given(wrong)))) {
            assertThatThrownBy(() -> provider.observe(new StackScope("web"), List.of(), List.of()))
                    .isInstanceOf(TransientException.class)
                    .hasMessageContaining("password authentication failed for user \"plumbline\" (SQLSTATE 28P01)")
                    .hasMessageNotContaining(wrong);
        }
    }
}
