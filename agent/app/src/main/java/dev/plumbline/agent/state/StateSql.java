package dev.plumbline.agent.state;

/**
 * Every statement of the JDBC state stores, in one place. They keep to the SQL that SQLite (3.35 and
 * later) and PostgreSQL share: {@code INSERT ... ON CONFLICT (...) DO UPDATE} for upserts, {@code RETURNING}
 * for generated ids. Parameters are bound by {@link JdbcStateStore} in the order the columns are named.
 */
final class StateSql {

    private static final String KEY_COLUMNS = "stack, provider, grp, kind, namespace, name";

    static final String UPSERT_INVENTORY = "INSERT INTO inventory (" + KEY_COLUMNS
            + ", hash, revision, pending, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            + " ON CONFLICT (" + KEY_COLUMNS + ") DO UPDATE SET hash = excluded.hash,"
            + " revision = excluded.revision, pending = excluded.pending, updated_at = excluded.updated_at";
    static final String DELETE_INVENTORY = "DELETE FROM inventory WHERE stack = ? AND provider = ?"
            + " AND grp = ? AND kind = ? AND namespace = ? AND name = ?";
    static final String SELECT_INVENTORY = "SELECT provider, grp, kind, namespace, name, hash, revision,"
            + " pending FROM inventory WHERE stack = ?";

    private static final String STATUS_COLUMNS = "stack, last_attempted_revision, last_attempted_at,"
            + " last_applied_revision, last_applied_at, condition, reason, message, drifted, updated_at";
    static final String UPSERT_STATUS = "INSERT INTO stack_status (" + STATUS_COLUMNS + ")"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (stack) DO UPDATE SET"
            + " last_attempted_revision = excluded.last_attempted_revision,"
            + " last_attempted_at = excluded.last_attempted_at,"
            + " last_applied_revision = excluded.last_applied_revision, last_applied_at = excluded.last_applied_at,"
            + " condition = excluded.condition, reason = excluded.reason, message = excluded.message,"
            + " drifted = excluded.drifted, updated_at = excluded.updated_at";
    static final String SELECT_STATUS = "SELECT " + STATUS_COLUMNS + " FROM stack_status WHERE stack = ?";

    static final String INSERT_RUN = "INSERT INTO runs (stack, revision, trigger, trigger_detail,"
            + " started_at) VALUES (?, ?, ?, ?, ?) RETURNING id";
    static final String FINISH_RUN = "UPDATE runs SET revision = COALESCE(?, revision), result = ?,"
            + " reason = ?, message = ?, created = ?, updated = ?, deleted = ?, unchanged = ?, finished_at = ?"
            + " WHERE id = ?";
    static final String SELECT_RUNS = "SELECT id, stack, revision, trigger, trigger_detail, started_at,"
            + " finished_at, result, reason, message, created, updated, deleted, unchanged"
            + " FROM runs WHERE stack = ? ORDER BY id DESC LIMIT ?";

    /** Takes the lease when free, expired, or already the caller's; changes no row otherwise. */
    static final String TAKE_LEASE = "INSERT INTO locks (stack, owner, expires_at) VALUES (?, ?, ?)"
            + " ON CONFLICT (stack) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at"
            + " WHERE locks.owner = excluded.owner OR locks.expires_at <= ?";
    static final String RELEASE_LEASE = "DELETE FROM locks WHERE stack = ? AND owner = ?";

    private StateSql() {
    }
}
