package dev.plumbline.provider.postgres;

import dev.plumbline.model.LiveObject;
import dev.plumbline.model.Resource;
import dev.plumbline.plan.Change;
import dev.plumbline.provider.ApplyContext;
import dev.plumbline.provider.ApplyResult;
import dev.plumbline.provider.ownership.OwnedByAnotherStack;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Optional;

/**
 * The shape every write of a role, database, schema or extension has: read the object's comment (which
 * says whether it exists, and who stamped it), refuse an object another stack owns, record the intent in
 * the ledger, then create or update the object and write its provenance comment, in one transaction where
 * PostgreSQL allows. An update that changes only labels or annotations, of an object whose comment already
 * carries the stack's stamp, writes only the ledger row ({@link Ledger#rowOnly}): the object and its comment
 * stay as they are. Prune drops the object only when the stack's stamp says it created it; an adopted one
 * gets its comment back without the stamp and stays. The kinds fill in the DDL.
 */
abstract class CommentedApplier<S extends ObjectSpec> implements KindApplier {

    protected final Cluster cluster;
    private final Class<S> type;

    CommentedApplier(Cluster cluster, Class<S> type) {
        this.cluster = cluster;
        this.type = type;
    }

    /** Creates the object {@code spec} describes; it does not exist. */
    abstract void create(Session session, S spec, Change change) throws SQLException;

    /** Brings the existing object to {@code spec}. */
    abstract void update(Session session, S spec, Change change) throws SQLException;

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
    public ApplyResult apply(Change change, ApplyContext context) {
        Resource desired = change.desired().orElseThrow(() -> new IllegalArgumentException(
                change.action() + " of " + change.key().display() + " carries no desired resource"));
        S spec = type.cast(Specs.valid(desired, cluster.user()));
        ObjectId id = spec.id();
        try (Session admin = cluster.admin()) {
            return Targets.on(cluster, admin, id.database(), "write " + id.display(),
                    session -> write(admin, session, spec, desired, change, context));
        }
    }

    private ApplyResult write(Session admin, Session session, S spec, Resource desired, Change change,
                              ApplyContext context) {
        ObjectId id = spec.id();
        String doing = "write " + id.display();
        try {
            Optional<String> comment = Comments.read(session, id);
            boolean exists = comment.isPresent();
            doing = (exists ? "update " : "create ") + id.display();
            Optional<Ledger.Row> row = cluster.ledger().find(admin, id);
            Optional<Stamp> stamped = ProvenanceComment.parse(comment.orElse(null));
            Optional<Stamp> owner = stamped.or(() -> row.map(Ledger.Row::stamp));
            Optional<String> other = owner.flatMap(stamp -> stamp.owner().ownerOtherThan(context.stack()));
            if (other.isPresent()) {
                throw new OwnedByAnotherStack(id.display() + " is managed by stack '" + other.get() + "'", "an object");
            }
            boolean created = owner.map(Stamp::created).orElse(!exists);
            Stamp stamp = new Stamp(context.provenance(), created, dropWithConnections(spec));
            cluster.ledger().record(admin, Ledger.Row.written(id, desired, context, created));
            if (stamped.filter(ours -> ours.ownedBy(context.stack())).isPresent() && Ledger.rowOnly(change)) {
                return ApplyResult.updated("updated the labels and annotations of " + id.display() + ", which "
                        + Ledger.TABLE + " keeps; the " + id.kind().kind().toLowerCase(Locale.ROOT)
                        + " itself is unchanged");
            }
            Session.Work work = () -> {
                if (exists) {
                    update(session, spec, change);
                } else {
                    create(session, spec, change);
                }
                Comments.write(session, id, Optional.of(ProvenanceComment.merge(comment.orElse(null), stamp)));
            };
            try {
                if (exists || createsInTransaction()) {
                    session.inTransaction(work);
                } else {
                    work.run();
                }
            } catch (SQLException | RuntimeException e) {
                if (row.isEmpty()) {
                    withdraw(admin, session, id, e);
                }
                throw e;
            }
            String former = Superseded.release(cluster, admin, context.stack(), change.key().name(), id);
            if (!exists) {
                return ApplyResult.created("created " + id.display() + former);
            }
            return ApplyResult.updated("updated " + id.display() + (owner.isEmpty()
                    ? "; it existed before, so stack '" + context.stack() + "' adopted it and prune will leave it" : "")
                    + former);
        } catch (SQLException e) {
            throw PostgresFailures.failed(doing, e);
        }
    }

    /**
     * Takes back the ledger row written for a write that failed, when the object does not exist after all
     * (a transaction rolled back), so that the row cannot later claim an object someone else makes.
     */
    private void withdraw(Session admin, Session session, ObjectId id, Exception failure) {
        try {
            if (Comments.read(session, id).isEmpty()) {
                cluster.ledger().remove(admin, id);
            }
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
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
