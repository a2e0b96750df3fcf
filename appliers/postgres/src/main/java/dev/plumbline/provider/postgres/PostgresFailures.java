package dev.plumbline.provider.postgres;

import dev.plumbline.problem.Reasons;
import dev.plumbline.model.Resource;
import dev.plumbline.problem.PlumblineException;
import dev.plumbline.problem.Problem;
import dev.plumbline.problem.StalledException;
import dev.plumbline.problem.TransientException;
import dev.plumbline.yaml.Durations;
import java.net.SocketTimeoutException;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * Turns PostgreSQL's errors into the loop's typed failures, each one sentence naming the object:
 * {@code cannot create database "app": role "nobody" does not exist (SQLSTATE 42704)}. The statement is
 * never part of it (one may hold a password), and neither is the driver's exception (it is not kept as a
 * cause). Reasons: {@code Unreachable} (no connection: network, authentication, server starting or
 * shutting down, too many connections; retried), {@code Timeout} (one of the {@link Timeouts} ran out: no
 * connection within the connect timeout, a lock held by another session past {@code lock_timeout}, a
 * statement past {@code statement_timeout}, no answer within the socket timeout; retried), {@code Conflict}
 * (a deadlock or serialisation failure; retried), {@code PostgresError} (the server refused the statement:
 * the input is wrong; stalled), {@code InvalidManifest} (a resource that would not validate reached the
 * provider).
 */
final class PostgresFailures {

    static final String UNREACHABLE = Reasons.UNREACHABLE;
    /** One of the {@link Timeouts} ran out; a constant {@code Reasons.TIMEOUT} is proposed for it. */
    static final String TIMEOUT = Reasons.TIMEOUT;

    private static final String LOCK_NOT_AVAILABLE = "55P03";
    private static final String QUERY_CANCELED = "57014";

    /**
     * A statement's failure that was one of the {@link Timeouts} running out, with the sentence saying which
     * ({@code another session held a lock it needs for longer than the lock timeout (lockTimeout: 10s): ...});
     * it keeps the SQLSTATE of the failure it stands for.
     */
    static final class TimedOut extends SQLException {
        TimedOut(String sentence, SQLException cause) {
            super(sentence, cause.getSQLState(), cause.getErrorCode(), cause);
        }
    }

    private PostgresFailures() {
    }

    /** A connection to {@code where} ({@code host:port/database}) that could not be opened. */
    static TransientException unreachable(SQLException e, String where, String user, Timeouts timeouts) {
        String failed = "cannot connect to PostgreSQL at " + where + " as " + user + ": ";
        if (connectTimedOut(e)) {
            return new TransientException(TIMEOUT, failed + "no connection within the connect timeout ("
                    + setting("connectTimeout", timeouts.connect()) + "): " + reason(e)
                    + "; is the server up and reachable from here?");
        }
        return new TransientException(UNREACHABLE, failed + reason(e));
    }

    /**
     * {@code e} as a {@link TimedOut} when it is one of {@code timeouts} running out on an open connection:
     * {@code lock_timeout} (SQLSTATE 55P03), {@code statement_timeout} (57014), or the socket timeout (the
     * driver's read timed out); else {@code e} itself.
     */
    static SQLException timedOut(SQLException e, Timeouts timeouts) {
        if (e instanceof TimedOut) {
            return e;
        }
        String state = state(e);
        if (state.equals(LOCK_NOT_AVAILABLE)) {
            return new TimedOut("another session held a lock it needs for longer than the lock timeout ("
                    + setting("lockTimeout", timeouts.lock()) + "): " + reason(e), e);
        }
        if (state.equals(QUERY_CANCELED)) {
            String statement = setting("statementTimeout", timeouts.statement());
            // the server's words are in its lc_messages; in another language, say both ways it may have come
            return new TimedOut(reason(e).toLowerCase(Locale.ROOT).contains("statement timeout")
                    ? "it ran for longer than the statement timeout (" + statement + "): " + reason(e)
                    : "it was cancelled, by the statement timeout (" + statement + ") or by another session: "
                            + reason(e), e);
        }
        if (cause(e, SocketTimeoutException.class)) {
            return new TimedOut("PostgreSQL did not answer within the socket timeout ("
                    + setting("socketTimeout", timeouts.socket()) + "), so the connection was given up: "
                    + reason(e), e);
        }
        return e;
    }

    /** A statement that failed while doing {@code doing} ({@code create role "app"}). */
    static PlumblineException failed(String doing, SQLException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof TimedOut timedOut) {
                return new TransientException(TIMEOUT, "cannot " + doing + ": " + timedOut.getMessage());
            }
        }
        String sentence = "cannot " + doing + ": " + reason(e);
        String state = state(e);
        if (state.startsWith("08") || state.startsWith("53") || state.startsWith("57P") || state.isEmpty()) {
            return new TransientException(UNREACHABLE, sentence);
        }
        if (state.equals("40001") || state.equals("40P01")) {
            return new TransientException(Reasons.CONFLICT, sentence);
        }
        if (state.equals(LOCK_NOT_AVAILABLE) || state.equals(QUERY_CANCELED)) {
            return new TransientException(TIMEOUT, sentence);
        }
        return new StalledException(Reasons.POSTGRES_ERROR, sentence);
    }

    /** Whether {@code e} is a failure that may pass (a lost connection, a timeout, a deadlock), not a refusal. */
    static boolean mayPass(SQLException e) {
        return failed("", e) instanceof TransientException;
    }

    /**
     * As {@link #failed(String, SQLException)}, for a statement that carried {@code secrets} (a password or its
     * verifier): should the server ever quote one back, it is masked.
     */
    static PlumblineException failed(String doing, SQLException e, String... secrets) {
        PlumblineException failure = failed(doing, e);
        String message = failure.getMessage();
        for (String secret : secrets) {
            if (!secret.isEmpty()) {
                message = message.replace(secret, dev.plumbline.model.Sensitive.MASK);
            }
        }
        if (message.equals(failure.getMessage())) {
            return failure;
        }
        return failure instanceof TransientException ? new TransientException(failure.reason(), message)
                : new StalledException(failure.reason(), message);
    }

    /** A resource whose spec cannot be read, reported at its manifest position. */
    static StalledException invalid(Resource resource, List<Problem> problems) {
        return new StalledException(Reasons.INVALID_MANIFEST, problems.isEmpty()
                ? List.of(Problem.at(resource.location(), resource.key().display() + " is not valid")) : problems);
    }

    /** The SQLSTATE of {@code e}, or of the first cause that has one; empty for none. */
    static String state(SQLException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getSQLState() != null) {
                return sql.getSQLState();
            }
        }
        return "";
    }

    /**
     * The server's own sentence (and its detail) with the SQLSTATE, or the driver's message for failures
     * before the server answered (a refused connection).
     */
    static String reason(SQLException e) {
        SQLException source = e;
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof TimedOut) {
                continue;
            }
            if (cause instanceof SQLException sql) {
                source = sql;
                if (sql instanceof PSQLException) {
                    break;
                }
            }
        }
        String text;
        ServerErrorMessage server = source instanceof PSQLException psql ? psql.getServerErrorMessage() : null;
        if (server != null && server.getMessage() != null) {
            text = server.getMessage() + (server.getDetail() == null ? "" : "; " + server.getDetail());
        } else {
            text = source.getMessage() == null ? source.getClass().getSimpleName() : source.getMessage();
        }
        String state = state(e);
        return text + (state.isEmpty() ? "" : " (SQLSTATE " + state + ")");
    }

    /**
     * Whether a connection could not be had in time: the driver's connect or login timed out, or the pool
     * had none to give within the connect timeout (without a refusal or another failure behind it).
     */
    private static boolean connectTimedOut(SQLException e) {
        if (cause(e, SocketTimeoutException.class) || cause(e, SQLTimeoutException.class)) {
            return true;
        }
        if (e instanceof SQLTransientConnectionException && e.getCause() == null) {
            return true;
        }
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        // the driver's "Connection attempt timed out." has no type of its own
        return root.getMessage() != null && root.getMessage().toLowerCase(Locale.ROOT).contains("timed out");
    }

    private static boolean cause(Throwable e, Class<? extends Throwable> type) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }

    /** A setting as messages name it: {@code lockTimeout: 10s}. */
    private static String setting(String name, Duration value) {
        return name + ": " + Durations.format(value);
    }
}
