package dev.plumbline.agent.state;

import dev.plumbline.problem.Reasons;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Whether {@code <stateDir>/state.db} may be opened, decided before the store opens it, reading only: it
 * deletes and overwrites nothing, and creates nothing but the empty {@code -wal} and {@code -shm} companions
 * SQLite leaves beside a database in write-ahead-log mode for any reader. A first run (no file, or an empty one, and nothing else of
 * Plumbline's there) is {@link Status#NEW}. A file that is missing or empty although Plumbline ran with
 * this stateDir before, is not SQLite, is another application's database or another store's, is damaged,
 * cannot be read, or has a schema newer than this build is refused with a sentence that says what to do:
 * opening it would start over with an empty inventory, and Plumbline would forget what it owns and stop
 * pruning it without a word. Evidence that Plumbline ran before: the marker {@code state.id}
 * ({@link StoreId}), Git mirrors under {@code mirrors/}, or (beside a missing or 0-byte file) a write-ahead
 * log with content.
 */
public final class StateFileCheck {

    /** The reason of a refused state file that is missing, empty or not this stateDir's database. */
    public static final String STATE_STORE_LOST = Reasons.STATE_STORE_LOST;
    /** The reason of a refused state file that is not SQLite or fails SQLite's integrity check. */
    public static final String STATE_STORE_CORRUPT = Reasons.STATE_STORE_CORRUPT;
    /** The reason of a refused state file whose schema is newer than this build's. */
    public static final String STATE_STORE_TOO_NEW = Reasons.STATE_STORE_TOO_NEW;

    static final String ADVICE = "Nothing was changed. Restore a backup with `plumbline state restore FILE`, or"
            + " rebuild the inventory from the providers' ownership records with `plumbline state"
            + " rebuild-inventory` (see \"The state store\" in docs/concepts.md).";

    private static final byte[] SQLITE_HEADER = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);

    /** What the check found. */
    public enum Status {
        /** A Plumbline state database of a schema this build knows, sound, and this stateDir's. */
        OK,
        /** Nothing to lose: no file (or an empty one) and no evidence of an earlier run. */
        NEW,
        MISSING, EMPTY, UNREADABLE, NOT_SQLITE, FOREIGN, CORRUPT, SCHEMA_NEWER, SWAPPED
    }

    /**
     * The outcome for one file: a status, a sentence when it is refused, and what was read of a sound one
     * (its schema version and store id, either may be null).
     */
    public record Result(Status status, Path file, String problem, String schemaVersion, String storeId) {
        public Result {
            Objects.requireNonNull(status, "status");
            Objects.requireNonNull(file, "file");
        }

        /** Whether the store must not be opened. */
        public boolean refuses() {
            return status != Status.OK && status != Status.NEW;
        }

        /** The reason a refusal carries; null when the file is not refused. */
        public String reason() {
            return switch (status) {
                case OK, NEW -> null;
                case MISSING, EMPTY, FOREIGN, SWAPPED -> STATE_STORE_LOST;
                case NOT_SQLITE, CORRUPT -> STATE_STORE_CORRUPT;
                case SCHEMA_NEWER -> STATE_STORE_TOO_NEW;
                case UNREADABLE -> Reasons.STATE_STORE_ERROR;
            };
        }
    }

    /** What one file is, whoever's it may be; {@code detail} completes "it ..." when it is not sound. */
    record Inspection(Status status, String detail, String schemaVersion, String storeId) {
    }

    private StateFileCheck() {
    }

    /** Checks {@code <stateDir>/state.db} against the evidence in {@code stateDir}. */
    public static Result check(Path stateDir) {
        Path dir = stateDir.toAbsolutePath().normalize();
        Path file = dir.resolve(SqliteStateStore.FILE_NAME);
        Inspection inspection = inspect(file);
        String subject = "The state store " + file + " ";
        switch (inspection.status()) {
            case MISSING, EMPTY -> {
                // a log beside a file with a header is that file's own, maybe a first creation under way
                List<String> evidence = evidence(dir, !Files.isRegularFile(file) || sizeOf(file) == 0);
                if (evidence.isEmpty()) {
                    return new Result(Status.NEW, file, null, null, null);
                }
                return refused(inspection.status(), file, subject + inspection.detail() + ", but Plumbline has run"
                        + " with this stateDir before (" + String.join(" and ", evidence) + "): the inventory"
                        + " of what it owns is gone, and starting over would stop it pruning what it wrote. " + ADVICE);
            }
            case OK -> {
                return matchMarker(dir, file, inspection);
            }
            case SCHEMA_NEWER -> {
                return refused(Status.SCHEMA_NEWER, file, subject + inspection.detail() + ". Nothing was changed."
                        + " Run the Plumbline that wrote it (or a newer one), or restore a backup this build can read"
                        + " with `plumbline state restore FILE`.");
            }
            case UNREADABLE -> {
                return refused(Status.UNREADABLE, file, subject + inspection.detail() + ". Nothing was changed.");
            }
            default -> {
                return refused(inspection.status(), file, subject + inspection.detail() + ". " + ADVICE);
            }
        }
    }

    private static Result matchMarker(Path dir, Path file, Inspection inspection) {
        Optional<String> marker;
        try {
            marker = StoreId.readMarker(dir);
        } catch (IOException e) {
            return refused(Status.UNREADABLE, file, "The store marker " + dir.resolve(StoreId.MARKER)
                    + " cannot be read (" + e.getMessage() + "). Nothing was changed.");
        }
        if (marker.isPresent() && !marker.get().isEmpty() && !marker.get().equals(inspection.storeId())) {
            String carries = inspection.storeId() == null ? "carries no store id"
                    : "carries the store id " + inspection.storeId();
            return refused(Status.SWAPPED, file, "The state store " + file + " is not this stateDir's database: it "
                    + carries + ", but " + StoreId.MARKER + " beside it names the store " + marker.get()
                    + " (it is another agent's database, or one created anew after this one was lost). " + ADVICE);
        }
        return new Result(Status.OK, file, null, inspection.schemaVersion(), inspection.storeId());
    }

    private static Result refused(Status status, Path file, String problem) {
        return new Result(status, file, problem, null, null);
    }

    /**
     * What tells that Plumbline ran with {@code dir} before, as clauses ("state.id is there", ...); empty when
     * nothing does. A write-ahead log with content counts when {@code withLog}.
     */
    static List<String> evidence(Path dir, boolean withLog) {
        List<String> evidence = new ArrayList<>();
        if (Files.exists(dir.resolve(StoreId.MARKER))) {
            evidence.add(StoreId.MARKER + " is there");
        }
        Path mirrors = dir.resolve("mirrors");
        if (Files.isDirectory(mirrors)) {
            try (Stream<Path> entries = Files.list(mirrors)) {
                if (entries.findAny().isPresent()) {
                    evidence.add("mirrors/ holds Git mirrors");
                }
            } catch (IOException e) {
                evidence.add("mirrors/ is there");
            }
        }
        Path log = dir.resolve(SqliteStateStore.FILE_NAME + "-wal");
        if (withLog && Files.isRegularFile(log) && sizeOf(log) != 0) {
            evidence.add(log.getFileName() + " holds " + sizeOf(log) + " bytes");
        }
        return evidence;
    }

    /** The size of a file, or -1 when it cannot be told. */
    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return -1;
        }
    }

    /**
     * What {@code file} is, on its own: {@link Status#MISSING}, {@link Status#EMPTY} (0 bytes, or SQLite
     * without tables), a refusal, or {@link Status#OK} with its schema version and store id. The file is
     * read by SQLite only, read-only; Java reads its first bytes only when SQLite sees no tables in it.
     */
    static Inspection inspect(Path file) {
        if (!Files.exists(file)) {
            return new Inspection(Status.MISSING, "is missing", null, null);
        }
        if (Files.isDirectory(file)) {
            return new Inspection(Status.UNREADABLE, "is a directory, not a file", null, null);
        }
        if (!Files.isReadable(file)) {
            return new Inspection(Status.UNREADABLE, "cannot be read (permission denied): give the user running"
                    + " Plumbline read and write access to it and to its directory", null, null);
        }
        try {
            if (Files.size(file) == 0) {
                return new Inspection(Status.EMPTY, "is empty (0 bytes)", null, null);
            }
        } catch (IOException e) {
            return new Inspection(Status.UNREADABLE, "cannot be read (" + e.getMessage() + ")", null, null);
        }
        try (StateFile state = StateFile.open(file)) {
            return inspect(file, state);
        } catch (SQLException e) {
            return switch (e.getErrorCode() & 0xff) {
                case 26 -> notSqlite();
                case 11 -> new Inspection(Status.CORRUPT, "is damaged: SQLite says \"" + SqliteErrors.ownWords(e)
                        + "\"", null, null);
                case 3, 14, 23 -> new Inspection(Status.UNREADABLE, "cannot be opened ("
                        + SqliteErrors.sqliteWords(e) + "): give the user running Plumbline read and write access to"
                        + " it and to its directory", null, null);
                default -> throw JdbcStateStore.failure("check the state database " + file,
                        SqliteErrors.explain(e, SqliteStateStore.BUSY_TIMEOUT), e);
            };
        }
    }

    private static Inspection inspect(Path file, StateFile state) throws SQLException {
        List<String> tables = state.tables();
        if (tables.isEmpty() || tables.equals(List.of(StateSchema.HISTORY_TABLE)) && state.history().isEmpty()) {
            return hasSqliteHeader(file) ? new Inspection(Status.EMPTY, "holds no tables", null, null) : notSqlite();
        }
        if (!tables.contains(StateSchema.HISTORY_TABLE)) {
            return new Inspection(Status.FOREIGN, "is not a Plumbline state database: it has no Flyway schema"
                    + " history (its tables: " + shortList(tables, ", ") + ")", null, null);
        }
        List<StateSchema.Migration> history = state.history();
        if (history.isEmpty()) {
            return new Inspection(Status.FOREIGN, "is not a Plumbline state database: its Flyway schema history is"
                    + " empty (its tables: " + shortList(tables, ", ") + ")", null, null);
        }
        StateSchema.Verdict verdict = StateSchema.judge(history);
        switch (verdict.kind()) {
            case FOREIGN -> {
                return new Inspection(Status.FOREIGN, "is not a Plumbline state database: " + verdict.problem(),
                        null, null);
            }
            case NEWER -> {
                return new Inspection(Status.SCHEMA_NEWER, "was written by a newer Plumbline: " + verdict.problem(),
                        verdict.version(), null);
            }
            case FAILED -> {
                return new Inspection(Status.CORRUPT, "is damaged: " + verdict.problem(), verdict.version(), null);
            }
            default -> {
                // Plumbline's, of a version this build knows: go on
            }
        }
        List<String> integrity = state.integrityProblems();
        if (!integrity.isEmpty()) {
            return new Inspection(Status.CORRUPT, "is damaged: SQLite's integrity check found "
                    + shortList(integrity, "; "), verdict.version(), null);
        }
        return new Inspection(Status.OK, null, verdict.version(), state.storeId().orElse(null));
    }

    private static Inspection notSqlite() {
        return new Inspection(Status.NOT_SQLITE, "is not a SQLite database (it does not start with SQLite's"
                + " header)", null, null);
    }

    /**
     * Whether the file starts with SQLite's header and is at least one page long. Only for a file SQLite found
     * no tables in: closing a descriptor Java opened drops the POSIX locks SQLite may hold on it in this process.
     */
    private static boolean hasSqliteHeader(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return Arrays.equals(in.readNBytes(SQLITE_HEADER.length), SQLITE_HEADER) && Files.size(file) >= 512;
        } catch (IOException e) {
            return false;
        }
    }

    private static String shortList(List<String> items, String separator) {
        int shown = Math.min(items.size(), 3);
        String list = String.join(separator, items.subList(0, shown));
        return items.size() > shown ? list + " (and " + (items.size() - shown) + " more)" : list;
    }
}
