package dev.plumbline.provider.postgres;

import dev.plumbline.problem.Reasons;
import dev.plumbline.model.LiveObject;
import dev.plumbline.model.Resource;
import dev.plumbline.model.ResourceKey;
import dev.plumbline.problem.StalledException;
import java.sql.SQLException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads what is live for one stack, in bulk: the ledger once; roles, their password verifiers (only for
 * roles whose manifest sets a password), databases and database grants with one query each on the
 * database the URL names; then, per database that holds desired or owned schemas, extensions or grants,
 * one query per kind there. Objects the stack no longer desires are found by name (roles, databases) or
 * through the ledger (the rest). Live state has the shape of the normalised desired state (see
 * {@link LiveState}); provenance comes from the object's comment, or from the ledger where it has none, and
 * labels and annotations from the ledger alone.
 */
final class PostgresObserver {

    private final String provider;
    private final Cluster cluster;
    private final NormalisedSpecs specs;

    PostgresObserver(String provider, Cluster cluster, NormalisedSpecs specs) {
        this.provider = provider;
        this.cluster = cluster;
        this.specs = specs;
    }

    Map<ResourceKey, LiveObject> observe(String stack, List<Resource> desired, Collection<ResourceKey> inventory) {
        Map<ResourceKey, ObjectSpec> wanted = new LinkedHashMap<>();
        for (Resource resource : desired) {
            wanted.put(resource.key(), specs.valid(resource, cluster.user()));
        }
        try (Session admin = cluster.admin()) {
            LiveState state = new LiveState(stack, wanted);
            try {
                state.rows(cluster.ledger().read(admin, stack, wanted.values().stream().map(ObjectSpec::id).toList()));
                for (ResourceKey key : inventory) {
                    if (!wanted.containsKey(key) && ours(key)) {
                        state.locate(key);
                    }
                }
                readShared(admin, state);
            } catch (SQLException e) {
                throw PostgresFailures.failed("read roles and databases at " + cluster.adminDatabase(), e);
            }
            for (String database : state.databasesInside()) {
                readInside(database, state);
            }
            return state.live();
        }
    }

    private boolean ours(ResourceKey key) {
        return key.provider().equals(provider) && key.group().equals(PostgresProvider.GROUP)
                && PostgresKind.of(key.kind()).isPresent();
    }

    private void readShared(Session admin, LiveState state) throws SQLException {
        state.roles(RoleCatalog.read(admin, state.names(PostgresKind.ROLE, "")));
        Set<String> withPassword = new LinkedHashSet<>();
        state.wanted().forEach((key, spec) -> {
            if (spec instanceof RoleSpec role && role.password().isPresent()) {
                withPassword.add(role.name());
            }
        });
        if (!withPassword.isEmpty()) {
            try {
                state.verifiers(RoleCatalog.verifiers(admin, withPassword));
            } catch (SQLException e) {
                if (!"42501".equals(e.getSQLState())) {
                    throw e;
                }
                throw new StalledException(Reasons.POSTGRES_ERROR, "cannot compare the passwords of role "
                        + String.join(", ", withPassword) + " with the manifest: reading what PostgreSQL stores"
                        + " (pg_authid) needs a superuser; connect as one, or leave spec.password out");
            }
        }
        Set<String> databases = new LinkedHashSet<>(state.names(PostgresKind.DATABASE, ""));
        databases.addAll(state.databasesInside());
        state.databases(DatabaseCatalog.read(admin, databases));
        state.held(GrantCatalog.held(admin, state.grants(null).stream()
                .filter(grant -> grant.target() == GrantTarget.DATABASE).toList()));
    }

    private void readInside(String database, LiveState state) {
        Optional<DatabaseSpec> found = state.database(database);
        List<GrantSpec> grants = state.grants(database).stream()
                .filter(grant -> grant.target() != GrantTarget.DATABASE).toList();
        Set<String> schemas = state.names(PostgresKind.SCHEMA, database);
        Set<String> extensions = state.names(PostgresKind.EXTENSION, database);
        if (found.isEmpty() || grants.isEmpty() && schemas.isEmpty() && extensions.isEmpty()) {
            return;
        }
        if (!found.get().allowConnections()) {
            throw new StalledException(Reasons.DATABASE_CLOSED, "database \"" + database + "\" does not allow connections"
                    + " (allowConnections: false), so its schemas, extensions and grants cannot be read; allow"
                    + " connections, or remove them from the stack");
        }
        try (Session session = cluster.open(database)) {
            state.schemas(database, SchemaCatalog.schemas(session, schemas));
            state.extensions(database, SchemaCatalog.extensions(session, extensions));
            state.held(GrantCatalog.held(session, grants));
        } catch (SQLException e) {
            throw PostgresFailures.failed("read schemas, extensions and grants in database \"" + database + "\"", e);
        }
    }
}
