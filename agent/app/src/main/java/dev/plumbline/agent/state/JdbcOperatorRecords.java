package dev.plumbline.agent.state;

import dev.plumbline.engine.state.StackControl;
import dev.plumbline.engine.state.StackControls;
import dev.plumbline.engine.state.AuditLog;
import dev.plumbline.engine.state.AuditEntry;
import dev.plumbline.engine.state.WebhookDeliveries;
import dev.plumbline.engine.state.WebhookDelivery;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The operator tables of a {@link JdbcStateStore}: stack controls, the audit log and webhook deliveries,
 * each call one statement run by the store's {@link JdbcCalls}. Old audit entries and deliveries are dropped
 * by {@link JdbcRetention} ({@code admin.retention}), not here.
 */
final class JdbcOperatorRecords implements StackControls, AuditLog, WebhookDeliveries {

    private final JdbcCalls calls;
    private final Clock clock;

    JdbcOperatorRecords(JdbcCalls calls, Clock clock) {
        this.calls = calls;
        this.clock = clock;
    }

    @Override
    public StackControl get(String stack) {
        return calls.read("read the controls of stack " + stack, connection -> {
            try (PreparedStatement statement = connection.prepareStatement(OperatorSql.SELECT_CONTROL)) {
                statement.setString(1, Objects.requireNonNull(stack, "stack"));
                try (ResultSet row = statement.executeQuery()) {
                    if (!row.next()) {
                        return StackControl.none(stack);
                    }
                    return new StackControl(stack, row.getInt(1) != 0, Optional.ofNullable(row.getString(2)),
                            Optional.ofNullable(row.getString(3)), Optional.ofNullable(row.getString(4)));
                }
            }
        });
    }

    @Override
    public void setPaused(String stack, boolean paused) {
        set((paused ? "pause" : "resume") + " stack " + stack, OperatorSql.SET_PAUSED, stack,
                statement -> statement.setInt(2, paused ? 1 : 0));
    }

    @Override
    public void setPinned(String stack, String revision) {
        set((revision == null ? "unpin" : "pin") + " stack " + stack, OperatorSql.SET_PINNED, stack,
                statement -> statement.setString(2, revision));
    }

    @Override
    public void requested(String stack, String requestId) {
        set("record a sync request of stack " + stack, OperatorSql.SET_REQUESTED, stack,
                statement -> statement.setString(2, Objects.requireNonNull(requestId, "requestId")));
    }

    @Override
    public void handled(String stack, String requestId) {
        set("record a handled request of stack " + stack, OperatorSql.SET_HANDLED, stack,
                statement -> statement.setString(2, Objects.requireNonNull(requestId, "requestId")));
    }

    private void set(String doing, String sql, String stack, Value value) {
        calls.write(doing, connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                statement.setString(1, Objects.requireNonNull(stack, "stack"));
                value.bind(statement);
                statement.setLong(3, clock.millis());
                return statement.executeUpdate();
            }
        });
    }

    @Override
    public void record(AuditEntry entry) {
        calls.write("record an audit entry", connection -> {
            try (PreparedStatement statement = connection.prepareStatement(OperatorSql.INSERT_AUDIT)) {
                StateRows.setInstant(statement, 1, entry.at());
                statement.setString(2, entry.actor());
                statement.setString(3, entry.action());
                statement.setString(4, entry.target());
                statement.setInt(5, entry.status());
                statement.setString(6, entry.result());
                return statement.executeUpdate();
            }
        });
    }

    @Override
    public List<AuditEntry> recent(int limit) {
        return calls.read("read the audit log", connection -> {
            List<AuditEntry> entries = new ArrayList<>();
            try (PreparedStatement statement = connection.prepareStatement(OperatorSql.SELECT_AUDIT)) {
                statement.setInt(1, positive(limit));
                try (ResultSet row = statement.executeQuery()) {
                    while (row.next()) {
                        entries.add(new AuditEntry(row.getLong(1), StateRows.instant(row, 2), row.getString(3),
                                row.getString(4), row.getString(5), row.getInt(6), row.getString(7)));
                    }
                }
            }
            return List.copyOf(entries);
        });
    }

    @Override
    public boolean remember(WebhookDelivery delivery) {
        String doing = "remember webhook delivery " + delivery.deliveryId() + " of source " + delivery.source();
        return calls.write(doing, connection -> {
            try (PreparedStatement statement = connection.prepareStatement(OperatorSql.INSERT_DELIVERY)) {
                statement.setString(1, delivery.source());
                statement.setString(2, delivery.deliveryId());
                StateRows.setInstant(statement, 3, delivery.receivedAt());
                statement.setString(4, delivery.host());
                statement.setString(5, delivery.ref());
                statement.setString(6, delivery.revision());
                statement.setString(7, delivery.result());
                return statement.executeUpdate() > 0;
            }
        });
    }

    @Override
    public List<WebhookDelivery> recent(String source, int limit) {
        return calls.read("read the webhook deliveries of source " + source, connection -> {
            List<WebhookDelivery> deliveries = new ArrayList<>();
            try (PreparedStatement statement = connection.prepareStatement(OperatorSql.SELECT_DELIVERIES)) {
                statement.setString(1, Objects.requireNonNull(source, "source"));
                statement.setInt(2, positive(limit));
                try (ResultSet row = statement.executeQuery()) {
                    while (row.next()) {
                        deliveries.add(new WebhookDelivery(row.getString(1), row.getString(2),
                                StateRows.instant(row, 3), row.getString(4), row.getString(5), row.getString(6),
                                row.getString(7)));
                    }
                }
            }
            return List.copyOf(deliveries);
        });
    }

    private static int positive(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, not " + limit);
        }
        return limit;
    }

    @FunctionalInterface
    private interface Value {
        void bind(PreparedStatement statement) throws SQLException;
    }
}
