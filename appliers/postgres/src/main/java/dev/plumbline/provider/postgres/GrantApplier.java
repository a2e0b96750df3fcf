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
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code GRANT} and {@code REVOKE} (or {@code ALTER DEFAULT PRIVILEGES ... GRANT/REVOKE}), in one
 * transaction on the target's database: the listed privileges are granted and every other privilege of the
 * target revoked, so the role ends up holding exactly the list. The statements name one role each, so
 * that {@link BatchWriter} sends those of many grants of one target as one statement with many roles. A
 * grant cannot carry a comment, so its provenance is its ledger row, written before the statements. It
 * counts as created when the role held none of the target's privileges before the stack's first apply, and
 * as adopted otherwise; prune revokes the privileges of a created grant only, and leaves an adopted one as
 * it is. An update that changes only labels or annotations writes only the row ({@link Ledger#rowOnly}).
 */
final class GrantApplier implements KindApplier<GrantSpec, List<Set<String>>> {

    private final Cluster cluster;

    GrantApplier(Cluster cluster) {
        this.cluster = cluster;
    }

    @Override
    public Class<GrantSpec> type() {
        return GrantSpec.class;
    }

    /** The privileges each grant's role holds on what its target covers, one query per kind of target. */
    @Override
    public Map<ObjectId, List<Set<String>>> read(Session session, List<GrantSpec> specs) throws SQLException {
        return GrantCatalog.held(session, specs);
    }

    @Override
    public ObjectWrite write(Session session, GrantSpec spec, Change change, Optional<List<Set<String>>> live,
                             Optional<Ledger.Row> row, ApplyContext context) {
        ObjectId id = spec.id();
        String doing = "apply " + id.display();
        Optional<String> other = row.flatMap(found -> found.owner().ownerOtherThan(context.stack()));
        if (other.isPresent()) {
            throw new OwnedByAnotherStack(id.display() + " is managed by stack '" + other.get() + "'", "a grant");
        }
        Resource desired = change.desired().orElseThrow();
        if (row.isPresent() && Ledger.rowOnly(change)) {
            return new ObjectWrite(change, Ledger.Row.written(id, desired, context, row.get().owner().created()),
                    false, List.of(), true, ApplyResult.updated("updated the labels and annotations of "
                            + id.display() + ", which " + Ledger.TABLE + " keeps; its privileges are unchanged"),
                    doing);
        }
        Set<String> held = new HashSet<>();
        live.orElse(List.of()).forEach(held::addAll);
        boolean created = row.map(found -> found.owner().created()).orElse(held.isEmpty());
        List<Sql> statements = new ArrayList<>(List.of(statement(spec, true, spec.privileges())));
        List<String> revoked = new ArrayList<>(spec.target().privileges());
        revoked.removeAll(spec.privileges());
        if (!revoked.isEmpty()) {
            statements.add(statement(spec, false, revoked));
        }
        String what = "granted " + id.display() + ": " + String.join(", ", spec.privileges());
        ApplyResult result = row.isEmpty() && held.isEmpty() ? ApplyResult.created(what)
                : ApplyResult.updated(what + (row.isEmpty() ? "; the role held privileges there before, so stack '"
                        + context.stack() + "' adopted the grant and prune will leave it" : ""));
        return new ObjectWrite(change, Ledger.Row.written(id, desired, context, created), row.isEmpty(), statements,
                true, result, doing);
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
            session.inTransaction(() -> session.execute(statement(spec, false, spec.target().privileges()).text()));
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

    /** {@code GRANT}/{@code REVOKE} of {@code privileges} (canonical keywords, never user text), to/from the role. */
    static Sql statement(GrantSpec spec, boolean grant, List<String> privileges) {
        String verb = (grant ? "GRANT " : "REVOKE ") + String.join(", ", privileges);
        String to = grant ? " TO" : " FROM";
        if (spec.defaultPrivileges()) {
            return Sql.toRole("ALTER DEFAULT PRIVILEGES FOR ROLE " + Quoting.identifier(spec.forRole()) + " IN SCHEMA "
                    + Quoting.identifier(spec.schema()) + " " + verb + " ON " + spec.target().keyword() + to,
                    spec.role());
        }
        return Sql.toRole(verb + " ON " + spec.target().on(spec.database(), spec.schema()) + to, spec.role());
    }
}
