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
 * One connection to one database of the server, borrowed from the pool for one observe or one apply.
 * Queries take their values as parameters; statements PostgreSQL cannot parameterise (DDL) are built by
 * the callers with {@link Quoting} and are never logged, since one of them may set a password.
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

    Session(Connection connection, String database) {
        this.connection = connection;
        this.database = database;
    }

    String database() {
        return database;
    }

    /** Runs one statement without parameters (DDL). */
    void execute(String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /** Runs one statement with parameters; returns the number of rows it changed. */
    int update(String sql, Object... parameters) throws SQLException {
        try (PreparedStatement statement = prepare(sql, parameters)) {
            return statement.executeUpdate();
        }
    }

    <T> List<T> query(String sql, RowReader<T> reader, Object... parameters) throws SQLException {
        try (PreparedStatement statement = prepare(sql, parameters); ResultSet rows = statement.executeQuery()) {
            List<T> result = new ArrayList<>();
            while (rows.next()) {
                result.add(reader.read(rows));
            }
            return result;
        }
    }

    <T> Optional<T> queryOne(String sql, RowReader<T> reader, Object... parameters) throws SQLException {
        return query(sql, reader, parameters).stream().findFirst();
    }

    /** Runs {@code work} in one transaction: all of it, or (on any failure) none of it. */
    void inTransaction(Work work) throws SQLException {
        connection.setAutoCommit(false);
        try {
            work.run();
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            try {
                connection.rollback();
            } catch (SQLException rollback) {
                e.addSuppressed(rollback);
            }
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
    }

    private PreparedStatement prepare(String sql, Object... parameters) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        try {
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
            return statement;
        } catch (SQLException e) {
            statement.close();
            throw e;
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
