package dev.plumbline.provider.postgres;

import dev.plumbline.yaml.Durations;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How long the provider waits for PostgreSQL, so that no observe or apply hangs for ever:
 * <ul>
 * <li>{@code connect}: for a new connection (TCP, TLS, authentication) and for a free one of the pool;
 * <li>{@code lock}: PostgreSQL's {@code lock_timeout}, for a lock another session holds (a role, a table);
 * <li>{@code statement}: PostgreSQL's {@code statement_timeout}, for any one statement, lock waits included;
 * <li>{@code socket}: for any answer on an open connection (a server or network gone silent). It is longer
 *     than {@code statement}, so that the server cancels a slow statement itself, and says so, first.
 * </ul>
 * Each is a provider setting of the same name with {@code Timeout} appended ({@code lockTimeout: 5s}).
 */
public record Timeouts(Duration connect, Duration lock, Duration statement, Duration socket) {

    public static final Duration DEFAULT_CONNECT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_LOCK = Duration.ofSeconds(10);
    public static final Duration DEFAULT_STATEMENT = Duration.ofSeconds(60);
    /** How much longer than {@code statement} the socket timeout is when it is not set. */
    public static final Duration SOCKET_MARGIN = Duration.ofSeconds(10);

    /**
     * @throws IllegalArgumentException when one is not positive, or {@code socket} is not longer than
     *     {@code statement}
     */
    public Timeouts {
        positive(Objects.requireNonNull(connect, "connect"), "connectTimeout");
        positive(Objects.requireNonNull(lock, "lock"), "lockTimeout");
        positive(Objects.requireNonNull(statement, "statement"), "statementTimeout");
        positive(Objects.requireNonNull(socket, "socket"), "socketTimeout");
        if (socket.compareTo(statement) <= 0) {
            throw new IllegalArgumentException("socketTimeout (" + Durations.format(socket)
                    + ") must be longer than statementTimeout (" + Durations.format(statement)
                    + "), so that PostgreSQL cancels a slow statement before the connection is given up");
        }
    }

    /** 10s to connect, 10s for a lock, 60s for a statement, 70s for an answer. */
    public static Timeouts defaults() {
        return of(DEFAULT_CONNECT, DEFAULT_LOCK, DEFAULT_STATEMENT, Optional.empty());
    }

    /** The given timeouts; without {@code socket}, {@link #SOCKET_MARGIN} longer than {@code statement}. */
    public static Timeouts of(Duration connect, Duration lock, Duration statement, Optional<Duration> socket) {
        return new Timeouts(connect, lock, statement, socket.orElseGet(() -> statement.plus(SOCKET_MARGIN)));
    }

    /** These timeouts with another connect timeout. */
    public Timeouts withConnect(Duration other) {
        return new Timeouts(other, lock, statement, socket);
    }

    /** The {@code SELECT} that sets {@code lock_timeout} and {@code statement_timeout} for a session. */
    String sessionSql() {
        return "SELECT set_config('lock_timeout', '" + lock.toMillis() + "ms', false),"
                + " set_config('statement_timeout', '" + statement.toMillis() + "ms', false)";
    }

    /** The driver's {@code connectTimeout} and {@code socketTimeout}: whole seconds, rounded up. */
    static long seconds(Duration duration) {
        return Math.max(1, (duration.toMillis() + 999) / 1000);
    }

    private static void positive(Duration duration, String name) {
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(name + " must be longer than zero");
        }
    }
}
