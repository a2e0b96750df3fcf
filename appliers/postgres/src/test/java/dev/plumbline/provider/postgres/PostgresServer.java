package dev.plumbline.provider.postgres;

import dev.plumbline.provider.credential.CredentialRef;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real PostgreSQL server for tests, one per test class: register it as a static
 * {@code @RegisterExtension} field, or start and close it yourself (it is {@link AutoCloseable}). It runs
 * {@code initdb} into a temporary directory (see {@link PgCtl}: as the {@code postgres} OS user when the
 * tests run as root), with a superuser {@link #user()} that has a password, local connections trusted and
 * TCP connections asking for SCRAM passwords; then {@code pg_ctl start -w} on a free loopback port, and
 * checks that it answers over JDBC. {@link #close()} stops it ({@code pg_ctl stop -m fast}) and deletes the
 * directory; a shutdown hook does the same should the JVM end first. A missing installation fails the test
 * ({@link #NOT_INSTALLED}): the binaries are expected under {@code /usr/lib/postgresql/<version>/bin}.
 * Helpers run SQL behind the provider's back ({@link #psql}, {@link #query}), log in as libpq does
 * ({@link #psqlLogsIn}), read the server's log ({@link #serverLog}) and put the server back to its initial
 * state between tests ({@link #reset}).
 */
public final class PostgresServer implements BeforeAllCallback, AfterAllCallback, AutoCloseable {

    public static final String NOT_INSTALLED = "PostgreSQL is not installed; .ci/run installs it"
            + " (apt-get install postgresql)";

    private static final String USER = "plumbline";
    private static final Path INSTALLATIONS = Path.of("/usr/lib/postgresql");

    private final String password = "test-" + UUID.randomUUID();
    private final Path installations;
    private PgCtl cluster;
    private int port;
    private Thread shutdownHook;

    /** A server from the newest installation under {@code /usr/lib/postgresql}. */
    public PostgresServer() {
        this(INSTALLATIONS);
    }

    /** A server from the newest installation under {@code installations} ({@code <version>/bin/initdb}). */
    PostgresServer(Path installations) {
        this.installations = installations;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    /** Starts the server, unless it runs already. */
    public synchronized PostgresServer start() throws IOException, InterruptedException {
        if (cluster != null) {
            return this;
        }
        PgCtl fresh = PgCtl.initdb(installations, USER, password);
        try {
            port = fresh.start();
        } catch (IOException | RuntimeException | InterruptedException e) {
            fresh.delete();
            throw e;
        }
        cluster = fresh;
        try (Connection ignored = connect("postgres")) {
            shutdownHook = new Thread(this::stop, "stop PostgreSQL at " + cluster.directory());
            Runtime.getRuntime().addShutdownHook(shutdownHook);
            return this;
        } catch (SQLException e) {
            stop();
            throw new IOException("PostgreSQL started but does not answer on port " + port + ": " + e.getMessage(), e);
        }
    }

    public int port() {
        return port;
    }

    /** The superuser the tests connect as. */
    public String user() {
        return USER;
    }

    public String password() {
        return password;
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /**
     * Whether {@code role} logs in over TCP with {@code password} through libpq ({@code psql}): the client
     * that prepares a password exactly as the server does (PostgreSQL's own SASLprep).
     */
    public boolean psqlLogsIn(String role, String password) throws IOException, InterruptedException {
        return cluster.logsIn(port, role, password);
    }

    /** Everything the server has logged since it started (its stderr: errors, and statements if logged). */
    public String serverLog() throws IOException {
        return cluster.log();
    }

    /** Settings for a provider that connects as the superuser to {@code database}. */
    public ConnectionSettings settings(String database) {
        return new ConnectionSettings(jdbcUrl(database), USER, CredentialRef.given(password));
    }

    /** A connection of the superuser to {@code database}, to close after use. */
    public Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), USER, password);
    }

    /** Runs {@code sql} (one or more statements) on the {@code postgres} database, as the superuser. */
    public void psql(String sql) throws SQLException {
        psql("postgres", sql);
    }

    /**
     * Runs {@code sql} (one or more statements) on {@code database}, as the superuser. Statements that
     * cannot run in a transaction block ({@code CREATE DATABASE}) must come alone.
     */
    public void psql(String database, String sql) throws SQLException {
        try (Connection connection = connect(database); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /** The rows of a query on {@code database}, each column by its label. */
    public List<Map<String, Object>> query(String database, String sql, Object... parameters) throws SQLException {
        try (Connection connection = connect(database); PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            List<Map<String, Object>> rows = new ArrayList<>();
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int c = 1; c <= result.getMetaData().getColumnCount(); c++) {
                        row.put(result.getMetaData().getColumnLabel(c), result.getObject(c));
                    }
                    rows.add(row);
                }
            }
            return rows;
        }
    }

    /** The first column of the first row of a query on {@code database}, if there is a row. */
    public Optional<Object> value(String database, String sql, Object... parameters) throws SQLException {
        return query(database, sql, parameters).stream().findFirst().map(row -> row.values().iterator().next());
    }

    /**
     * Puts the server back as {@code initdb} left it, for the next test: drops every database but the
     * built-in ones, every role but the superuser, every schema and extension added to {@code postgres}
     * (with the provider's ledger table), and the comments left on what stays.
     */
    public void reset() throws SQLException {
        List<Object> databases = query("postgres", "SELECT datname FROM pg_database"
                + " WHERE datname NOT IN ('postgres', 'template0', 'template1')").stream()
                .map(row -> row.get("datname")).toList();
        for (Object database : databases) {
            psql("DROP DATABASE " + Quoting.identifier((String) database) + " WITH (FORCE)");
        }
        for (Map<String, Object> schema : query("postgres", "SELECT nspname FROM pg_namespace WHERE nspname"
                + " NOT LIKE 'pg\\_%' AND nspname NOT IN ('information_schema', 'public')")) {
            psql("DROP SCHEMA " + Quoting.identifier((String) schema.get("nspname")) + " CASCADE");
        }
        psql("DROP SCHEMA public CASCADE; CREATE SCHEMA public AUTHORIZATION pg_database_owner;"
                + " GRANT USAGE ON SCHEMA public TO PUBLIC; COMMENT ON SCHEMA public IS 'standard public schema'");
        for (Map<String, Object> extension : query("postgres", "SELECT extname FROM pg_extension"
                + " WHERE extname <> 'plpgsql'")) {
            psql("DROP EXTENSION " + Quoting.identifier((String) extension.get("extname")) + " CASCADE");
        }
        for (Map<String, Object> role : query("postgres", "SELECT rolname FROM pg_roles"
                + " WHERE rolname NOT LIKE 'pg\\_%' AND rolname <> ?", USER)) {
            String name = Quoting.identifier((String) role.get("rolname"));
            psql("DROP OWNED BY " + name + " CASCADE; DROP ROLE " + name);
        }
        psql("COMMENT ON DATABASE postgres IS NULL; COMMENT ON ROLE " + USER + " IS NULL");
    }

    @Override
    public synchronized void close() {
        if (shutdownHook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException e) {
                // the JVM is shutting down already; the hook stops the server
            }
            shutdownHook = null;
        }
        stop();
    }

    private synchronized void stop() {
        PgCtl stopping = cluster;
        cluster = null;
        if (stopping == null) {
            return;
        }
        try {
            stopping.stop("fast");
        } catch (IOException e) {
            throw new IllegalStateException("cannot stop PostgreSQL in " + stopping.directory() + ": "
                    + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            stopping.delete();
        }
    }
}
