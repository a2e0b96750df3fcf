package dev.plumbline.agent.state;

import dev.plumbline.problem.Reasons;
import dev.plumbline.problem.StalledException;
import dev.plumbline.problem.TransientException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The state store a rebuild of the inventory ({@code plumbline state rebuild-inventory}) writes into: the
 * store itself when {@link StateFileCheck} finds it sound, and otherwise a new one. Whatever stands in the new
 * one's way is kept aside, never deleted: the refused {@code state.db} with its {@code -wal} and {@code -shm},
 * and the marker {@code state.id}, which names the lost store (the new store writes its own). A file this
 * build cannot judge (a newer schema, one it cannot read) is not touched at all.
 */
public final class RebuiltStore {

    /** What a refusal says to do once the process that uses the store is stopped. */
    private static final String AGAIN = "run plumbline state rebuild-inventory again";

    /**
     * What the state directory holds, as a rebuild sees it: the check's result, the inventory rows of a sound
     * store, and what a new store would keep aside (nothing, when the store is sound).
     */
    public record Inspection(StateFileCheck.Result check, long inventoryRows, List<Path> inTheWay) {
        public Inspection {
            Objects.requireNonNull(check, "check");
            inTheWay = List.copyOf(inTheWay);
        }

        /** Whether a new store is made: there is none yet, or the one there is refused. */
        public boolean startsOver() {
            return check.status() != StateFileCheck.Status.OK;
        }

        /** Whether a rebuild may write without being told to: a first run, or a sound store with no inventory. */
        public boolean nothingToLose() {
            return check.status() == StateFileCheck.Status.NEW
                    || check.status() == StateFileCheck.Status.OK && inventoryRows == 0;
        }
    }

    /** The store to write into, and what was kept aside to make room for it; closing it closes the store. */
    public record Opened(SqliteStateStore store, List<Path> keptAside) implements AutoCloseable {
        public Opened {
            Objects.requireNonNull(store, "store");
            keptAside = List.copyOf(keptAside);
        }

        @Override
        public void close() {
            store.close();
        }
    }

    private RebuiltStore() {
    }

    /**
     * Looks at {@code <stateDir>}, changing nothing.
     *
     * @throws StalledException with the check's reason when the store has a newer schema or cannot be read: a
     *     rebuild would not help, and that file must stay as it is
     */
    public static Inspection inspect(Path stateDir) {
        Path dir = stateDir.toAbsolutePath().normalize();
        StateFileCheck.Result check = StateFileCheck.check(dir);
        switch (check.status()) {
            case SCHEMA_NEWER, UNREADABLE -> throw new StalledException(check.reason(), check.problem());
            case OK -> {
                return new Inspection(check, StateCounts.of(check.file()).inventory(), List.of());
            }
            default -> {
                List<Path> inTheWay = new ArrayList<>();
                for (String name : List.of(SqliteStateStore.FILE_NAME, SqliteStateStore.FILE_NAME + "-wal",
                        SqliteStateStore.FILE_NAME + "-shm", StoreId.MARKER)) {
                    if (Files.exists(dir.resolve(name))) {
                        inTheWay.add(dir.resolve(name));
                    }
                }
                return new Inspection(check, 0, check.status() == StateFileCheck.Status.NEW ? List.of() : inTheWay);
            }
        }
    }

    /**
     * Refuses, with the reason {@code Locked}, while any process has {@code <stateDir>/state.db} open (an agent, a
     * {@code plumbline apply}); changes nothing.
     */
    public static void ensureUnused(Path stateDir) {
        StoreLock.ensureUnused(stateDir.toAbsolutePath().normalize().resolve(SqliteStateStore.FILE_NAME), AGAIN);
    }

    /**
     * Opens the store to write the rebuilt inventory into, once no process has it open (the probe, like any
     * last connection, folds a write-ahead log a killed process left into its database) and after looking
     * again: the sound store as it is; otherwise what stands in the way is moved aside as
     * {@code <name>.replaced-<time>} and a new store is made, which writes its own {@code state.id}.
     */
    public static Opened open(Path stateDir, Clock clock) {
        Path dir = stateDir.toAbsolutePath().normalize();
        ensureUnused(dir);
        Inspection now = inspect(dir);
        List<Path> keptAside = new ArrayList<>();
        try {
            String stamp = StateBackup.stamp(clock);
            for (Path path : now.inTheWay()) {
                keptAside.add(StateBackup.aside(path, stamp));
            }
            if (!keptAside.isEmpty()) {
                Fsync.directory(dir);
            }
        } catch (IOException e) {
            throw new TransientException(Reasons.STATE_STORE_ERROR, "Could not keep " + now.inTheWay() + " aside to"
                    + " make room for a new state store: " + e.getMessage() + (keptAside.isEmpty() ? ""
                    : "; the files moved aside: " + keptAside) + ".", e);
        }
        return new Opened(SqliteStateStore.open(dir, clock), keptAside);
    }
}
