package dev.plumbline.engine.state;

import dev.plumbline.model.InventoryEntry;
import dev.plumbline.model.ResourceKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * A {@link StateStore} in memory, for unit tests of the engine: the contract of the agent's SQLite store
 * (both pass {@link StateStoreCompatibilityKit}), with nothing kept once it is closed. One lock guards all
 * of it, so every call is atomic and any thread may call; times are cut to the millisecond, as a store that
 * writes them down would; answers are unmodifiable copies; leases are judged by the clock it is given.
 */
public final class InMemoryStateStore implements StateStore {

    private final Clock clock;
    private final Map<String, Map<ResourceKey, InventoryEntry>> inventories = new HashMap<>();
    private final Map<String, StackStatus> statuses = new HashMap<>();
    private final NavigableMap<Long, RunRecord> runs = new TreeMap<>();
    private final Map<String, Lease> leases = new HashMap<>();
    private final InMemoryOperatorRecords operators = new InMemoryOperatorRecords(this);
    private long lastRunId;
    private boolean closed;

    /** A store whose leases follow the system clock. */
    public InMemoryStateStore() {
        this(Clock.systemUTC());
    }

    /** A store whose leases follow {@code clock}. */
    public InMemoryStateStore(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public void intend(String stack, ResourceKey key, String hash, String revision) {
        record(stack, key, hash, revision, true);
    }

    @Override
    public void applied(String stack, ResourceKey key, String hash, String revision) {
        record(stack, key, hash, revision, false);
    }

    private void record(String stack, ResourceKey key, String hash, String revision, boolean pending) {
        InventoryEntry entry = new InventoryEntry(key, hash, revision, pending);
        locked(() -> inventories.computeIfAbsent(Objects.requireNonNull(stack, "stack"), s -> new TreeMap<>())
                .put(key, entry));
    }

    @Override
    public void forget(String stack, ResourceKey key) {
        Objects.requireNonNull(key, "key");
        locked(() -> {
            Map<ResourceKey, InventoryEntry> inventory = inventories.get(Objects.requireNonNull(stack, "stack"));
            return inventory == null ? null : inventory.remove(key);
        });
    }

    @Override
    public Map<ResourceKey, InventoryEntry> inventory(String stack) {
        return locked(() -> Collections.unmodifiableMap(
                new TreeMap<>(inventories.getOrDefault(Objects.requireNonNull(stack, "stack"), Map.of()))));
    }

    @Override
    public Optional<StackStatus> status(String stack) {
        return locked(() -> Optional.ofNullable(statuses.get(Objects.requireNonNull(stack, "stack"))));
    }

    @Override
    public void saveStatus(StackStatus status) {
        StackStatus kept = new StackStatus(status.stack(), status.lastAttemptedRevision(),
                millis(status.lastAttemptedAt()), status.lastAppliedRevision(), millis(status.lastAppliedAt()),
                status.condition(), status.reason(), status.message(), status.drifted(), millis(status.updatedAt()));
        locked(() -> statuses.put(kept.stack(), kept));
    }

    @Override
    public long startRun(RunStart start) {
        Objects.requireNonNull(start, "start");
        return locked(() -> {
            long id = ++lastRunId;
            runs.put(id, new RunRecord(id, start.stack(), start.revision(), start.trigger(), start.triggerDetail(),
                    millis(start.startedAt()), null, null, null, null, 0, 0, 0, 0));
            return id;
        });
    }

    @Override
    public void finishRun(long id, RunEnd end) {
        Objects.requireNonNull(end, "end");
        locked(() -> {
            RunRecord run = runs.get(id);
            if (run == null) {
                throw new IllegalArgumentException("there is no run " + id + " in memory");
            }
            return runs.put(id, new RunRecord(id, run.stack(), end.revision() == null ? run.revision() : end.revision(),
                    run.trigger(), run.triggerDetail(), run.startedAt(), millis(end.finishedAt()), end.result(),
                    end.reason(), end.message(), end.created(), end.updated(), end.deleted(), end.unchanged()));
        });
    }

    @Override
    public List<RunRecord> history(String stack, int limit) {
        positive(limit);
        Objects.requireNonNull(stack, "stack");
        return locked(() -> runs.descendingMap().values().stream()
                .filter(run -> run.stack().equals(stack))
                .limit(limit)
                .toList());
    }

    @Override
    public boolean tryLock(String stack, String owner, Duration ttl) {
        Objects.requireNonNull(stack, "stack");
        Objects.requireNonNull(owner, "owner");
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("a lease lasts a positive time, not " + ttl);
        }
        return locked(() -> {
            long now = clock.millis();
            Lease held = leases.get(stack);
            if (held != null && !held.owner().equals(owner) && held.expiresAt() > now) {
                return false;
            }
            leases.put(stack, new Lease(owner, now + ttl.toMillis()));
            return true;
        });
    }

    @Override
    public void unlock(String stack, String owner) {
        Objects.requireNonNull(stack, "stack");
        Objects.requireNonNull(owner, "owner");
        locked(() -> leases.computeIfPresent(stack, (s, held) -> held.owner().equals(owner) ? null : held));
    }

    @Override
    public StackControls controls() {
        return operators;
    }

    @Override
    public AuditLog audit() {
        return operators;
    }

    @Override
    public WebhookDeliveries deliveries() {
        return operators;
    }

    @Override
    public synchronized void close() {
        closed = true;
    }

    @Override
    public String toString() {
        return "the state store in memory";
    }

    /** Runs {@code work} alone, on an open store. */
    synchronized <T> T locked(Supplier<T> work) {
        if (closed) {
            throw new IllegalStateException(this + " is closed");
        }
        return work.get();
    }

    /** The instant as a store that keeps milliseconds gives it back. */
    static Instant millis(Instant instant) {
        return instant == null ? null : instant.truncatedTo(ChronoUnit.MILLIS);
    }

    static int positive(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, not " + limit);
        }
        return limit;
    }

    /** Who holds the lease on a stack, until when (epoch milliseconds). */
    private record Lease(String owner, long expiresAt) {
    }
}
