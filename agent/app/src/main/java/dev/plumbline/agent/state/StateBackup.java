package dev.plumbline.agent.state;

import dev.plumbline.problem.Reasons;
import dev.plumbline.problem.StalledException;
import dev.plumbline.problem.TransientException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.SQLException;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * Backing up and restoring the embedded state store. A backup is SQLite's own consistent copy
 * ({@code VACUUM INTO}), taken online: an agent may go on writing meanwhile. A restore checks the backup
 * first (Plumbline's, a schema this build knows, SQLite's integrity check), refuses while any process has the
 * store open, and keeps the database it replaces beside it as {@code state.db.replaced-<time>}, so that
 * nothing is lost.
 */
public final class StateBackup {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    /** What a backup or a restore wrote: the file, and what the checks read of it. */
    public record Copy(Path file, long bytes, String schemaVersion, String storeId, StateCounts counts) {
        public Copy {
            Objects.requireNonNull(file, "file");
            Objects.requireNonNull(counts, "counts");
        }
    }

    /** What a restore did: the database now in place, and where the one it replaced went (null if none). */
    public record Restored(Copy restored, Path replaced, List<Path> keptAside) {
        public Restored {
            keptAside = List.copyOf(keptAside);
        }
    }

    private StateBackup() {
    }

    /**
     * Writes a consistent copy of {@code <stateDir>/state.db} to {@code target}, which must not exist. The copy
     * is written beside {@code target} under a temporary name, checked as a restore would check it, flushed to
     * disk, and only then given its name: a failed backup leaves no file that looks like one.
     */
    public static Copy backup(Path stateDir, Path target) {
        Path file = stateDir.toAbsolutePath().normalize().resolve(SqliteStateStore.FILE_NAME);
        Path out = target.toAbsolutePath().normalize();
        if (!Files.isRegularFile(file)) {
            throw refused("There is no state database at " + file + " to back up.");
        }
        if (Files.exists(out)) {
            throw refused(out + " already exists; a backup never overwrites a file: name a new one.");
        }
        if (!Files.isDirectory(out.getParent())) {
            throw refused("The directory " + out.getParent() + " does not exist; create it first.");
        }
        Path temp = out.resolveSibling("." + out.getFileName() + ".partial-" + UUID.randomUUID());
        try {
            copy(file, temp);
            StateFileCheck.Inspection copy = StateFileCheck.inspect(temp);
            if (copy.status() != StateFileCheck.Status.OK) {
                throw new StalledException(Reasons.STATE_STORE_ERROR, "The state database " + file
                        + " cannot be backed up: its copy " + copy.detail() + ". No backup was written.");
            }
            Fsync.file(temp);
            Files.move(temp, out, StandardCopyOption.ATOMIC_MOVE); // fails if out appeared meanwhile
            Fsync.directory(out.getParent());
            return new Copy(out, Files.size(out), copy.schemaVersion(), copy.storeId(), StateCounts.of(out));
        } catch (IOException e) {
            throw new TransientException(Reasons.STATE_STORE_ERROR, "Could not write the backup " + out + ": "
                    + e.getMessage() + ".", e);
        } finally {
            deleteQuietly(temp);
        }
    }

    /**
     * Replaces {@code <stateDir>/state.db} with {@code source}, a backup. Checks the backup before anything
     * else; then makes sure that no process has the store open (an agent, a {@code plumbline apply}); then
     * moves the current database (with its write-ahead log, if one with content is left) aside with the suffix
     * {@code .replaced-<time>}, and so the marker {@code state.id} unless it names the backup's store already;
     * puts a copy of the backup in place; and opens it once, which brings an older schema up to date and writes
     * the marker with the backup's store id.
     */
    public static Restored restore(Path stateDir, Path source, Clock clock) {
        Path dir = stateDir.toAbsolutePath().normalize();
        Path file = dir.resolve(SqliteStateStore.FILE_NAME);
        Path backup = source.toAbsolutePath().normalize();
        if (backup.equals(file)) {
            throw refused(backup + " is the state database itself; name a backup of it.");
        }
        if (!Files.exists(backup)) {
            throw refused("There is no file " + backup + " to restore from.");
        }
        StateFileCheck.Inspection inspection = StateFileCheck.inspect(backup);
        if (inspection.status() != StateFileCheck.Status.OK) {
            throw refused("Will not restore from " + backup + ": it " + inspection.detail() + ". Nothing was changed.");
        }
        StoreLock.ensureUnused(file, "restore");
        String stamp = stamp(clock);
        Path temp = dir.resolve(SqliteStateStore.FILE_NAME + ".restoring-" + UUID.randomUUID());
        List<Path> keptAside = new ArrayList<>();
        try {
            Files.createDirectories(dir);
            copy(backup, temp); // a backup that is a database in WAL mode has part of itself in its -wal
            Fsync.file(temp);
            Path replaced = null;
            if (Files.exists(file)) {
                replaced = aside(file, stamp);
                keptAside.add(replaced);
                Path log = dir.resolve(SqliteStateStore.FILE_NAME + "-wal");
                if (Files.exists(log) && Files.size(log) > 0) { // writes not yet in the file: they go with it
                    Path moved = dir.resolve(replaced.getFileName() + "-wal");
                    Files.move(log, moved);
                    keptAside.add(moved);
                }
                // SQLite's index of the log, and an empty log, hold nothing: gone, as on SQLite's last close
                Files.deleteIfExists(log);
                Files.deleteIfExists(dir.resolve(SqliteStateStore.FILE_NAME + "-shm"));
            }
            Path marker = dir.resolve(StoreId.MARKER);
            if (Files.exists(marker) && !StoreId.readMarker(dir).orElse("").equals(inspection.storeId())) {
                keptAside.add(aside(marker, stamp)); // the backup's store id goes in its place
            }
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
            Fsync.directory(dir);
            SqliteStateStore.open(dir, clock).close(); // brings the schema up to date, writes state.id
            StateFileCheck.Result check = StateFileCheck.check(dir);
            if (check.refuses()) {
                throw new StalledException(check.reason(), check.problem());
            }
            Copy restored = new Copy(file, Files.size(file), check.schemaVersion(), check.storeId(),
                    StateCounts.of(file));
            return new Restored(restored, replaced, keptAside);
        } catch (IOException e) {
            throw new TransientException(Reasons.STATE_STORE_ERROR, "Could not restore " + file + " from " + backup
                    + ": " + e.getMessage() + (keptAside.isEmpty() ? "" : "; the files moved aside: " + keptAside)
                    + ".", e);
        } finally {
            deleteQuietly(temp);
        }
    }

    /** A consistent, self-contained copy of the database {@code from}, at {@code to} (which must not exist). */
    private static void copy(Path from, Path to) {
        try (StateFile state = StateFile.open(from)) {
            state.copyTo(to);
        } catch (SQLException e) {
            throw JdbcStateStore.failure("copy " + from, SqliteErrors.explain(e, SqliteStateStore.BUSY_TIMEOUT), e);
        }
    }

    /** The time {@link #aside} names what it keeps, like {@code 20250301T101530Z}. */
    static String stamp(Clock clock) {
        return STAMP.format(clock.instant());
    }

    /** Moves {@code path} to {@code <name>.replaced-<stamp>} (with a counter should that exist). */
    static Path aside(Path path, String stamp) throws IOException {
        Path target = path.resolveSibling(path.getFileName() + ".replaced-" + stamp);
        for (int n = 2; Files.exists(target); n++) {
            target = path.resolveSibling(path.getFileName() + ".replaced-" + stamp + "-" + n);
        }
        Files.move(path, target, StandardCopyOption.ATOMIC_MOVE);
        return target;
    }

    private static StalledException refused(String sentence) {
        return new StalledException(Reasons.STATE_STORE_ERROR, sentence);
    }

    private static void deleteQuietly(Path temp) {
        try {
            Files.deleteIfExists(temp);
        } catch (IOException ignored) {
            // a temporary file of ours; its name says what it is
        }
    }
}
