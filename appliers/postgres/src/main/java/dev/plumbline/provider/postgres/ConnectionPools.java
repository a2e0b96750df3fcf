package dev.plumbline.provider.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import com.zaxxer.hikari.util.Credentials;
import dev.plumbline.problem.TransientException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The provider's connections: one small HikariCP pool per database of the server, each made the first
 * time that database is needed, all closed with the provider. The password is read from its
 * {@link dev.plumbline.provider.credential.CredentialRef} whenever a connection is opened, never stored in
 * the pool's settings. A database's pool is closed before the database is dropped ({@link #evict}), since
 * its idle connections would keep the drop from happening. Every connection is bounded by the
 * {@link Timeouts}: the driver's connect, login and socket timeouts, and {@code lock_timeout} and
 * {@code statement_timeout} set on the session when it is opened, with {@code plan_cache_mode}
 * ({@link #CUSTOM_PLANS}).
 */
final class ConnectionPools implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionPools.class);
    private static final int MAX_CONNECTIONS = 2;

    /**
     * Sets {@code plan_cache_mode} so that PostgreSQL plans every query with the values it is run with, even
     * once the driver has prepared it on the server (from its fifth run): a generic plan does not know how
     * many names an array holds, nor their values, and looks each row up in the whole array instead of a hash
     * of it, which made observing a stack of a thousand roles five times slower from its sixth run on.
     */
    static final String CUSTOM_PLANS = "set_config('plan_cache_mode', 'force_custom_plan', false)";

    /** The {@code application_name} of every session of the provider's pools. */
    static final String APPLICATION_NAME = "plumbline";

    private final String provider;
    private final ConnectionSettings settings;
    private final Map<String, HikariDataSource> pools = new LinkedHashMap<>();
    private boolean closed;

    ConnectionPools(String provider, ConnectionSettings settings) {
        this.provider = provider;
        this.settings = settings;
    }

    /**
     * A session on {@code database}, which must exist.
     *
     * @throws TransientException with reason {@code Unreachable} when no connection can be opened,
     *     {@code Timeout} when none could be had within the connect timeout, or {@code SecretUnavailable} when
     *     the password cannot be read
     */
    Session open(String database) {
        settings.password().resolve();
        HikariDataSource pool = pool(database);
        try {
            Connection connection = pool.getConnection();
            return new Session(connection, database, settings.timeouts());
        } catch (SQLException e) {
            throw unreachable(e, database);
        }
    }

    private synchronized HikariDataSource pool(String database) {
        if (closed) {
            throw new IllegalStateException("provider '" + provider + "' is closed");
        }
        HikariDataSource pool = pools.get(database);
        if (pool == null) {
            try {
                pool = new HikariDataSource(config(database));
            } catch (HikariPool.PoolInitializationException e) {
                SQLException cause = e.getCause() instanceof SQLException sql ? sql
                        : new SQLException(e.getCause() == null ? e.getMessage() : e.getCause().getMessage());
                throw unreachable(cause, database);
            }
            pools.put(database, pool);
            LOG.debug("provider '{}' opened a connection pool for database {}", provider, database);
        }
        return pool;
    }

    private TransientException unreachable(SQLException e, String database) {
        return PostgresFailures.unreachable(e, settings.jdbcUrl().withDatabase(database).describe(), settings.user(),
                settings.timeouts());
    }

    private HikariConfig config(String database) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("plumbline-" + provider + "-" + database);
        config.setJdbcUrl(settings.jdbcUrl().withDatabase(database).text());
        config.setCredentialsProvider(() -> new Credentials(settings.user(),
                settings.password().resolve().orElse(null)));
        config.setMaximumPoolSize(MAX_CONNECTIONS);
        config.setMinimumIdle(0);
        config.setIdleTimeout(60_000);
        Timeouts timeouts = settings.timeouts();
        long connect = Math.max(250, timeouts.connect().toMillis());
        config.setConnectionTimeout(connect);
        config.setValidationTimeout(Math.min(connect, 5_000));
        // fail at once when the server cannot be reached, rather than after the connection timeout
        config.setInitializationFailTimeout(1);
        // every session waits at most this long for a lock and for a statement, whoever sets up the server;
        // and plans each query with its own values (see CUSTOM_PLANS)
        config.setConnectionInitSql(timeouts.sessionSql() + ", " + CUSTOM_PLANS);
        config.addDataSourceProperty("ApplicationName", APPLICATION_NAME);
        // as text: the driver reads its properties with getProperty, which sees nothing but strings
        config.addDataSourceProperty("connectTimeout", String.valueOf(Timeouts.seconds(timeouts.connect())));
        config.addDataSourceProperty("loginTimeout", String.valueOf(Timeouts.seconds(timeouts.connect())));
        config.addDataSourceProperty("socketTimeout", String.valueOf(Timeouts.seconds(timeouts.socket())));
        return config;
    }

    /** Closes the pool of {@code database}, if there is one, so that the database can be dropped. */
    void evict(String database) {
        HikariDataSource pool;
        synchronized (this) {
            pool = pools.remove(database);
        }
        if (pool != null) {
            pool.close();
        }
    }

    @Override
    public void close() {
        List<HikariDataSource> open;
        synchronized (this) {
            closed = true;
            open = new ArrayList<>(pools.values());
            pools.clear();
        }
        open.forEach(HikariDataSource::close);
    }
}
