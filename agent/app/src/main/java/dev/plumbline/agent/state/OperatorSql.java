package dev.plumbline.agent.state;

/**
 * The statements of the operator tables ({@code stack_control}, {@code audit}, {@code webhook_deliveries}),
 * in the SQL that SQLite and PostgreSQL share, like {@link StateSql}.
 */
final class OperatorSql {

    static final String SELECT_CONTROL = "SELECT paused, pinned_revision, last_request, last_handled_request"
            + " FROM stack_control WHERE stack = ?";
    static final String SET_PAUSED = "INSERT INTO stack_control (stack, paused, updated_at) VALUES (?, ?, ?)"
            + " ON CONFLICT (stack) DO UPDATE SET paused = excluded.paused, updated_at = excluded.updated_at";
    static final String SET_PINNED = "INSERT INTO stack_control (stack, pinned_revision, updated_at) VALUES (?, ?, ?)"
            + " ON CONFLICT (stack) DO UPDATE SET pinned_revision = excluded.pinned_revision,"
            + " updated_at = excluded.updated_at";
    static final String SET_REQUESTED = "INSERT INTO stack_control (stack, last_request, updated_at) VALUES (?, ?, ?)"
            + " ON CONFLICT (stack) DO UPDATE SET last_request = excluded.last_request,"
            + " updated_at = excluded.updated_at";
    /** The handled request only moves forward: a late run never takes it back. */
    static final String SET_HANDLED = "INSERT INTO stack_control (stack, last_handled_request, updated_at)"
            + " VALUES (?, ?, ?) ON CONFLICT (stack) DO UPDATE SET last_handled_request = CASE"
            + " WHEN stack_control.last_handled_request IS NULL"
            + " OR stack_control.last_handled_request < excluded.last_handled_request"
            + " THEN excluded.last_handled_request ELSE stack_control.last_handled_request END,"
            + " updated_at = excluded.updated_at";

    static final String INSERT_AUDIT = "INSERT INTO audit (at, actor, action, target, status, result)"
            + " VALUES (?, ?, ?, ?, ?, ?)";
    static final String SELECT_AUDIT = "SELECT id, at, actor, action, target, status, result FROM audit"
            + " ORDER BY id DESC LIMIT ?";

    static final String INSERT_DELIVERY = "INSERT INTO webhook_deliveries (source, delivery_id, received_at, host,"
            + " ref, revision, result) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (source, delivery_id) DO NOTHING";
    static final String SELECT_DELIVERIES = "SELECT source, delivery_id, received_at, host, ref, revision, result"
            + " FROM webhook_deliveries WHERE source = ? ORDER BY received_at DESC, delivery_id LIMIT ?";

    private OperatorSql() {
    }
}
