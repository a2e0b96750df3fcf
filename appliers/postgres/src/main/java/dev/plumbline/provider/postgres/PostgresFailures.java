package dev.plumbline.provider.postgres;

import dev.plumbline.problem.Reasons;
import dev.plumbline.model.Resource;
import dev.plumbline.problem.PlumblineException;
import dev.plumbline.problem.Problem;
import dev.plumbline.problem.StalledException;
import dev.plumbline.problem.TransientException;
import java.sql.SQLException;
import java.util.List;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * Turns PostgreSQL's errors into the loop's typed failures, each one sentence naming the object:
 * {@code cannot create database "app": role "nobody" does not exist (SQLSTATE 42704)}. The statement is
 * never part of it (one may hold a password), and neither is the driver's exception (it is not kept as a
 * cause). Reasons: {@code Unreachable} (no connection: network, authentication, server starting or
 * shutting down, too many connections; retried), {@code Conflict} (a deadlock, serialisation failure or
 * lock timeout; retried), {@code PostgresError} (the server refused the statement: the input is wrong;
 * stalled), {@code InvalidManifest} (a resource that would not validate reached the provider).
 */
final class PostgresFailures {

    static final String UNREACHABLE = "Unreachable";

    private PostgresFailures() {
    }

    /** A connection to {@code where} ({@code host:port/database}) that could not be opened. */
    static TransientException unreachable(SQLException e, String where, String user) {
        return new TransientException(UNREACHABLE, "cannot connect to PostgreSQL at " + where + " as " + user + ": "
                + reason(e));
    }

    /** A statement that failed while doing {@code doing} ({@code create role "app"}). */
    static PlumblineException failed(String doing, SQLException e) {
        String sentence = "cannot " + doing + ": " + reason(e);
        String state = state(e);
        if (state.startsWith("08") || state.startsWith("53") || state.startsWith("57P") || state.isEmpty()) {
            return new TransientException(UNREACHABLE, sentence);
        }
        if (state.equals("40001") || state.equals("40P01") || state.equals("55P03")) {
            return new TransientException(Reasons.CONFLICT, sentence);
        }
        return new StalledException(Reasons.POSTGRES_ERROR, sentence);
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
}
