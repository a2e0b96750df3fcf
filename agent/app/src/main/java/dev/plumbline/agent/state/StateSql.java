package dev.plumbline.agent.state;

/**
 * Every statement of the JDBC state stores, in one place. They keep to the SQL that SQLite (3.35 and
 * later) and PostgreSQL share: {@code INSERT ... ON CONFLICT (...) DO UPDATE} for upserts, {@code RETURNING}
 * for generated ids. Parameters are bound by {@link JdbcStateStore} in the order the columns are named.
 */
final class StateSql {

    private static final String KEY_COLUMNS = "stack, provider, grp, kind, namespace, name";

    private static final String INSERT_INVENTORY = "INSERT INTO inventory (" + KEY_COLUMNS
            + ", hash, revision, pending, prune_disabled, updated_at)";
    private static final String ON_INVENTORY_CONFLICT = " ON CONFLICT (" + KEY_COLUMNS + ") DO UPDATE SET"
            + " hash = excluded.hash, revision = excluded.revision, pending = excluded.pending,"
            + " prune_disabled = excluded.prune_disabled,"
            + " updated_at = excluded.updated_at";
    static final String UPSERT_INVENTORY = INSERT_INVENTORY + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            + ON_INVENTORY_CONFLICT;
    static final String DELETE_INVENTORY = "DELETE FROM inventory WHERE stack = ? AND provider = ?"
            + " AND grp = ? AND kind = ? AND namespace = ? AND name = ?";
    static final String SELECT_INVENTORY = "SELECT provider, grp, kind, namespace, name, hash, revision,"
            + " pending, prune_disabled FROM inventory WHERE stack = ?";
    /** The version of a stack's inventory, which every change of its rows raises (migration V7). */
    static final String SELECT_INVENTORY_VERSION = "SELECT version FROM inventory_versions WHERE stack = ?";

    private static final String STATUS_COLUMNS = "stack, last_attempted_revision, last_attempted_at,"
            + " last_applied_revision, last_applied_at, condition, reason, message, drifted, updated_at, health,"
            + " health_message";
    private static final String INSERT_STATUS = "INSERT INTO stack_status (" + STATUS_COLUMNS + ")";
    private static final String ON_STATUS_CONFLICT = " ON CONFLICT (stack) DO UPDATE SET"
            + " last_attempted_revision = excluded.last_attempted_revision,"
            + " last_attempted_at = excluded.last_attempted_at,"
            + " last_applied_revision = excluded.last_applied_revision, last_applied_at = excluded.last_applied_at,"
            + " condition = excluded.condition, reason = excluded.reason, message = excluded.message,"
            + " drifted = excluded.drifted, updated_at = excluded.updated_at, health = excluded.health,"
            + " health_message = excluded.health_message";
    static final String UPSERT_STATUS = INSERT_STATUS + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            + ON_STATUS_CONFLICT;
    static final String SELECT_STATUS = "SELECT " + STATUS_COLUMNS + " FROM stack_status WHERE stack = ?";

    private static final String INSERT_RUN_COLUMNS = "INSERT INTO runs (stack, revision, trigger, trigger_detail,"
            + " started_at)";
    static final String INSERT_RUN = INSERT_RUN_COLUMNS + " VALUES (?, ?, ?, ?, ?) RETURNING id";
    static final String FINISH_RUN = "UPDATE runs SET revision = COALESCE(?, revision), result = ?,"
            + " reason = ?, message = ?, created = ?, updated = ?, deleted = ?, unchanged = ?, finished_at = ?"
            + " WHERE id = ?";
    static final String SELECT_RUNS = "SELECT id, stack, revision, trigger, trigger_detail, started_at,"
            + " finished_at, result, reason, message, created, updated, deleted, unchanged"
            + " FROM runs WHERE stack = ? ORDER BY id DESC LIMIT ?";

    // leases (JdbcLeases): a row per stack, kept once made so that its token only grows; the holder's
    // columns are NULL while the lease is free

    private static final String LEASE_COLUMNS = "token, role, host, pid, process_start, instance, since, expires_at";
    static final String SELECT_LEASE = "SELECT " + LEASE_COLUMNS + " FROM leases WHERE stack = ?";
    /** The stack's first lease, with token 1; changes no row when the stack had one before. */
    static final String INSERT_LEASE = "INSERT INTO leases (stack, " + LEASE_COLUMNS + ")"
            + " VALUES (?, 1, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (stack) DO NOTHING";
    /**
     * Takes the lease with the next token if the row is still as it was read (token, holder, expiry), a
     * compare-and-set; changes no row when another process got in between.
     */
    static final String TAKE_LEASE = "UPDATE leases SET token = token + 1, role = ?, host = ?, pid = ?,"
            + " process_start = ?, instance = ?, since = ?, expires_at = ?"
            + " WHERE stack = ? AND token = ? AND COALESCE(instance, '') = ? AND COALESCE(expires_at, 0) = ?";
    static final String RENEW_LEASE = "UPDATE leases SET expires_at = ?"
            + " WHERE stack = ? AND token = ? AND instance IS NOT NULL";
    /** Lets go of the lease with this token if it is still held (released or broken); the token stays. */
    static final String FREE_LEASE = "UPDATE leases SET role = NULL, host = NULL, pid = NULL, process_start = NULL,"
            + " instance = NULL, since = NULL, expires_at = NULL"
            + " WHERE stack = ? AND token = ? AND instance IS NOT NULL";

    /**
     * Whether the lease with a token is held (parameters: stack, token): the condition of every write of a
     * run under a lease, checked in the same statement as the write.
     */
    private static final String HELD = "EXISTS (SELECT 1 FROM leases WHERE leases.stack = ? AND leases.token = ?"
            + " AND leases.instance IS NOT NULL)";
    static final String FENCED_UPSERT_INVENTORY = INSERT_INVENTORY + " SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?"
            + " WHERE " + HELD + ON_INVENTORY_CONFLICT;
    static final String FENCED_DELETE_INVENTORY = DELETE_INVENTORY + " AND " + HELD;
    static final String FENCED_UPSERT_STATUS = INSERT_STATUS + " SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?"
            + " WHERE " + HELD + ON_STATUS_CONFLICT;
    static final String FENCED_INSERT_RUN = INSERT_RUN_COLUMNS + " SELECT ?, ?, ?, ?, ? WHERE " + HELD
            + " RETURNING id";
    static final String FENCED_FINISH_RUN = FINISH_RUN + " AND " + HELD;

    private StateSql() {
    }
}
