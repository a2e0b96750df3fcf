package dev.plumbline.agent.state;

import dev.plumbline.apply.InventoryJournal;
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
 * <p>Implementations: {@link SqliteStateStore} (embedded, one file, no server).
 */
public interface StateStore extends InventoryJournal, AutoCloseable {

    Map<ResourceKey, InventoryEntry> inventory(String stack);

    Optional<StackStatus> status(String stack);

    void saveStatus(StackStatus status);

    /** Records that a run started; returns its id for {@link #finishRun}. */
    long startRun(RunStart start);

    void finishRun(long id, RunEnd end);

    /** The newest runs of a stack first. */
    List<RunRecord> history(String stack, int limit);

    /**
     * Takes or renews the lease on a stack for {@code owner} until {@code ttl} from now; false when another
     * owner holds an unexpired lease.
     */
    boolean tryLock(String stack, String owner, Duration ttl);

    void unlock(String stack, String owner);

    @Override
    void close();
}
