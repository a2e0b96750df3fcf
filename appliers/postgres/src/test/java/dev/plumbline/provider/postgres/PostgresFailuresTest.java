package dev.plumbline.provider.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumbline.problem.PlumblineException;
import dev.plumbline.problem.StalledException;
import dev.plumbline.problem.TransientException;
import java.net.SocketTimeoutException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;
import org.postgresql.util.PSQLState;
import org.postgresql.util.ServerErrorMessage;

/** PostgreSQL's errors as the loop's typed failures: one sentence, the SQLSTATE, nothing secret. */
class PostgresFailuresTest {

    private static PSQLException server(String state, String message, String detail) {
        return new PSQLException(new ServerErrorMessage("SERROR\0C" + state + "\0M" + message + "\0"
                + (detail == null ? "" : "D" + detail + "\0")));
    }

    @Test
    void aRefusedStatementIsStalledWithOneSentence() {
        PlumblineException failure = PostgresFailures.failed("create database \"app\"",
                server("42704", "role \"nobody\" does not exist", null));

        assertThat(failure).isInstanceOf(StalledException.class);
        assertThat(failure.reason()).isEqualTo("PostgresError");
        assertThat(failure.getMessage())
                .isEqualTo("cannot create database \"app\": role \"nobody\" does not exist (SQLSTATE 42704)");
        assertThat(failure.getCause()).isNull();
    }

    @Test
    void keepsTheDetail() {
        assertThat(PostgresFailures.failed("drop role \"app\"", server("2BP01",
                "role \"app\" cannot be dropped because some objects depend on it", "owner of database appdb"))
                .getMessage()).isEqualTo("cannot drop role \"app\": role \"app\" cannot be dropped because some"
                        + " objects depend on it; owner of database appdb (SQLSTATE 2BP01)");
    }

    @Test
    void connectionTroubleAndConflictsAreRetried() {
        assertThat(PostgresFailures.failed("x", server("57P01", "terminating connection", null)))
                .isInstanceOf(TransientException.class).extracting(PlumblineException::reason).isEqualTo("Unreachable");
        assertThat(PostgresFailures.failed("x", new SQLException("I/O error", "08006")))
                .isInstanceOf(TransientException.class).extracting(PlumblineException::reason).isEqualTo("Unreachable");
        assertThat(PostgresFailures.failed("x", server("40P01", "deadlock detected", null)))
                .isInstanceOf(TransientException.class).extracting(PlumblineException::reason).isEqualTo("Conflict");
    }

    @Test
    void aTimeoutIsRetriedAsTimeoutNamingTheSettingThatRanOut() {
        Timeouts timeouts = Timeouts.defaults();

        PlumblineException lock = PostgresFailures.failed("update role \"app\"", PostgresFailures.timedOut(
                server("55P03", "canceling statement due to lock timeout", null), timeouts));
        PlumblineException statement = PostgresFailures.failed("create schema \"sales\"", PostgresFailures.timedOut(
                server("57014", "canceling statement due to statement timeout", null), timeouts));
        PlumblineException socket = PostgresFailures.failed("read roles and databases at postgres",
                PostgresFailures.timedOut(new PSQLException("An I/O error occurred while sending to the backend.",
                        PSQLState.CONNECTION_FAILURE, new SocketTimeoutException("Read timed out")), timeouts));

        assertThat(List.of(lock, statement, socket)).allSatisfy(failure -> {
            assertThat(failure).isInstanceOf(TransientException.class);
            assertThat(failure.reason()).isEqualTo("Timeout");
        });
        assertThat(lock.getMessage()).isEqualTo("cannot update role \"app\": another session held a lock it needs"
                + " for longer than the lock timeout (lockTimeout: 10s): canceling statement due to lock timeout"
                + " (SQLSTATE 55P03)");
        assertThat(statement.getMessage()).isEqualTo("cannot create schema \"sales\": it ran for longer than the"
                + " statement timeout (statementTimeout: 1m): canceling statement due to statement timeout"
                + " (SQLSTATE 57014)");
        assertThat(socket.getMessage()).isEqualTo("cannot read roles and databases at postgres: PostgreSQL did not"
                + " answer within the socket timeout (socketTimeout: 1m10s), so the connection was given up: An I/O"
                + " error occurred while sending to the backend. (SQLSTATE 08006)");
    }

    @Test
    void aConnectionNotHadInTimeIsATimeoutButARefusedOneIsUnreachable() {
        Timeouts timeouts = Timeouts.defaults();
        SQLException refused = new PSQLException("Connection to 127.0.0.1:1 refused.",
                PSQLState.CONNECTION_UNABLE_TO_CONNECT, new java.net.ConnectException("Connection refused"));

        TransientException poolWait = PostgresFailures.unreachable(new SQLTransientConnectionException(
                "plumbline-db-postgres - Connection is not available, request timed out after 10001ms"),
                "127.0.0.1:5432/postgres", "plumbline", timeouts);
        TransientException login = PostgresFailures.unreachable(new PSQLException("Connection attempt timed out.",
                PSQLState.CONNECTION_UNABLE_TO_CONNECT), "127.0.0.1:5432/postgres", "plumbline", timeouts);
        TransientException poolAfterRefusal = PostgresFailures.unreachable(new SQLTransientConnectionException(
                "plumbline-db-postgres - Connection is not available, request timed out after 10001ms", "08001",
                refused), "127.0.0.1:1/postgres", "plumbline", timeouts);

        assertThat(poolWait.reason()).isEqualTo("Timeout");
        assertThat(poolWait.getMessage()).startsWith("cannot connect to PostgreSQL at 127.0.0.1:5432/postgres as"
                + " plumbline: no connection within the connect timeout (connectTimeout: 10s)");
        assertThat(login.reason()).isEqualTo("Timeout");
        assertThat(poolAfterRefusal.reason()).isEqualTo("Unreachable");
        assertThat(PostgresFailures.unreachable(refused, "127.0.0.1:1/postgres", "plumbline", timeouts).reason())
                .isEqualTo("Unreachable");
    }

    @Test
    void masksASecretTheServerQuotesBack() {
        PlumblineException failure = PostgresFailures.failed("set the password of role \"app\"",
                server("42601", "syntax error at or near \"hunter2\"", null), "hunter2", "SCRAM-SHA-256$4096:x");

        assertThat(failure.getMessage()).doesNotContain("hunter2").contains("(sensitive)");
        assertThat(failure).isInstanceOf(StalledException.class);
    }
}
