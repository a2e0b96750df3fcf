package dev.plumbline.agent.state;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteOpenMode;

/**
 * One state database file, opened read-only by SQLite on one connection: its tables, its Flyway history,
 * its store id, SQLite's integrity and foreign key checks, row counts, and a consistent copy
 * ({@code VACUUM INTO}) taken while other processes go on writing. It never writes to the file, never
 * creates it (a missing file fails to open), and holds no lock beyond the read it is doing.
 */
final class StateFile implements AutoCloseable {

    /** How many lines of SQLite's integrity check a report keeps. */
    static final int MAX_INTEGRITY_LINES = 20;

    private final Path file;
    private final Connection connection;

    private StateFile(Path file, Connection connection) {
        this.file = file;
        this.connection = connection;
    }

    /** Opens {@code file} read-only; SQLite's error when it cannot (the file is only read when queried). */
    static StateFile open(Path file) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        config.setOpenMode(SQLiteOpenMode.READONLY);
        config.setBusyTimeout((int) SqliteStateStore.BUSY_TIMEOUT.toMillis());
        return new StateFile(file, config.createConnection("jdbc:sqlite:" + file));
    }

    Path file() {
        return file;
    }

    /** The names of the tables, SQLite's own ({@code sqlite_*}) left out. */
    List<String> tables() throws SQLException {
        List<String> names = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table'"
                     + " AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name")) {
            while (rows.next()) {
                names.add(rows.getString(1));
            }
        }
        return names;
    }

    List<StateSchema.Migration> history() throws SQLException {
        return StateSchema.history(connection);
    }

    Optional<String> storeId() throws SQLException {
        return StoreId.read(connection);
    }

    /** What {@code PRAGMA integrity_check} finds, at most {@link #MAX_INTEGRITY_LINES} lines; empty when sound. */
    List<String> integrityProblems() throws SQLException {
        List<String> problems = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("PRAGMA integrity_check(" + MAX_INTEGRITY_LINES + ")")) {
            while (rows.next()) {
                String line = rows.getString(1);
                if (!"ok".equalsIgnoreCase(line)) {
                    problems.add(line);
                }
            }
        }
        return problems;
    }

    /** What {@code PRAGMA foreign_key_check} finds, one sentence per row that refers to a missing one. */
    List<String> foreignKeyProblems() throws SQLException {
        List<String> problems = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("PRAGMA foreign_key_check")) {
            while (rows.next()) {
                problems.add("row " + rows.getLong(2) + " of table " + rows.getString(1)
                        + " refers to a row of " + rows.getString(3) + " that does not exist");
            }
        }
        return problems;
    }

    /** The number of rows of {@code table} (a name from {@link #tables()}), optionally under a condition. */
    long count(String table, String where) throws SQLException {
        if (!table.matches("[a-z_]+")) {
            throw new IllegalArgumentException("not a table name: " + table);
        }
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT count(*) FROM " + table
                     + (where == null ? "" : " WHERE " + where))) {
            return rows.next() ? rows.getLong(1) : 0;
        }
    }

    /**
     * Writes a consistent copy of the database to {@code target}, which must not exist: SQLite's
     * {@code VACUUM INTO}, one read transaction, so writers of other processes go on meanwhile and none of
     * their half-done work is in the copy. The copy is a single file (no write-ahead log beside it).
     */
    void copyTo(Path target) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("VACUUM INTO ?")) {
            statement.setString(1, target.toString());
            statement.execute();
        }
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
