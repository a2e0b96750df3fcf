package dev.plumbline.provider.postgres;

import dev.plumbline.problem.Reasons;
import dev.plumbline.problem.StalledException;
import java.sql.SQLException;
import java.util.function.Function;

/**
 * Reaches the database an object lives in: the admin session for roles, databases and database grants
 * (named by {@code ""}), a session of its own on the object's database for the rest. A database that does
 * not exist is checked for first, since the pool would otherwise wait out its connection timeout on it.
 */
final class Targets {

    private Targets() {
    }

    /** Runs {@code work} with a session on {@code database}; {@code doing} names the work in failures. */
    static <T> T on(Cluster cluster, Session admin, String database, String doing, Function<Session, T> work) {
        if (database.isEmpty() || database.equals(admin.database())) {
            return work.apply(admin);
        }
        boolean exists;
        try {
            exists = exists(admin, database);
        } catch (SQLException e) {
            throw PostgresFailures.failed(doing, e);
        }
        if (!exists) {
            throw new StalledException(Reasons.POSTGRES_ERROR, "cannot " + doing + ": database \"" + database
                    + "\" does not exist; create it first (a Database of the same stack is created before"
                    + " what lives in it)");
        }
        try (Session session = cluster.open(database)) {
            return work.apply(session);
        }
    }

    /** Whether {@code database} exists; {@code ""} (the shared catalog) always does. */
    static boolean exists(Session admin, String database) throws SQLException {
        return database.isEmpty() || admin.queryOne("SELECT 1 FROM pg_database WHERE datname = ?",
                rs -> true, database).isPresent();
    }
}
