package dev.plumbline.engine.state;

import dev.plumbline.engine.apply.InventoryJournal;
import dev.plumbline.model.InventoryEntry;
import dev.plumbline.model.ResourceKey;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the agent remembers between runs: per stack, the inventory (what it applied, by key, with a hash
 * and the revision), the status (last attempted and last applied revision, condition, reason, message),
 * the history of runs, and a lease so that one stack is reconciled by one run at a time, across processes
 * sharing the store: each acquisition gets a fencing token, and the writes of a run go through a view
 * {@link #fenced} by it, so that a run that lost its lease writes nothing more. Schema changes go through
 * versioned migrations.
 *
 * <p>Every call is its own transaction and is durable when it returns; calls may come from several
 * threads at once, and one slow call should not hold up the others. Times are kept to the millisecond
 * (finer parts are dropped). Answers are unmodifiable snapshots: a later write never changes a map or list
 * already returned. A failure of the store itself (disk, lock, file) is a
 * {@link dev.plumbline.problem.TransientException} with the reason {@code StateStoreError}; a caller's
 * mistake (an unknown run, a limit below 1, a lease of no time) is an {@link IllegalArgumentException}.
 *
 * <p>Implementations: the agent's {@code SqliteStateStore} (embedded, one file, no server); tests use
 * {@code InMemoryStateStore}. Both pass {@code StateStoreCompatibilityKit}, in this module's test-jar: a new
 * store starts by extending it.
 */
public interface StateStore extends InventoryJournal, AutoCloseable {

    Map<ResourceKey, InventoryEntry> inventory(String stack);

    Optional<StackStatus> status(String stack);

    void saveStatus(StackStatus status);

    /** Records that a run started; returns its id for {@link #finishRun}. */
    long startRun(RunStart start);

    /**
     * Fills in how run {@code id} ended; a null {@link RunEnd#revision()} keeps the revision it started with.
     *
     * @throws IllegalArgumentException when there is no such run
     */
    void finishRun(long id, RunEnd end);

    /**
     * The newest runs of a stack first, at most {@code limit}. A run still going has no end: its finish
     * time, result, reason and message are null and its counts 0.
     *
     * @throws IllegalArgumentException when {@code limit} is below 1
     */
    List<RunRecord> history(String stack, int limit);

    /**
     * Takes the lease on {@code stack} for {@code holder} until {@code ttl} from now, with a token greater than
     * any the stack's lease had before. It is taken when free, expired (by the store's clock: once now reaches
     * its end), or held by a process of this host that is gone ({@link LeaseInfo#takeable}); otherwise the
     * answer is empty, also when {@code holder} itself holds it (a lease is one run's, not reentrant). Taking
     * it is one atomic step, also between processes sharing the store.
     *
     * @throws IllegalArgumentException when {@code ttl} is not positive
     */
    Optional<Lease> acquire(String stack, LeaseHolder holder, Duration ttl);

    /**
     * Extends a lease still held to {@code ttl} from now (also one that expired, if no one took it since);
     * false when it was lost: released, broken, or taken over.
     *
     * @throws IllegalArgumentException when {@code ttl} is not positive
     */
    boolean renew(Lease lease, Duration ttl);

    /** Lets go of a lease, keeping its token for the next; does nothing when it was lost already. */
    void release(Lease lease);

    /** Who holds the stack's lease, since and until when (it may have expired); empty when it is free. */
    Optional<LeaseInfo> lease(String stack);

    /**
     * Breaks the lease on a stack, whoever holds it ({@code plumbline unlock}); returns what it broke, empty
     * when it was free. The holder's fenced writes are refused from then on.
     */
    Optional<LeaseInfo> breakLease(String stack);

    /**
     * This store as a run under {@code lease} writes to it: each of the run's writes ({@link #intend},
     * {@link #applied}, {@link #forget}, {@link #saveStatus}, {@link #startRun}, {@link #finishRun}) checks in
     * the same atomic step that the lease is still held with its token, and when it is not, changes nothing and
     * throws {@link LeaseLostException}. A write for another stack than the lease's is an
     * {@link IllegalArgumentException}. Every other call goes to this store as it is; closing the view does
     * nothing.
     */
    StateStore fenced(Lease lease);

    /** Pause, pin and sync requests per stack. */
    StackControls controls();

    /** The audit log of mutating API calls. */
    AuditLog audit();

    /** Webhook deliveries seen, to drop replays. */
    WebhookDeliveries deliveries();

    /**
     * Waits for the calls under way and lets go of everything the store holds. Closing again does nothing;
     * any other call on a closed store throws {@link IllegalStateException}.
     */
    @Override
    void close();
}
