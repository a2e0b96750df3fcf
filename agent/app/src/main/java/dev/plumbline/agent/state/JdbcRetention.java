package dev.plumbline.agent.state;

import dev.plumbline.config.AdminConfig;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@link Pruning} over the tables of a {@link JdbcStateStore}, in the SQL SQLite and PostgreSQL share. By age:
 * audit entries by {@code at}, runs by {@code started_at} (finished runs only), deliveries by
 * {@code received_at}. By count: the oldest beyond the newest {@code maxEntries} (runs: per stack). Every
 * delete takes at most {@link #BATCH} rows, oldest first, and is a write of its own, so that a run waiting to
 * write waits for one batch at most, and a prune cut short leaves the oldest gone first.
 */
final class JdbcRetention implements Pruning {

    /** How many rows one delete takes at most. */
    static final int BATCH = 1000;

    private static final String AUDIT_OLDER = "DELETE FROM audit WHERE id IN (SELECT id FROM audit WHERE at < ?"
            + " ORDER BY id LIMIT ?)";
    private static final String AUDIT_COUNT = "SELECT COUNT(*) FROM audit";
    private static final String AUDIT_OLDEST = "DELETE FROM audit WHERE id IN (SELECT id FROM audit ORDER BY id"
            + " LIMIT ?)";

    private static final String RUNS_OLDER = "DELETE FROM runs WHERE id IN (SELECT id FROM runs WHERE started_at < ?"
            + " AND finished_at IS NOT NULL ORDER BY id LIMIT ?)";
    private static final String RUNS_OVER = "SELECT stack, COUNT(*) FROM runs GROUP BY stack HAVING COUNT(*) > ?";
    private static final String RUNS_OLDEST = "DELETE FROM runs WHERE id IN (SELECT id FROM runs WHERE stack = ?"
            + " ORDER BY id LIMIT ?)";

    private static final String DELIVERY_KEYS = "SELECT source, delivery_id FROM webhook_deliveries";
    private static final String DELIVERIES_OLDER = "DELETE FROM webhook_deliveries WHERE (source, delivery_id) IN ("
            + DELIVERY_KEYS + " WHERE received_at < ? ORDER BY received_at, source, delivery_id LIMIT ?)";
    private static final String DELIVERIES_COUNT = "SELECT COUNT(*) FROM webhook_deliveries";
    private static final String DELIVERIES_OLDEST = "DELETE FROM webhook_deliveries WHERE (source, delivery_id) IN ("
            + DELIVERY_KEYS + " ORDER BY received_at, source, delivery_id LIMIT ?)";

    private final JdbcCalls calls;
    private final Clock clock;

    JdbcRetention(JdbcCalls calls, Clock clock) {
        this.calls = Objects.requireNonNull(calls, "calls");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public Pruned prune(AdminConfig.Retention retention) {
        long audit = olderThan("prune the audit log", AUDIT_OLDER, retention.audit().maxAge())
                + beyond("prune the audit log", AUDIT_COUNT, AUDIT_OLDEST, retention.audit().maxEntries());
        long runs = olderThan("prune the run history", RUNS_OLDER, retention.history().maxAge())
                + runsBeyond(retention.history().maxEntries());
        AdminConfig.Keep deliveries = retention.webhookDeliveries();
        long forgotten = olderThan("prune the webhook deliveries", DELIVERIES_OLDER, deliveries.maxAge())
                + beyond("prune the webhook deliveries", DELIVERIES_COUNT, DELIVERIES_OLDEST, deliveries.maxEntries());
        return new Pruned(audit, runs, forgotten);
    }

    /** Deletes the rows older than {@code maxAge}, a batch at a time; {@code sql} takes the cutoff and the batch. */
    private long olderThan(String doing, String sql, Duration maxAge) {
        long cutoff = clock.millis() - maxAge.toMillis();
        long deleted = 0;
        int batch;
        do {
            batch = calls.write(doing, connection -> {
                try (PreparedStatement statement = connection.prepareStatement(sql)) {
                    statement.setLong(1, cutoff);
                    statement.setInt(2, BATCH);
                    return statement.executeUpdate();
                }
            });
            deleted += batch;
        } while (batch == BATCH);
        return deleted;
    }

    /** Deletes the oldest rows beyond the newest {@code keep}, a batch at a time. */
    private long beyond(String doing, String countSql, String oldestSql, int keep) {
        long excess = calls.read(doing, connection -> {
            try (PreparedStatement statement = connection.prepareStatement(countSql);
                 ResultSet row = statement.executeQuery()) {
                return row.next() ? row.getLong(1) : 0L;
            }
        }) - keep;
        return deleteOldest(doing, oldestSql, null, excess);
    }

    /** Deletes each stack's oldest runs beyond its newest {@code keep}. */
    private long runsBeyond(int keep) {
        String doing = "prune the run history";
        List<Map.Entry<String, Long>> over = calls.read(doing, connection -> {
            List<Map.Entry<String, Long>> stacks = new ArrayList<>();
            try (PreparedStatement statement = connection.prepareStatement(RUNS_OVER)) {
                statement.setInt(1, keep);
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        stacks.add(Map.entry(rows.getString(1), rows.getLong(2) - keep));
                    }
                }
            }
            return stacks;
        });
        long deleted = 0;
        for (Map.Entry<String, Long> stack : over) {
            deleted += deleteOldest(doing + " of stack " + stack.getKey(), RUNS_OLDEST, stack.getKey(),
                    stack.getValue());
        }
        return deleted;
    }

    /** Deletes {@code excess} rows, oldest first, a batch at a time; {@code stack} is the first parameter if any. */
    private long deleteOldest(String doing, String sql, String stack, long excess) {
        long deleted = 0;
        while (deleted < excess) {
            int size = (int) Math.min(BATCH, excess - deleted);
            int batch = calls.write(doing, connection -> {
                try (PreparedStatement statement = connection.prepareStatement(sql)) {
                    int next = 1;
                    if (stack != null) {
                        statement.setString(next++, stack);
                    }
                    statement.setInt(next, size);
                    return statement.executeUpdate();
                }
            });
            deleted += batch;
            if (batch < size) {
                break; // someone else deleted them meanwhile
            }
        }
        return deleted;
    }
}
