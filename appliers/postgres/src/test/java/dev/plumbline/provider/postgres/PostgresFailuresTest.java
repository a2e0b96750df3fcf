package dev.plumbline.provider.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumbline.problem.PlumblineException;
import dev.plumbline.problem.StalledException;
import dev.plumbline.problem.TransientException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;
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
    void masksASecretTheServerQuotesBack() {
        PlumblineException failure = PostgresFailures.failed("set the password of role \"app\"",
                server("42601", "syntax error at or near \"hunter2\"", null), "hunter2", "SCRAM-SHA-256$4096:x");

        assertThat(failure.getMessage()).doesNotContain("hunter2").contains("(sensitive)");
        assertThat(failure).isInstanceOf(StalledException.class);
    }
}
