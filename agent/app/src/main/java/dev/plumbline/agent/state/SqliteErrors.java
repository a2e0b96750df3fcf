package dev.plumbline.agent.state;

import java.sql.SQLException;
import java.time.Duration;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * What SQLite's errors mean for a person running Plumbline: the usual ones (a file that is not a
 * database, read-only, locked too long, a full disk) as advice, the rest as SQLite's own words without the
 * driver's {@code [SQLITE_...]} prefix. Never a stack trace. A full disk is "no space left on device", as the
 * files provider says it.
 */
final class SqliteErrors {

    private static final String START_OVER = "restore it from a backup with `plumbline state restore FILE` (see"
            + " \"The state store\" in docs/concepts.md)";

    private SqliteErrors() {
    }

    /** In words that fit after "Could not ...: ". */
    static String explain(SQLException error, Duration busyTimeout) {
        int code = resultCode(error);
        return switch (code & 0xff) {
            case 5, 6 -> code == SQLiteErrorCode.SQLITE_BUSY_SNAPSHOT.code
                    ? "another process wrote to the database at the same moment; retry"
                    : "another process kept the database busy for longer than " + busyTimeout.toSeconds()
                    + " s; retry, and check that no process holds the file open in a long transaction";
            case 8 -> "the database is read-only; give the user running Plumbline write access to the file and"
                    + " to its directory";
            case 3, 23 -> "access to the file was denied; give the user running Plumbline write access to the"
                    + " file and to its directory";
            case 14 -> "the file cannot be opened; check that its directory exists and that the user running"
                    + " Plumbline may write there";
            case 11 -> "the file is damaged; " + START_OVER;
            case 26 -> "the file is not a SQLite database; " + START_OVER;
            case 13 -> "no space left on device (the disk holding it is full); free some space there";
            case 10 -> "the disk reported an error (" + sqliteWords(error) + ")";
            default -> sqliteWords(error);
        };
    }

    /** The extended result code when the driver gives one (its low byte is the primary code). */
    private static int resultCode(SQLException error) {
        if (error instanceof SQLiteException sqlite && sqlite.getResultCode() != null
                && sqlite.getResultCode().code >= 0) {
            return sqlite.getResultCode().code;
        }
        return error.getErrorCode();
    }

    /** SQLite's own words only, without the driver's around them: "database disk image is malformed". */
    static String ownWords(SQLException error) {
        String words = sqliteWords(error);
        int open = words.lastIndexOf('(');
        return open >= 0 && words.endsWith(")") ? words.substring(open + 1, words.length() - 1) : words;
    }

    /** SQLite's message without the driver's {@code [SQLITE_...]} prefix or a final period. */
    static String sqliteWords(SQLException error) {
        String message = error.getMessage() == null ? "" : error.getMessage().strip();
        if (message.startsWith("[") && message.indexOf(']') > 0) {
            message = message.substring(message.indexOf(']') + 1).strip();
        }
        if (message.endsWith(".")) {
            message = message.substring(0, message.length() - 1);
        }
        return message.isEmpty() ? "SQLite error " + error.getErrorCode() : message;
    }
}
