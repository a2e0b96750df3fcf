package dev.plumbline.provider.postgres;

import dev.plumbline.provider.credential.CredentialRef;
import java.time.Duration;
import java.util.Objects;

/**
 * How the provider reaches its server: a JDBC URL naming the database it connects to first (where it keeps
 * its ledger, see {@link Ledger}), the user, where the password comes from ({@link CredentialRef#none()} when
 * the server does not ask for one), and how long to wait for the server ({@link Timeouts}: to connect, for a
 * lock, for a statement, for an answer). The other databases of the server are reached with the same URL and
 * another database name.
 */
public record ConnectionSettings(String url, String user, CredentialRef password, Timeouts timeouts) {

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Timeouts.DEFAULT_CONNECT;

    /**
     * @throws IllegalArgumentException when the URL is not a PostgreSQL JDBC URL with a database, or carries
     *     a user or password
     */
    public ConnectionSettings {
        JdbcUrl.parse(Objects.requireNonNull(url, "url"));
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        timeouts = timeouts == null ? Timeouts.defaults() : timeouts;
    }

    /** Settings with the default {@link Timeouts}. */
    public ConnectionSettings(String url, String user, CredentialRef password) {
        this(url, user, password, Timeouts.defaults());
    }

    /** Settings with the default {@link Timeouts} but for the connect timeout. */
    public ConnectionSettings(String url, String user, CredentialRef password, Duration connectTimeout) {
        this(url, user, password, Timeouts.defaults().withConnect(connectTimeout == null
                ? DEFAULT_CONNECT_TIMEOUT : connectTimeout));
    }

    /** How long to wait for a connection. */
    public Duration connectTimeout() {
        return timeouts.connect();
    }

    JdbcUrl jdbcUrl() {
        return JdbcUrl.parse(url);
    }

    /** The database the URL names: where the provider connects first and keeps its ledger. */
    String adminDatabase() {
        return jdbcUrl().database();
    }
}
