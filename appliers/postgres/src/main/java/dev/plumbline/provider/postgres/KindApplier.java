package dev.plumbline.provider.postgres;

import dev.plumbline.plan.Change;
import dev.plumbline.provider.ApplyContext;
import dev.plumbline.provider.ApplyResult;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Writes and removes the objects of one kind. A write is worked out before anything is written, from what
 * one bulk read of a batch's objects found ({@link #read}), as the statements it takes ({@link #write});
 * {@link BatchWriter} records the intents, runs the statements of a whole batch in one transaction, and
 * reports. {@code L} is what the read finds of one object: its spec and comment, or the privileges held.
 */
interface KindApplier<S extends ObjectSpec, L> {

    /** The spec type of the kind. */
    Class<S> type();

    /**
     * What is live of the objects {@code specs} name, by object, read in bulk on {@code session} (a session on
     * their database); an object that does not exist is absent.
     */
    Map<ObjectId, L> read(Session session, List<S> specs) throws SQLException;

    /**
     * What bringing the object to {@code spec} takes, given what {@link #read} found of it ({@code live}) and
     * its ledger row, if any: the row to record first, the statements, and the result to report.
     *
     * @throws dev.plumbline.provider.ownership.OwnedByAnotherStack when another stack owns the object
     * @throws dev.plumbline.problem.StalledException when it cannot be written at all (an encoding change)
     */
    ObjectWrite write(Session session, S spec, Change change, Optional<L> live, Optional<Ledger.Row> row,
                      ApplyContext context) throws SQLException;

    /** Removes the object when the stack created it; leaves (and says so) one it adopted. */
    ApplyResult delete(Change change, ApplyContext context);
}
