package dev.plumbline.agent.state;

import java.nio.file.Path;
import java.sql.SQLException;

/** How much a state database holds: stacks with a status, inventory rows (pending among them), runs. */
public record StateCounts(long stacks, long inventory, long pending, long runs) {

    /** Counts the rows of {@code file}, opened read-only. */
    static StateCounts of(Path file) {
        try (StateFile state = StateFile.open(file)) {
            return of(state);
        } catch (SQLException e) {
            throw JdbcStateStore.failure("count the rows of " + file,
                    SqliteErrors.explain(e, SqliteStateStore.BUSY_TIMEOUT), e);
        }
    }

    static StateCounts of(StateFile state) throws SQLException {
        return new StateCounts(state.count("stack_status", null), state.count("inventory", null),
                state.count("inventory", "pending <> 0"), state.count("runs", null));
    }

    /** "1 stack, 2 inventory rows (0 pending), 3 runs". */
    @Override
    public String toString() {
        return stacks + (stacks == 1 ? " stack, " : " stacks, ") + inventory
                + (inventory == 1 ? " inventory row (" : " inventory rows (") + pending + " pending), " + runs
                + (runs == 1 ? " run" : " runs");
    }
}
