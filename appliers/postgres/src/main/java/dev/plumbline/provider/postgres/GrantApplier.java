package dev.plumbline.provider.postgres;

import dev.plumbline.model.LiveObject;
import dev.plumbline.model.Resource;
import dev.plumbline.plan.Change;
import dev.plumbline.provider.ApplyContext;
import dev.plumbline.provider.ApplyResult;
import dev.plumbline.provider.ownership.OwnedByAnotherStack;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code GRANT} and {@code REVOKE} (or {@code ALTER DEFAULT PRIVILEGES ... GRANT/REVOKE}), in one
 * transaction on the target's database: the listed privileges are granted and every other privilege of the
 * target revoked, so the role ends up holding exactly the list. A grant cannot carry a comment, so its
 * provenance is its ledger row, written before the statements. It counts as created when the role held
 * none of the target's privileges before the stack's first apply, and as adopted otherwise; prune revokes
 * the privileges of a created grant only, and leaves an adopted one as it is. An update that changes only
 * labels or annotations writes only the row ({@link Ledger#rowOnly}).
 */
final class GrantApplier implements KindApplier {

    private final Cluster cluster;

    GrantApplier(Cluster cluster) {
        this.cluster = cluster;
    }

    @Override
    public ApplyResult apply(Change change, ApplyContext context) {
        Resource desired = change.desired().orElseThrow(() -> new IllegalArgumentException(
                change.action() + " of " + change.key().display() + " carries no desired resource"));
        GrantSpec spec = (GrantSpec) Specs.valid(desired, cluster.user());
        ObjectId id = spec.id();
        String doing = "apply " + id.display();
        try (Session admin = cluster.admin()) {
            Optional<Ledger.Row> row = cluster.ledger().find(admin, id);
            Optional<String> other = row.flatMap(found -> found.owner().ownerOtherThan(context.stack()));
            if (other.isPresent()) {
                throw new OwnedByAnotherStack(id.display() + " is managed by stack '" + other.get() + "'", "a grant");
            }
            if (row.isPresent() && Ledger.rowOnly(change)) {
                cluster.ledger().record(admin, Ledger.Row.written(id, desired, context, row.get().owner().created()));
                return ApplyResult.updated("updated the labels and annotations of " + id.display() + ", which "
                        + Ledger.TABLE + " keeps; its privileges are unchanged");
            }
            return Targets.on(cluster, admin, where(spec), doing, session -> {
                try {
                    Set<String> held = new HashSet<>();
                    GrantCatalog.held(session, List.of(spec)).getOrDefault(id, List.of()).forEach(held::addAll);
                    boolean created = row.map(found -> found.owner().created()).orElse(held.isEmpty());
                    cluster.ledger().record(admin, Ledger.Row.written(id, desired, context, created));
                    List<String> revoked = new ArrayList<>(spec.target().privileges());
                    revoked.removeAll(spec.privileges());
                    try {
                        session.inTransaction(() -> {
                            session.execute(statement(spec, true, spec.privileges()));
                            if (!revoked.isEmpty()) {
                                session.execute(statement(spec, false, revoked));
                            }
                        });
                    } catch (SQLException | RuntimeException e) {
                        // rolled back: nothing was granted, so a fresh intent is taken back
                        if (row.isEmpty()) {
                            cluster.ledger().remove(admin, id);
                        }
                        throw e;
                    }
                    String what = id.display() + ": " + String.join(", ", spec.privileges())
                            + Superseded.release(cluster, admin, context.stack(), change.key().name(), id);
                    if (row.isEmpty() && held.isEmpty()) {
                        return ApplyResult.created("granted " + what);
                    }
                    return ApplyResult.updated("granted " + what + (row.isEmpty() ? "; the role held privileges"
                            + " there before, so stack '" + context.stack() + "' adopted the grant and prune will"
                            + " leave it" : ""));
                } catch (SQLException e) {
                    throw PostgresFailures.failed(doing, e);
                }
            });
        } catch (SQLException e) {
            throw PostgresFailures.failed(doing, e);
        }
    }

    @Override
    public ApplyResult delete(Change change, ApplyContext context) {
        LiveObject live = change.live().orElseThrow(() -> new IllegalArgumentException(
                "delete of " + change.key().display() + " carries no live object"));
        GrantSpec spec = (GrantSpec) Specs.ofLive(live, cluster.user());
        ObjectId id = spec.id();
        String doing = "revoke " + id.display();
        try (Session admin = cluster.admin()) {
            Optional<Ledger.Row> row = cluster.ledger().find(admin, id);
            if (row.isEmpty() || !row.get().owner().ownedBy(context.stack())) {
                return ApplyResult.skipped(id.display() + " is not managed by stack '" + context.stack() + "'"
                        + row.map(r -> " but by stack '" + r.owner().stack() + "'").orElse("") + "; it stays");
            }
            if (row.get().owner().adopted()) {
                cluster.ledger().remove(admin, id);
                return ApplyResult.skipped(id.display() + " was held before stack '" + context.stack()
                        + "' adopted it, so it stays; only its ledger row is removed");
            }
            if (!Targets.exists(admin, where(spec))) {
                cluster.ledger().remove(admin, id);
                return ApplyResult.skipped("database \"" + spec.database() + "\" no longer exists, and "
                        + id.display() + " with it; nothing to revoke");
            }
            boolean revoked = Targets.on(cluster, admin, where(spec), doing, session -> revoke(session, spec, doing));
            cluster.ledger().remove(admin, id);
            return revoked ? ApplyResult.deleted("revoked " + id.display())
                    : ApplyResult.skipped(id.display() + ": its role or schema no longer exists; nothing to revoke");
        } catch (SQLException e) {
            throw PostgresFailures.failed(doing, e);
        }
    }

    /** Revokes all of the target's privileges; false when the role or schema is gone (nothing to revoke). */
    static boolean revoke(Session session, GrantSpec spec, String doing) {
        try {
            session.inTransaction(() -> session.execute(statement(spec, false, spec.target().privileges())));
            return true;
        } catch (SQLException e) {
            if (List.of("42704", "3F000", "3D000").contains(e.getSQLState())) {
                return false;
            }
            throw PostgresFailures.failed(doing, e);
        }
    }

    /** The database to run in: grants on a database run on the admin database, the rest on theirs. */
    static String where(GrantSpec spec) {
        return spec.target() == GrantTarget.DATABASE ? "" : spec.database();
    }

    /** {@code GRANT}/{@code REVOKE} of {@code privileges} (canonical keywords, never user text). */
    static String statement(GrantSpec spec, boolean grant, List<String> privileges) {
        String verb = (grant ? "GRANT " : "REVOKE ") + String.join(", ", privileges);
        String role = (grant ? " TO " : " FROM ") + Quoting.identifier(spec.role());
        if (spec.defaultPrivileges()) {
            return "ALTER DEFAULT PRIVILEGES FOR ROLE " + Quoting.identifier(spec.forRole()) + " IN SCHEMA "
                    + Quoting.identifier(spec.schema()) + " " + verb + " ON " + spec.target().keyword() + role;
        }
        return verb + " ON " + spec.target().on(spec.database(), spec.schema()) + role;
    }
}
