package dev.plumbline.agent.state;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * How a {@link JdbcStateStore} runs its calls. Each runs on a connection of its own from a
 * {@link ConnectionPool}, so that reads go on in parallel and a slow call holds up no other. Writes of this
 * process take turns on a fair lock: the database lets one writer in at a time anyway, and queueing here
 * keeps them in order instead of leaving them to poll the database's own lock until its busy timeout,
 * which is then only for writers of other processes. A driver's error becomes the store's failure, in a
 * sentence ({@link JdbcStateStore#failure}).
 */
final class JdbcCalls {

    /** What a call does on its connection. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private final ConnectionPool connections;
    private final String database;
    private final Function<SQLException, String> explain;
    private final Lock writing = new ReentrantLock(true);

    /** {@code database} names it in messages; {@code explain} says what a driver error means, in words. */
    JdbcCalls(ConnectionPool connections, String database, Function<SQLException, String> explain) {
        this.connections = Objects.requireNonNull(connections, "connections");
        this.database = Objects.requireNonNull(database, "database");
        this.explain = Objects.requireNonNull(explain, "explain");
    }

    /** Runs {@code work}, which only reads; {@code doing} says what for, in messages. */
    <T> T read(String doing, Work<T> work) {
        return call(doing, work);
    }

    /** Runs {@code work}, which writes in one statement, after the writes of this process before it. */
    <T> T write(String doing, Work<T> work) {
        writing.lock();
        try {
            return call(doing, work);
        } finally {
            writing.unlock();
        }
    }

    /** As {@link #write}, for work of several statements: they commit together or not at all. */
    <T> T transaction(String doing, Work<T> work) {
        return write(doing, connection -> {
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                try {
                    connection.rollback();
                } catch (SQLException undone) {
                    e.addSuppressed(undone);
                }
                throw e;
            } finally {
                try {
                    connection.setAutoCommit(true);
                } catch (SQLException ignored) {
                    // then it is not reusable, and the pool closes it rather than lend it again
                }
            }
        });
    }

    /** Waits for the calls under way to finish, then closes every connection; closing again does nothing. */
    void close() {
        try {
            connections.close();
        } catch (SQLException e) {
            throw JdbcStateStore.failure("close the state database " + database, explain.apply(e), e);
        }
    }

    /** Runs {@code work} on a connection lent to it alone. */
    private <T> T call(String doing, Work<T> work) {
        Connection connection;
        try {
            connection = connections.take();
        } catch (SQLException e) {
            throw failure(doing, e);
        }
        try {
            return work.run(connection);
        } catch (SQLException e) {
            throw failure(doing, e);
        } finally {
            connections.give(connection, reusable(connection));
        }
    }

    private RuntimeException failure(String doing, SQLException e) {
        return JdbcStateStore.failure(doing + " in the state database " + database, explain.apply(e), e);
    }

    /** Whether a connection is as a call expects to find it: open, outside any transaction. */
    private static boolean reusable(Connection connection) {
        try {
            return !connection.isClosed() && connection.getAutoCommit();
        } catch (SQLException e) {
            return false;
        }
    }
}
