package dev.plumbline.agent.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/** SQLite's errors as advice for a person; the cases a test cannot provoke as root are built by hand. */
class SqliteErrorsTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private static String explain(SQLiteErrorCode code, String message) {
        return SqliteErrors.explain(new SQLiteException(message, code), TIMEOUT);
    }

    @Test
    void readOnlyDatabasesSayWhatToChange() {
        assertThat(explain(SQLiteErrorCode.SQLITE_READONLY,
                "[SQLITE_READONLY] Attempt to write a readonly database (attempt to write a readonly database)"))
                .isEqualTo("the database is read-only; give the user running Plumbline write access to the file"
                        + " and to its directory");
        assertThat(explain(SQLiteErrorCode.SQLITE_READONLY_DIRECTORY, "[SQLITE_READONLY_DIRECTORY] x"))
                .startsWith("the database is read-only");
    }

    @Test
    void busyDatabasesSayHowLongTheyWaited() {
        assertThat(explain(SQLiteErrorCode.SQLITE_BUSY, "[SQLITE_BUSY] The database file is locked"))
                .startsWith("another process kept the database busy for longer than 10 s; retry");
        assertThat(explain(SQLiteErrorCode.SQLITE_BUSY_SNAPSHOT, "[SQLITE_BUSY_SNAPSHOT] x"))
                .isEqualTo("another process wrote to the database at the same moment; retry");
    }

    @Test
    void damagedOrForeignFilesSayHowToRestore() {
        assertThat(explain(SQLiteErrorCode.SQLITE_NOTADB, "[SQLITE_NOTADB] File opened that is not a database"))
                .isEqualTo("the file is not a SQLite database; restore it from a backup with `plumbline state restore"
                        + " FILE` (see \"The state store\" in docs/concepts.md)");
        assertThat(explain(SQLiteErrorCode.SQLITE_CORRUPT, "[SQLITE_CORRUPT] The database disk image is malformed"))
                .startsWith("the file is damaged; restore it from a backup");
        assertThat(explain(SQLiteErrorCode.SQLITE_FULL, "[SQLITE_FULL] database or disk is full"))
                .isEqualTo("no space left on device (the disk holding it is full); free some space there");
    }

    @Test
    void otherErrorsKeepSqlitesWordsWithoutTheDriversPrefix() {
        assertThat(explain(SQLiteErrorCode.SQLITE_ERROR, "[SQLITE_ERROR] SQL error or missing database (no such"
                + " table: runs)."))
                .isEqualTo("SQL error or missing database (no such table: runs)");
        assertThat(SqliteErrors.explain(new SQLException("plain driver trouble", "HY000", 1), TIMEOUT))
                .isEqualTo("plain driver trouble");
        assertThat(SqliteErrors.explain(new SQLException((String) null), TIMEOUT)).isEqualTo("SQLite error 0");
    }
}
