package dev.plumbline.provider.postgres;

import dev.plumbline.model.LiveObject;
import dev.plumbline.plan.Change;
import dev.plumbline.provider.ApplyContext;
import dev.plumbline.provider.ApplyResult;
import dev.plumbline.provider.ownership.OwnedByAnotherStack;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The shape every write of a role, database, schema or extension has: from the object's comment (which
 * says whether it exists, and who stamped it) and its ledger row, refuse an object another stack owns, then
 * record the intent in the ledger and create or update the object and write its provenance comment (the
 * statements {@link BatchWriter} runs, in one transaction where PostgreSQL allows). An update that changes
 * only labels or annotations, of an object whose comment already carries the stack's stamp, writes only the
 * ledger row ({@link Ledger#rowOnly}): the object and its comment stay as they are. Prune drops the object
 * only when the stack's stamp says it created it; an adopted one gets its comment back without the stamp
 * and stays. The kinds fill in the catalog read and the DDL.
 */
abstract class CommentedApplier<S extends ObjectSpec> implements KindApplier<S, Observed<S>> {

    protected final Cluster cluster;
    private final Class<S> type;

    CommentedApplier(Cluster cluster, Class<S> type) {
        this.cluster = cluster;
        this.type = type;
    }

    /** The objects among {@code names} that exist in {@code session}'s database, by name, with their comments. */
    abstract Map<String, Observed<S>> catalog(Session session, List<String> names) throws SQLException;

    /** The statements that create the object {@code spec} describes; it does not exist. */
    abstract List<Sql> create(Session session, S spec) throws SQLException;

    /** The statements that bring the existing object, now {@code current}, to {@code spec}. */
    abstract List<Sql> update(S spec, S current, Change change);

    /** Drops the object, which the stack created. */
    abstract void drop(Session admin, Session session, S live, Stamp stamp) throws SQLException;

    /** Whether {@link #create} may run in a transaction ({@code CREATE DATABASE} may not). */
    boolean createsInTransaction() {
        return true;
    }

    /** Whether prune may end the object's sessions (a database's {@code dropWithConnections}). */
    boolean dropWithConnections(S spec) {
        return false;
    }

    @Override
    public Class<S> type() {
        return type;
    }

    /** Objects and comments in one catalog query. */
    @Override
    public Map<ObjectId, Observed<S>> read(Session session, List<S> specs) throws SQLException {
        Map<ObjectId, Observed<S>> found = new HashMap<>();
        for (Observed<S> observed : catalog(session, specs.stream().map(spec -> spec.id().object()).toList())
                .values()) {
            found.put(observed.spec().id(), observed);
        }
        return found;
    }

    @Override
    public ObjectWrite write(Session session, S spec, Change change, Optional<Observed<S>> live,
                             Optional<Ledger.Row> row, ApplyContext context) throws SQLException {
        ObjectId id = spec.id();
        boolean exists = live.isPresent();
        String doing = (exists ? "update " : "create ") + id.display();
        Optional<String> comment = live.map(Observed::comment);
        Optional<Stamp> stamped = ProvenanceComment.parse(comment.orElse(null));
        Optional<Stamp> owner = stamped.or(() -> row.map(Ledger.Row::stamp));
        Optional<String> other = owner.flatMap(stamp -> stamp.owner().ownerOtherThan(context.stack()));
        if (other.isPresent()) {
            throw new OwnedByAnotherStack(id.display() + " is managed by stack '" + other.get() + "'", "an object");
        }
        boolean created = owner.map(Stamp::created).orElse(!exists);
        Ledger.Row written = Ledger.Row.written(id, change.desired().orElseThrow(), context, created);
        if (stamped.filter(ours -> ours.ownedBy(context.stack())).isPresent() && Ledger.rowOnly(change)) {
            return new ObjectWrite(change, written, row.isEmpty(), List.of(), true,
                    ApplyResult.updated("updated the labels and annotations of " + id.display() + ", which "
                            + Ledger.TABLE + " keeps; the " + id.kind().kind().toLowerCase(Locale.ROOT)
                            + " itself is unchanged"), doing);
        }
        List<Sql> statements = new ArrayList<>(exists ? update(spec, live.get().spec(), change)
                : create(session, spec));
        Stamp stamp = new Stamp(context.provenance(), created, dropWithConnections(spec));
        statements.add(Comments.sql(id, Optional.of(ProvenanceComment.merge(comment.orElse(null), stamp))));
        ApplyResult result = !exists ? ApplyResult.created("created " + id.display())
                : ApplyResult.updated("updated " + id.display() + (owner.isEmpty() ? "; it existed before, so"
                        + " stack '" + context.stack() + "' adopted it and prune will leave it" : ""));
        return new ObjectWrite(change, written, row.isEmpty(), statements, exists || createsInTransaction(),
                result, doing);
    }

    @Override
    public ApplyResult delete(Change change, ApplyContext context) {
        LiveObject live = change.live().orElseThrow(() -> new IllegalArgumentException(
                "delete of " + change.key().display() + " carries no live object"));
        S spec = type.cast(Specs.ofLive(live, cluster.user()));
        ObjectId id = spec.id();
        try (Session admin = cluster.admin()) {
            if (!Targets.exists(admin, id.database())) {
                cluster.ledger().remove(admin, id);
                return ApplyResult.skipped("database \"" + id.database() + "\" no longer exists, and "
                        + id.display() + " with it; nothing to remove");
            }
            return Targets.on(cluster, admin, id.database(), "drop " + id.display(),
                    session -> remove(admin, session, spec, context));
        } catch (SQLException e) {
            throw PostgresFailures.failed("drop " + id.display(), e);
        }
    }

    private ApplyResult remove(Session admin, Session session, S spec, ApplyContext context) {
        ObjectId id = spec.id();
        try {
            Optional<String> comment = Comments.read(session, id);
            Optional<Ledger.Row> row = cluster.ledger().find(admin, id);
            if (comment.isEmpty()) {
                if (row.isPresent() && row.get().owner().ownedBy(context.stack())) {
                    cluster.ledger().remove(admin, id);
                }
                return ApplyResult.skipped(id.display() + " does not exist; nothing to remove");
            }
            Optional<Stamp> owner = ProvenanceComment.parse(comment.get()).or(() -> row.map(Ledger.Row::stamp));
            if (owner.isEmpty() || !owner.get().ownedBy(context.stack())) {
                return ApplyResult.skipped(id.display() + " is not managed by stack '" + context.stack() + "'"
                        + owner.map(o -> " but by stack '" + o.stack() + "'").orElse("") + "; it stays");
            }
            if (!owner.get().created()) {
                session.inTransaction(() -> Comments.write(session, id, ProvenanceComment.strip(comment.get())));
                cluster.ledger().remove(admin, id);
                return ApplyResult.skipped(id.display() + " existed before stack '" + context.stack()
                        + "' adopted it, so it stays; only its provenance is removed");
            }
            drop(admin, session, spec, owner.get());
            cluster.ledger().remove(admin, id);
            return ApplyResult.deleted("dropped " + id.display());
        } catch (SQLException e) {
            throw PostgresFailures.failed("drop " + id.display(), e);
        }
    }
}
