package dev.plumbline.provider.postgres;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * What becomes of the object a resource stood for before, once it stands for another: a Grant whose role
 * or target changed, a Schema or Extension whose {@code spec.name} or {@code spec.database} changed. The
 * ledger still holds a row of the stack for that resource naming the former object. A former grant the
 * stack created is revoked (privileges nobody manages must not linger); a former role, database, schema or
 * extension is never dropped on a rename (it may hold data): it is released, its provenance line removed,
 * and stays where it is. Either way the former row goes, and the apply result says what happened.
 */
final class Superseded {

    private Superseded() {
    }

    /**
     * The rows among {@code rows} that {@code stack} holds for the resource of {@code now}'s kind named
     * {@code resource}, other than {@code now}'s own: the objects it stood for before.
     */
    static List<Ledger.Row> former(Collection<Ledger.Row> rows, String stack, String resource, ObjectId now) {
        return rows.stream().filter(row -> row.owner().ownedBy(stack) && row.id().kind() == now.kind()
                && row.resource().equals(resource) && !row.id().equals(now)).toList();
    }

    /** Releases the objects of the rows {@code formerRows} (see {@link #former}); says what was done. */
    static String release(Cluster cluster, Session admin, List<Ledger.Row> formerRows) throws SQLException {
        List<String> done = new ArrayList<>();
        for (Ledger.Row former : formerRows) {
            ObjectId id = former.id();
            if (!Targets.exists(admin, id.database())) {
                done.add("the former " + id.display() + " is gone with its database");
            } else if (id.kind() == PostgresKind.GRANT) {
                Optional<GrantSpec> grant = GrantSpec.ofObject(id.database(), id.object());
                boolean revoked = former.owner().created() && grant.isPresent()
                        && Targets.on(cluster, admin, GrantApplier.where(grant.get()), "revoke " + id.display(),
                                session -> GrantApplier.revoke(session, grant.get(), "revoke " + id.display()));
                done.add("the former " + id.display() + (revoked ? " is revoked" : " stays, as it was adopted"));
            } else {
                Targets.on(cluster, admin, id.database(), "release " + id.display(), session -> {
                    try {
                        Optional<String> comment = Comments.read(session, id);
                        if (comment.isPresent()) {
                            Comments.write(session, id, ProvenanceComment.strip(comment.get()));
                        }
                        return null;
                    } catch (SQLException e) {
                        throw PostgresFailures.failed("release " + id.display(), e);
                    }
                });
                done.add("the former " + id.display() + " is no longer managed and stays in place; drop it by"
                        + " hand if it is not needed");
            }
            cluster.ledger().remove(admin, id);
        }
        return done.isEmpty() ? "" : "; " + String.join("; ", done);
    }
}
