package dev.plumbline.agent.state;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Semaphore;

/**
 * A few JDBC connections to one database, each lent to one caller at a time, so that no two threads ever
 * use the same connection. A caller takes an idle connection, or a new one while fewer than {@code size}
 * are open, or waits for one to come back; it gives it back when done. Connections stay open until the
 * pool closes, which waits for those lent out and then closes every one. No threads and no logging of its
 * own: a failure is the driver's own {@link SQLException}, for the store to explain.
 */
final class ConnectionPool {

    /** Opens one connection with every setting it needs. */
    @FunctionalInterface
    interface Opener {
        Connection open() throws SQLException;
    }

    private final Opener opener;
    private final int size;
    private final String name;
    private final Semaphore lendable;
    private final Deque<Connection> idle = new ArrayDeque<>(); // guarded by this
    private boolean closed; // guarded by this

    /** {@code name} says what the connections are for, in the message of a call after closing. */
    ConnectionPool(Opener opener, int size, String name) {
        if (size < 1) {
            throw new IllegalArgumentException("a pool holds at least one connection, not " + size);
        }
        this.opener = Objects.requireNonNull(opener, "opener");
        this.size = size;
        this.name = Objects.requireNonNull(name, "name");
        this.lendable = new Semaphore(size, true);
    }

    /**
     * A connection for the caller alone until it {@linkplain #give gives it back}; the most recently used
     * idle one, so that a quiet store keeps using one connection.
     *
     * @throws IllegalStateException once the pool is closed
     */
    Connection take() throws SQLException {
        refuseIfClosed();
        lendable.acquireUninterruptibly();
        Connection connection;
        synchronized (this) {
            if (closed) {
                lendable.release();
                refuseIfClosed();
            }
            connection = idle.pollFirst();
        }
        if (connection != null) {
            return connection;
        }
        try {
            return opener.open();
        } catch (SQLException | RuntimeException e) {
            lendable.release();
            throw e;
        }
    }

    private synchronized void refuseIfClosed() {
        if (closed) {
            throw new IllegalStateException(name + " is closed");
        }
    }

    /** Gives back a connection {@link #take} lent; one that is not {@code reusable} is closed instead. */
    void give(Connection connection, boolean reusable) {
        if (reusable) {
            synchronized (this) {
                idle.addFirst(connection);
            }
        } else {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // it was not reusable anyway; the call that broke it reported why
            }
        }
        lendable.release();
    }

    /**
     * Refuses new callers, waits for the connections lent out to come back, and closes every connection;
     * the first failure to close one is thrown once all were tried. Closing again does nothing.
     */
    void close() throws SQLException {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        lendable.acquireUninterruptibly(size);
        List<Connection> open;
        synchronized (this) {
            open = new ArrayList<>(idle);
            idle.clear();
        }
        lendable.release(size); // callers still waiting wake up and are refused
        SQLException failure = null;
        for (Connection connection : open) {
            try {
                connection.close();
            } catch (SQLException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
