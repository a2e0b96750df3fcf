package dev.plumbline.provider.postgres;

import dev.plumbline.problem.Reasons;
import dev.plumbline.plan.Change;
import dev.plumbline.problem.StalledException;
import dev.plumbline.problem.TransientException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code CREATE DATABASE} (outside a transaction, as PostgreSQL demands; the provenance comment follows
 * at once), {@code ALTER DATABASE} (in one), and {@code DROP DATABASE}. A database that still has
 * sessions is dropped only when its stamp says {@code dropWithConnections} (then {@code WITH (FORCE)} ends
 * them); otherwise prune stops with {@code DatabaseInUse}, naming the sessions. That failure is transient:
 * sessions end by themselves, so a later run (with backoff, or the drift timer) tries again. The
 * provider's own pool for the database is closed first, and its sessions, which end a moment after, are
 * waited for (up to two seconds).
 */
final class DatabaseApplier extends CommentedApplier<DatabaseSpec> {

    /** How a session of the provider's own pools describes itself (see {@link ConnectionPools}). */
    private static final String OWN = " (" + ConnectionPools.APPLICATION_NAME + ")";
    private static final int CLOSING_POLLS = 40;
    private static final Duration CLOSING_POLL = Duration.ofMillis(50);

    DatabaseApplier(Cluster cluster) {
        super(cluster, DatabaseSpec.class);
    }

    @Override
    boolean createsInTransaction() {
        return false;
    }

    @Override
    boolean dropWithConnections(DatabaseSpec spec) {
        return spec.dropWithConnections();
    }

    @Override
    Map<String, Observed<DatabaseSpec>> catalog(Session session, List<String> names) throws SQLException {
        return DatabaseCatalog.read(session, names);
    }

    @Override
    List<Sql> create(Session session, DatabaseSpec spec) throws SQLException {
        StringBuilder sql = new StringBuilder("CREATE DATABASE " + Quoting.identifier(spec.name()) + " OWNER "
                + Quoting.identifier(spec.owner()));
        if (spec.encoding().isPresent()) {
            String encoding = spec.encoding().get();
            sql.append(" ENCODING ").append(Quoting.literal(encoding));
            String template = session.queryOne("SELECT pg_encoding_to_char(encoding) FROM pg_database"
                    + " WHERE datname = 'template1'", rs -> rs.getString(1)).orElse(encoding);
            if (!template.equals(encoding)) {
                // template1 has another encoding; only template0 can be copied into any
                sql.append(" TEMPLATE template0");
            }
        }
        sql.append(" CONNECTION LIMIT ").append(spec.connectionLimit())
                .append(" ALLOW_CONNECTIONS ").append(spec.allowConnections());
        return List.of(Sql.of(sql.toString()));
    }

    @Override
    List<Sql> update(DatabaseSpec spec, DatabaseSpec current, Change change) {
        String name = Quoting.identifier(spec.name());
        if (spec.encoding().isPresent() && !spec.encoding().equals(current.encoding())) {
            throw new StalledException(Reasons.POSTGRES_ERROR, "cannot update database \"" + spec.name() + "\": its encoding"
                    + " is " + current.encoding().orElse("?") + " and PostgreSQL cannot change it to "
                    + spec.encoding().get() + "; dump, drop and create it again, or set spec.encoding back");
        }
        List<Sql> statements = new ArrayList<>();
        if (!spec.owner().equals(current.owner())) {
            statements.add(Sql.of("ALTER DATABASE " + name + " OWNER TO " + Quoting.identifier(spec.owner())));
        }
        if (spec.connectionLimit() != current.connectionLimit()) {
            statements.add(Sql.of("ALTER DATABASE " + name + " WITH CONNECTION LIMIT " + spec.connectionLimit()));
        }
        if (spec.allowConnections() != current.allowConnections()) {
            statements.add(Sql.of("ALTER DATABASE " + name + " WITH ALLOW_CONNECTIONS " + spec.allowConnections()));
        }
        return statements;
    }

    @Override
    void drop(Session admin, Session session, DatabaseSpec live, Stamp stamp) throws SQLException {
        cluster.evict(live.name());
        List<String> sessions = sessions(admin, live.name());
        // the connections of the pool just closed end a moment after they are closed: wait for those only
        for (int poll = 0; poll < CLOSING_POLLS && !sessions.isEmpty() && !stamp.dropWithConnections()
                && sessions.stream().allMatch(description -> description.endsWith(OWN)); poll++) {
            try {
                Thread.sleep(CLOSING_POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            sessions = sessions(admin, live.name());
        }
        if (!sessions.isEmpty() && !stamp.dropWithConnections()) {
            throw inUse(live.name(), sessions);
        }
        try {
            admin.execute("DROP DATABASE " + Quoting.identifier(live.name())
                    + (stamp.dropWithConnections() ? " WITH (FORCE)" : ""));
        } catch (SQLException e) {
            if ("55006".equals(e.getSQLState())) {
                throw inUse(live.name(), List.of("a session that connected just now"));
            }
            throw e;
        }
        cluster.ledger().removeInside(admin, live.name(), stamp.stack());
    }

    /** The client sessions on {@code database}, as {@code user from host (application)}. */
    private static List<String> sessions(Session admin, String database) throws SQLException {
        return admin.query("SELECT coalesce(nullif(usename, ''), '?') || ' from '"
                + " || coalesce(host(client_addr), 'a local socket') || coalesce(' (' || nullif(application_name, '')"
                + " || ')', '') FROM pg_stat_activity WHERE datname = ? AND pid <> pg_backend_pid()"
                + " AND backend_type = 'client backend' ORDER BY pid",
                rs -> rs.getString(1), database);
    }

    private static TransientException inUse(String database, List<String> sessions) {
        return new TransientException(Reasons.DATABASE_IN_USE, "database \"" + database + "\" is not dropped: it has "
                + sessions.size() + (sessions.size() == 1 ? " open session" : " open sessions") + " ("
                + String.join(", ", sessions) + "). End them, or set spec.dropWithConnections: true and apply"
                + " that before removing the database, to have prune end them");
    }
}
