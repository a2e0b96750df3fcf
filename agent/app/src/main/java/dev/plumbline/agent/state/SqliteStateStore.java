package dev.plumbline.agent.state;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import dev.plumbline.problem.StalledException;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import java.util.concurrent.locks.LockSupport;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteDataSource;

/**
 * The embedded state store: one SQLite file, {@code <stateDir>/state.db}, no server. The journal is a
 * write-ahead log with {@code synchronous=FULL}, so that readers never block the writer and a call that
 * returns is on disk; a busy timeout lets the CLI and the daemon share the file from two processes.
 * Calls from several threads each get a connection of their own, up to {@link #CONNECTIONS} open at once,
 * every one with the same settings ({@link #config()}). The schema comes from the Flyway migrations
 * ({@link StateSchema}), applied on open; the first open also writes the marker {@code state.id} beside the
 * file, and {@link #openChecked} refuses a file that would lose what an earlier run knew
 * ({@link StateFileCheck}).
 */
public final class SqliteStateStore extends JdbcStateStore {

    public static final String FILE_NAME = "state.db";

    /** How long a call waits for another process's write to finish before it fails. */
    public static final Duration BUSY_TIMEOUT = Duration.ofSeconds(10);

    /**
     * How many connections the store opens at most; calls beyond that many at once wait for one. Readers
     * of a write-ahead log go on in parallel, but one writer writes at a time, so more would not help.
     */
    static final int CONNECTIONS = 8;

    /**
     * Two processes opening a new file at once race to create the schema (each migration is a race of its
     * own); the loser retries at least this often, and for as long as the busy timeout.
     */
    private static final int MIGRATION_ATTEMPTS = 3;

    private SqliteStateStore(ConnectionPool connections, Path file, Clock clock) {
        super(connections, file.toString(), clock);
    }

    /** Opens (creating the directory and the file if need be) {@code <stateDir>/state.db}. */
    public static SqliteStateStore open(Path stateDir) {
        return open(stateDir, Clock.systemUTC());
    }

    /**
     * As {@link #open(Path)}, after {@link StateFileCheck#check checking} the file: one that is missing or
     * empty although Plumbline ran with this stateDir before, or not SQLite, another database, damaged,
     * unreadable or of a newer schema, is refused, and nothing is deleted or overwritten.
     *
     * @throws StalledException with the check's reason and sentence when the file is refused
     */
    public static SqliteStateStore openChecked(Path stateDir) {
        return openChecked(stateDir, Clock.systemUTC());
    }

    /** As {@link #openChecked(Path)}, with the clock that leases and inventory times are taken from. */
    public static SqliteStateStore openChecked(Path stateDir, Clock clock) {
        StateFileCheck.Result check = StateFileCheck.check(stateDir);
        if (check.refuses()) {
            throw new StalledException(check.reason(), check.problem());
        }
        return open(stateDir, clock);
    }

    /** As {@link #open(Path)}, with the clock that leases and inventory times are taken from. */
    public static SqliteStateStore open(Path stateDir, Clock clock) {
        Path file = stateDir.toAbsolutePath().normalize().resolve(FILE_NAME);
        String what = "open the state database " + file;
        prepare(file, what);
        SQLiteConfig config = config();
        String url = "jdbc:sqlite:" + file;
        ConnectionPool connections = new ConnectionPool(() -> config.createConnection(url), CONNECTIONS,
                "the state store " + file);
        try {
            Connection first = connections.take();
            try {
                enableWriteAheadLog(first, what);
            } finally {
                connections.give(first, true); // kept open: the log lives as long as a connection does
            }
            migrate(file, config, what);
            markStore(connections, file.getParent(), what);
            return new SqliteStateStore(connections, file, clock);
        } catch (SQLException e) {
            closeQuietly(connections);
            throw failure(what, SqliteErrors.explain(e, BUSY_TIMEOUT), e);
        } catch (RuntimeException e) {
            closeQuietly(connections);
            throw e;
        }
    }

    @Override
    protected String explain(SQLException error) {
        return SqliteErrors.explain(error, BUSY_TIMEOUT);
    }

    /** The value of a pragma on one of this store's connections, for tests and diagnostics. */
    String pragma(String name) {
        return calls().read("read pragma " + name, connection -> pragma(connection, name));
    }

    /** The value of a pragma on {@code connection}. */
    static String pragma(Connection connection, String name) throws SQLException {
        if (!name.matches("[a-z_]+")) {
            throw new IllegalArgumentException("not a pragma name: " + name);
        }
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("PRAGMA " + name)) {
            return rows.next() ? rows.getString(1) : null;
        }
    }

    /**
     * Settings for every connection; the driver applies them when it opens one. The journal mode is not
     * among them: a write-ahead log, once switched on, is a setting of the file.
     */
    static SQLiteConfig config() {
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout((int) BUSY_TIMEOUT.toMillis());
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.enforceForeignKeys(true);
        return config;
    }

    /** Creates the directory; says clearly when the file cannot be written rather than failing later. */
    private static void prepare(Path file, String what) {
        try {
            Files.createDirectories(file.getParent());
        } catch (FileAlreadyExistsException e) {
            throw failure(what, e.getFile() + " should be a directory but is a file", e);
        } catch (AccessDeniedException e) {
            throw failure(what, "permission to create the directory " + e.getFile() + " was denied", e);
        } catch (IOException e) {
            throw failure(what, "its directory cannot be created (" + e.getMessage() + ")", e);
        }
        if (Files.isDirectory(file)) {
            throw failure(what, "it is a directory, not a file", null);
        }
        if (Files.exists(file) && !Files.isWritable(file)) {
            throw failure(what, "the file is read-only; give the user running Plumbline write access to it", null);
        }
        if (!Files.isWritable(file.getParent())) {
            throw failure(what, "its directory is read-only; give the user running Plumbline write access to it",
                    null);
        }
    }

    /**
     * Switching the journal mode is also the first read of the file, so a file that is not a database fails
     * here. SQLite answers a switch that races another process's first write with SQLITE_BUSY at once,
     * without waiting for the busy timeout, so the switch is retried for up to that timeout.
     */
    private static void enableWriteAheadLog(Connection connection, String what) throws SQLException {
        long deadline = System.nanoTime() + BUSY_TIMEOUT.toNanos();
        while (true) {
            try (Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery("PRAGMA journal_mode = WAL")) {
                String mode = rows.next() ? rows.getString(1) : "";
                if (!"wal".equalsIgnoreCase(mode)) {
                    throw failure(what, "SQLite kept the journal mode '" + mode + "' instead of a write-ahead log;"
                            + " check that the file and its directory are writable and on a local disk", null);
                }
                return;
            } catch (SQLException e) {
                boolean busy = e.getErrorCode() == SQLiteErrorCode.SQLITE_BUSY.code
                        || e.getErrorCode() == SQLiteErrorCode.SQLITE_LOCKED.code;
                if (!busy || System.nanoTime() > deadline) {
                    throw e;
                }
                LockSupport.parkNanos(Duration.ofMillis(20).toNanos()); // a bounded wait for the other writer
            }
        }
    }

    /**
     * Brings the file's schema up to date with Flyway, unless it is current already ({@link StateSchema#current}),
     * which is the usual case and costs one query instead of loading Flyway; returns whether Flyway ran.
     */
    static boolean migrate(Path file, SQLiteConfig config, String what) {
        SQLiteDataSource dataSource = new SQLiteDataSource(config);
        dataSource.setUrl("jdbc:sqlite:" + file);
        try (Connection connection = dataSource.getConnection()) {
            if (StateSchema.current(connection)) {
                return false;
            }
        } catch (SQLException e) {
            // Flyway, below, meets the same trouble and says what it is
        }
        Flyway flyway = StateSchema.flyway(dataSource);
        long deadline = System.nanoTime() + BUSY_TIMEOUT.toNanos();
        for (int attempt = 1; ; attempt++) {
            try {
                flyway.migrate();
                return true;
            } catch (FlywayException e) {
                if (attempt >= MIGRATION_ATTEMPTS && System.nanoTime() > deadline) {
                    throw failure(what, "its schema could not be brought up to date (" + explain(e) + ")", e);
                }
                LockSupport.parkNanos(Duration.ofMillis(20).toNanos()); // a bounded wait for the other process
            }
        }
    }

    /**
     * Writes the marker {@code state.id} beside the file unless there is one, with the id the database holds
     * (the migrations gave it one): from now on a lost file is told from a first run.
     */
    private static void markStore(ConnectionPool connections, Path stateDir, String what) throws SQLException {
        Connection connection = connections.take();
        String id;
        try {
            id = StoreId.read(connection).orElseThrow(() -> failure(what, "its schema has no store id", null));
        } finally {
            connections.give(connection, true);
        }
        try {
            StoreId.writeMarkerIfAbsent(stateDir, id);
        } catch (IOException e) {
            throw failure(what, "the store marker " + stateDir.resolve(StoreId.MARKER) + " could not be written ("
                    + e.getMessage() + ")", e);
        }
    }

    /** The SQLite error behind a Flyway failure if there is one, else the first line of Flyway's message. */
    private static String explain(FlywayException error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql) {
                return SqliteErrors.explain(sql, BUSY_TIMEOUT);
            }
        }
        String message = String.valueOf(error.getMessage()).strip();
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline).strip();
    }

    private static void closeQuietly(ConnectionPool connections) {
        try {
            connections.close();
        } catch (SQLException ignored) {
            // already failing with a better message
        }
    }
}
