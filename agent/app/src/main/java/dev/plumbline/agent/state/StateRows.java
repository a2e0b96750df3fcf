package dev.plumbline.agent.state;

import dev.plumbline.engine.state.StackStatus;
import dev.plumbline.engine.state.RunRecord;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;

/**
 * Rows of the state tables as records and back: times as epoch milliseconds, NULL for an absent time or
 * revision. Column order is the one the SELECTs of {@link JdbcStateStore} name.
 */
final class StateRows {

    private StateRows() {
    }

    /** A row of {@code stack_status}, columns in the order of the table. */
    static StackStatus status(ResultSet row) throws SQLException {
        return new StackStatus(row.getString(1), row.getString(2), instant(row, 3), row.getString(4),
                instant(row, 5), row.getString(6), row.getString(7), row.getString(8), row.getInt(9),
                instant(row, 10), row.getString(11), row.getString(12));
    }

    /** A row of {@code runs}, columns in the order of the table. */
    static RunRecord run(ResultSet row) throws SQLException {
        return new RunRecord(row.getLong(1), row.getString(2), row.getString(3), row.getString(4),
                row.getString(5), instant(row, 6), instant(row, 7), row.getString(8), row.getString(9),
                row.getString(10), row.getInt(11), row.getInt(12), row.getInt(13), row.getInt(14));
    }

    static Instant instant(ResultSet row, int column) throws SQLException {
        long millis = row.getLong(column);
        return row.wasNull() ? null : Instant.ofEpochMilli(millis);
    }

    static void setInstant(PreparedStatement statement, int index, Instant instant) throws SQLException {
        if (instant == null) {
            statement.setNull(index, Types.BIGINT);
        } else {
            statement.setLong(index, instant.toEpochMilli());
        }
    }
}
