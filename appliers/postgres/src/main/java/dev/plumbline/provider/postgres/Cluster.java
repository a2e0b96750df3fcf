package dev.plumbline.provider.postgres;

/**
 * The PostgreSQL server one provider writes to, as the observers and appliers see it: sessions on any of
 * its databases, the "admin" database the URL names (where the ledger is, and where roles, databases and
 * database grants are read and written), the user the provider connects as (the default owner of what it
 * creates), and the ledger.
 */
final class Cluster implements AutoCloseable {

    private final ConnectionSettings settings;
    private final ConnectionPools pools;
    private final Ledger ledger = new Ledger();

    Cluster(String provider, ConnectionSettings settings) {
        this.settings = settings;
        this.pools = new ConnectionPools(provider, settings);
    }

    ConnectionSettings settings() {
        return settings;
    }

    /** The user the provider connects as. */
    String user() {
        return settings.user();
    }

    String adminDatabase() {
        return settings.adminDatabase();
    }

    Ledger ledger() {
        return ledger;
    }

    /** A session on the database the URL names. */
    Session admin() {
        return pools.open(adminDatabase());
    }

    /** A session on {@code database}, which must exist. */
    Session open(String database) {
        return pools.open(database);
    }

    /** Lets go of every connection to {@code database}, before dropping it. */
    void evict(String database) {
        pools.evict(database);
    }

    @Override
    public void close() {
        pools.close();
    }
}
