package dev.plumbline.provider.postgres;

import dev.plumbline.plan.Change;
import dev.plumbline.problem.PlumblineException;
import dev.plumbline.problem.TransientException;
import dev.plumbline.provider.ApplyContext;
import dev.plumbline.provider.ApplyResult;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one batch of {@link Batches}: writes of one kind in one database, in order.
 *
 * <ol>
 *   <li>Reads in bulk what is live of the batch's objects (one catalog query) and their ledger rows, with the
 *       rows of the objects the same resources stood for before (one query).</li>
 *   <li>Works out every write ({@link KindApplier#write}); one that is refused (another stack owns the
 *       object) ends the batch there: the writes before it go on, and the refusal is the batch's failure.</li>
 *   <li>Records the intents, every write's ledger row, in one transaction, before any object.</li>
 *   <li>Writes the objects and their comments in one transaction, in one round trip: the statements of all
 *       the writes, those of many roles to one target sent as one ({@link Sql#merged}).</li>
 *   <li>When PostgreSQL refuses a statement, that transaction wrote nothing; the writes are run again one by
 *       one, each behind a savepoint, to find the first that fails: those before it are committed, it and
 *       those after it are not, and their fresh intents are taken back. The failure names that object, in
 *       PostgreSQL's words. A failure that may pass (a lost connection, a lock timeout) is not run again:
 *       nothing of the batch's objects was written, its fresh intents are taken back when the connection
 *       still allows, and the failure names the batch.</li>
 *   <li>Releases the objects the resources stood for before ({@link Superseded}).</li>
 * </ol>
 *
 * A {@code CREATE DATABASE} cannot run in a transaction: such a write comes alone, its statements run one
 * after the other, and its intent is taken back only when the database does not exist after a failure.
 */
final class BatchWriter {

    private static final Logger LOG = LoggerFactory.getLogger(BatchWriter.class);
    private static final String SAVEPOINT = "plumbline_write";

    /** The results of the changes written, in order, and the failure of the one after them, if any. */
    record Written(List<ApplyResult> results, Optional<PlumblineException> failure) {
        Written {
            results = List.copyOf(results);
        }
    }

    private final Cluster cluster;
    private final NormalisedSpecs normalised;

    BatchWriter(Cluster cluster, NormalisedSpecs normalised) {
        this.cluster = cluster;
        this.normalised = normalised;
    }

    /** Writes {@code changes}, a batch of {@link Batches}, with {@code applier}, the applier of their kind. */
    <S extends ObjectSpec, L> Written write(KindApplier<S, L> applier, List<Change> changes, ApplyContext context) {
        List<S> specs = new ArrayList<>();
        for (Change change : changes) {
            specs.add(applier.type().cast(normalised.valid(change.desired().orElseThrow(() ->
                    new IllegalArgumentException(change.action() + " of " + change.key().display()
                            + " carries no desired resource")), cluster.user())));
        }
        ObjectId first = specs.get(0).id();
        String doing = (first.kind() == PostgresKind.GRANT ? "apply " : "write ") + first.display();
        try (Session admin = cluster.admin()) {
            return Targets.on(cluster, admin, where(specs.get(0)), doing, session -> {
                try {
                    return write(admin, session, applier, changes, specs, context);
                } catch (SQLException e) {
                    throw PostgresFailures.failed(doing, e);
                }
            });
        }
    }

    /** The database a spec's object is written in: {@code ""} for the admin database. */
    static String where(ObjectSpec spec) {
        return spec instanceof GrantSpec grant ? GrantApplier.where(grant) : spec.id().database();
    }

    private <S extends ObjectSpec, L> Written write(Session admin, Session session, KindApplier<S, L> applier,
                                                    List<Change> changes, List<S> specs, ApplyContext context)
            throws SQLException {
        Map<ObjectId, L> live = applier.read(session, specs);
        Set<String> resources = new LinkedHashSet<>();
        changes.forEach(change -> resources.add(change.key().name()));
        List<Ledger.Row> found = cluster.ledger().rows(admin, context.stack(), specs.get(0).id().kind(),
                specs.stream().map(ObjectSpec::id).toList(), resources);
        Map<ObjectId, Ledger.Row> rows = new HashMap<>();
        found.forEach(row -> rows.put(row.id(), row));
        List<ObjectWrite> writes = new ArrayList<>();
        Optional<PlumblineException> refused = Optional.empty();
        for (int i = 0; i < changes.size(); i++) {
            ObjectId id = specs.get(i).id();
            try {
                writes.add(applier.write(session, specs.get(i), changes.get(i), Optional.ofNullable(live.get(id)),
                        Optional.ofNullable(rows.get(id)), context));
            } catch (PlumblineException e) {
                refused = Optional.of(e);
                break;
            }
        }
        cluster.ledger().recordAll(admin, writes.stream().map(ObjectWrite::row).toList());
        Optional<Stop> stop = objects(admin, session, applier, writes);
        int written = stop.map(Stop::at).orElse(writes.size());
        List<ApplyResult> results = new ArrayList<>();
        for (ObjectWrite write : writes.subList(0, written)) {
            List<Ledger.Row> former = Superseded.former(found, context.stack(), write.change().key().name(),
                    write.id());
            try {
                results.add(former.isEmpty() ? write.result()
                        : write.reporting(Superseded.release(cluster, admin, former)).result());
            } catch (SQLException | PlumblineException e) {
                // the object is written; what the resource stood for before stays to be released next time
                return new Written(results, Optional.of(e instanceof SQLException sql
                        ? PostgresFailures.failed("release what " + write.id().display() + " replaced", sql)
                        : (PlumblineException) e));
            }
        }
        Optional<PlumblineException> notWritten = refused;
        return new Written(results, stop.map(Stop::failure).or(() -> notWritten));
    }

    /** The first write that failed, by its position among the batch's writes, and its failure. */
    private record Stop(int at, PlumblineException failure) {
    }

    /** Runs the writes' statements; the first write that failed, or nothing when all were written. */
    private <S extends ObjectSpec, L> Optional<Stop> objects(Session admin, Session session,
                                                             KindApplier<S, L> applier, List<ObjectWrite> writes) {
        List<Sql> statements = new ArrayList<>();
        writes.forEach(write -> statements.addAll(write.statements()));
        if (statements.isEmpty()) {
            return Optional.empty();
        }
        if (writes.size() == 1 && !writes.get(0).transactional()) {
            return alone(admin, session, applier, writes.get(0));
        }
        try {
            session.inTransaction(() -> session.executeAll(Sql.merged(statements)));
            return Optional.empty();
        } catch (SQLException e) {
            PlumblineException failure = PostgresFailures.failed(doing(writes), e, secrets(writes));
            if (writes.size() == 1 || failure instanceof TransientException) {
                withdraw(admin, writes, 0, failure);
                return Optional.of(new Stop(0, failure));
            }
            LOG.debug("a batch of {} failed ({}); running it again one write at a time", writes.size(),
                    failure.getMessage());
            return oneByOne(admin, session, writes);
        }
    }

    /**
     * Runs the writes again one by one, each behind a savepoint, and commits those before the first that
     * PostgreSQL refuses; its failure, or nothing when all were written after all.
     */
    private Optional<Stop> oneByOne(Session admin, Session session, List<ObjectWrite> writes) {
        int[] failedAt = {-1};
        SQLException[] refusal = {null};
        try {
            session.inTransaction(() -> {
                for (int i = 0; i < writes.size() && failedAt[0] < 0; i++) {
                    session.execute("SAVEPOINT " + SAVEPOINT);
                    try {
                        for (Sql sql : writes.get(i).statements()) {
                            session.execute(sql.text());
                        }
                        session.execute("RELEASE SAVEPOINT " + SAVEPOINT);
                    } catch (SQLException e) {
                        if (PostgresFailures.mayPass(e)) {
                            throw e;
                        }
                        session.execute("ROLLBACK TO SAVEPOINT " + SAVEPOINT);
                        failedAt[0] = i;
                        refusal[0] = e;
                    }
                }
            });
        } catch (SQLException e) {
            PlumblineException failure = PostgresFailures.failed(doing(writes), e, secrets(writes));
            withdraw(admin, writes, 0, failure);
            return Optional.of(new Stop(0, failure));
        }
        if (failedAt[0] < 0) {
            return Optional.empty();
        }
        ObjectWrite write = writes.get(failedAt[0]);
        PlumblineException failure = PostgresFailures.failed(write.doing(), refusal[0], write.secrets());
        withdraw(admin, writes, failedAt[0], failure);
        return Optional.of(new Stop(failedAt[0], failure));
    }

    /** Runs a write that cannot be in a transaction, statement by statement. */
    private <S extends ObjectSpec, L> Optional<Stop> alone(Session admin, Session session,
                                                           KindApplier<S, L> applier, ObjectWrite write) {
        try {
            for (Sql sql : write.statements()) {
                session.execute(sql.text());
            }
            return Optional.empty();
        } catch (SQLException e) {
            PlumblineException failure = PostgresFailures.failed(write.doing(), e, write.secrets());
            try {
                S spec = applier.type().cast(normalised.valid(write.change().desired().orElseThrow(), cluster.user()));
                if (!applier.read(session, List.of(spec)).containsKey(write.id())) {
                    withdraw(admin, List.of(write), 0, failure);
                }
            } catch (SQLException | RuntimeException again) {
                failure.addSuppressed(again);
            }
            return Optional.of(new Stop(0, failure));
        }
    }

    /**
     * Takes back the fresh intents of the writes from {@code from} on, whose objects were not written, so that
     * a row cannot later claim an object someone else makes; what fails doing so is added to {@code failure}.
     */
    private void withdraw(Session admin, List<ObjectWrite> writes, int from, PlumblineException failure) {
        List<ObjectId> fresh = writes.subList(from, writes.size()).stream().filter(ObjectWrite::fresh)
                .map(ObjectWrite::id).toList();
        try {
            cluster.ledger().removeAll(admin, fresh);
        } catch (SQLException | RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    /** How a failure of the whole batch names it: its first write, and how many follow in its transaction. */
    private static String doing(List<ObjectWrite> writes) {
        String first = writes.get(0).doing();
        return writes.size() == 1 ? first : first + " and the " + (writes.size() - 1) + " writes after it in one"
                + " transaction";
    }

    private static String[] secrets(List<ObjectWrite> writes) {
        return writes.stream().flatMap(write -> List.of(write.secrets()).stream()).toArray(String[]::new);
    }
}
