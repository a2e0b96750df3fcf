package dev.plumbline.provider.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * One connection to one database of the server, borrowed from the pool for one observe or one batch of an
 * apply. Queries take their values as parameters; a collection is sent as a {@code text[]}. A query that
 * looks names up among many compares them as {@code name[]} ({@code rolname = ANY(?::name[])}): PostgreSQL
 * hashes the array for {@code name = name}, but compares {@code name = text} with every element for every
 * row, which would make reading a stack's roles grow with the square of their number. Statements PostgreSQL
 * cannot parameterise (DDL) are built by the callers with {@link Quoting} and are never logged, since one of
 * them may set a password. A statement that hit one of the {@link Timeouts} fails with a
 * {@link PostgresFailures.TimedOut} saying which.
 */
final class Session implements AutoCloseable {

    /** Reads one row. */
    @FunctionalInterface
    interface RowReader<T> {
        T read(ResultSet row) throws SQLException;
    }

    /** Work done inside a transaction. */
    @FunctionalInterface
    interface Work {
        void run() throws SQLException;
    }

    private final Connection connection;
    private final String database;
    private final Timeouts timeouts;

    Session(Connection connection, String database, Timeouts timeouts) {
        this.connection = connection;
        this.database = database;
        this.timeouts = timeouts;
    }

    String database() {
        return database;
    }

    /** Runs one statement without parameters (DDL). */
    void execute(String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw timedOut(e);
        }
    }

    /**
     * Runs statements without parameters (DDL) in one round trip, in order; the first that fails stops the
     * rest. The failure names no statement (the driver's own message for a batch quotes one, which may set a
     * password): callers take PostgreSQL's sentence from it ({@link PostgresFailures#reason}), and to know
     * which statement failed they run them again one by one.
     */
    void executeAll(List<String> sqls) throws SQLException {
        if (sqls.size() == 1) {
            execute(sqls.get(0));
            return;
        }
        try (Statement statement = connection.createStatement()) {
            for (String sql : sqls) {
                statement.addBatch(sql);
            }
            statement.executeBatch();
        } catch (SQLException e) {
            throw timedOut(e);
        }
    }

    /** Runs one statement with parameters once per entry of {@code rows}, in one round trip. */
    void updateAll(String sql, List<List<Object>> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (List<Object> row : rows) {
                bind(statement, row.toArray());
                statement.addBatch();
            }
            statement.executeBatch();
        } catch (SQLException e) {
            throw timedOut(e);
        }
    }

    /** Runs one statement with parameters; returns the number of rows it changed. */
    int update(String sql, Object... parameters) throws SQLException {
        try (PreparedStatement statement = prepare(sql, parameters)) {
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw timedOut(e);
        }
    }

    <T> List<T> query(String sql, RowReader<T> reader, Object... parameters) throws SQLException {
        try (PreparedStatement statement = prepare(sql, parameters); ResultSet rows = statement.executeQuery()) {
            List<T> result = new ArrayList<>();
            while (rows.next()) {
                result.add(reader.read(rows));
            }
            return result;
        } catch (SQLException e) {
            throw timedOut(e);
        }
    }

    <T> Optional<T> queryOne(String sql, RowReader<T> reader, Object... parameters) throws SQLException {
        return query(sql, reader, parameters).stream().findFirst();
    }

    /** Runs {@code work} in one transaction: all of it, or (on any failure) none of it. */
    void inTransaction(Work work) throws SQLException {
        try {
            connection.setAutoCommit(false);
            try {
                work.run();
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                undo(e);
                throw e;
            }
            connection.setAutoCommit(true);
        } catch (SQLException e) {
            throw timedOut(e);
        }
    }

    /** Rolls back after {@code failure} and turns autocommit on again; what fails doing so is added to it. */
    private void undo(Exception failure) {
        try {
            connection.rollback();
            connection.setAutoCommit(true);
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
    }

    /** {@code e}, or the {@link PostgresFailures.TimedOut} it is when it hit one of the timeouts. */
    private SQLException timedOut(SQLException e) {
        return PostgresFailures.timedOut(e, timeouts);
    }

    private PreparedStatement prepare(String sql, Object... parameters) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        try {
            bind(statement, parameters);
            return statement;
        } catch (SQLException e) {
            statement.close();
            throw e;
        }
    }

    /** Sets the parameters: a collection as a {@code text[]}, an instant in UTC. */
    private void bind(PreparedStatement statement, Object... parameters) throws SQLException {
        for (int i = 0; i < parameters.length; i++) {
            Object value = parameters[i];
            if (value instanceof Collection<?> items) {
                statement.setArray(i + 1, connection.createArrayOf("text", items.toArray()));
            } else if (value instanceof Instant instant) {
                statement.setObject(i + 1, instant.atOffset(ZoneOffset.UTC));
            } else {
                statement.setObject(i + 1, value);
            }
        }
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            // a connection that cannot be given back is dropped by the pool
        }
    }
}
