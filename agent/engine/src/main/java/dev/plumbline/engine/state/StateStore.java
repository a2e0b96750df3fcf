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
 * the history of runs, and a lease so that one stack is reconciled by one worker at a time, across
 * processes sharing the store. Schema changes go through versioned migrations.
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
     * Takes or renews the lease on a stack for {@code owner} until {@code ttl} from now; false when another
     * owner holds an unexpired lease. The store's clock says what "now" is; a lease has expired once now
     * reaches its end. Taking it is one atomic step, also between processes sharing the store.
     *
     * @throws IllegalArgumentException when {@code ttl} is not positive
     */
    boolean tryLock(String stack, String owner, Duration ttl);

    /** Releases the lease on a stack if {@code owner} holds it; does nothing otherwise. */
    void unlock(String stack, String owner);

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
