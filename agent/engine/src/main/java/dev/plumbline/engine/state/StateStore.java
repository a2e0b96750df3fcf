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
 * threads at once. Times are kept to the millisecond. A failure of the store itself (disk, lock, file) is a
 * {@link dev.plumbline.problem.TransientException} with the reason {@code StateStoreError}.
 *
 * <p>Implementations: the agent's {@code SqliteStateStore} (embedded, one file, no server); tests use {@code InMemoryStateStore}.
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

    /** The newest runs of a stack first. */
    List<RunRecord> history(String stack, int limit);

    /**
     * Takes or renews the lease on a stack for {@code owner} until {@code ttl} from now; false when another
     * owner holds an unexpired lease. The store's clock says what "now" is.
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

    @Override
    void close();
}
