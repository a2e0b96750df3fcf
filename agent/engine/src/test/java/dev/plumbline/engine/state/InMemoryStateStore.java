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
    private final Map<String, LeaseInfo> leases = new HashMap<>();
    /** The last token each stack's lease got; kept when the lease is let go, so that tokens only grow. */
    private final Map<String, Long> tokens = new HashMap<>();
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
    public void intend(String stack, ResourceKey key, String hash, String revision, boolean pruneDisabled) {
        record(stack, key, hash, revision, true, pruneDisabled);
    }

    @Override
    public void applied(String stack, ResourceKey key, String hash, String revision, boolean pruneDisabled) {
        record(stack, key, hash, revision, false, pruneDisabled);
    }

    private void record(String stack, ResourceKey key, String hash, String revision, boolean pending,
                        boolean pruneDisabled) {
        InventoryEntry entry = new InventoryEntry(key, hash, revision, pending, pruneDisabled);
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
                status.condition(), status.reason(), status.message(), status.drifted(), millis(status.updatedAt()),
                status.health(), status.healthMessage());
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
    public Optional<Lease> acquire(String stack, LeaseHolder holder, Duration ttl) {
        Objects.requireNonNull(stack, "stack");
        Objects.requireNonNull(holder, "holder");
        positive(ttl);
        return locked(() -> {
            Instant now = millis(clock.instant());
            LeaseInfo held = leases.get(stack);
            if (held != null && !held.takeable(now)) {
                return Optional.<Lease>empty();
            }
            LeaseInfo taken = new LeaseInfo(stack, tokens.merge(stack, 1L, Long::sum), holder, now,
                    millis(now.plus(ttl)));
            leases.put(stack, taken);
            return Optional.of(taken.lease());
        });
    }

    @Override
    public boolean renew(Lease lease, Duration ttl) {
        positive(ttl);
        return locked(() -> {
            LeaseInfo held = leases.get(lease.stack());
            if (held == null || held.token() != lease.token()) {
                return false;
            }
            leases.put(lease.stack(), new LeaseInfo(held.stack(), held.token(), held.holder(), held.since(),
                    millis(clock.instant().plus(ttl))));
            return true;
        });
    }

    @Override
    public void release(Lease lease) {
        locked(() -> leases.computeIfPresent(lease.stack(), (s, held) -> held.token() == lease.token() ? null : held));
    }

    @Override
    public Optional<LeaseInfo> lease(String stack) {
        Objects.requireNonNull(stack, "stack");
        return locked(() -> Optional.ofNullable(leases.get(stack)));
    }

    @Override
    public Optional<LeaseInfo> breakLease(String stack) {
        Objects.requireNonNull(stack, "stack");
        return locked(() -> Optional.ofNullable(leases.remove(stack)));
    }

    @Override
    public StateStore fenced(Lease lease) {
        Objects.requireNonNull(lease, "lease");
        return new Fenced(this, lease);
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

    private static void positive(Duration ttl) {
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("a lease lasts a positive time, not " + ttl);
        }
    }

    /** Throws unless {@code lease} is held, with the store's lock held (so that the write after it is atomic). */
    private void fence(Lease lease, String stack) {
        if (!lease.stack().equals(stack)) {
            throw new IllegalArgumentException("a view fenced by the lease on stack '" + lease.stack()
                    + "' writes that stack only, not '" + stack + "'");
        }
        LeaseInfo held = leases.get(stack);
        if (held == null || held.token() != lease.token()) {
            throw LeaseLostException.of(lease, Optional.ofNullable(held));
        }
    }

    /** The store as a run under a lease writes to it: each write checks the lease under the store's lock. */
    private static final class Fenced extends ForwardingStateStore {

        private final InMemoryStateStore store;
        private final Lease lease;

        Fenced(InMemoryStateStore store, Lease lease) {
            super(store);
            this.store = store;
            this.lease = lease;
        }

        private void write(String stack, Runnable write) {
            store.locked(() -> {
                store.fence(lease, stack);
                write.run();
                return null;
            });
        }

        @Override
        public void intend(String stack, ResourceKey key, String hash, String revision, boolean pruneDisabled) {
            write(stack, () -> store.intend(stack, key, hash, revision, pruneDisabled));
        }

        @Override
        public void applied(String stack, ResourceKey key, String hash, String revision, boolean pruneDisabled) {
            write(stack, () -> store.applied(stack, key, hash, revision, pruneDisabled));
        }

        @Override
        public void forget(String stack, ResourceKey key) {
            write(stack, () -> store.forget(stack, key));
        }

        @Override
        public void saveStatus(StackStatus status) {
            write(status.stack(), () -> store.saveStatus(status));
        }

        @Override
        public long startRun(RunStart start) {
            return store.locked(() -> {
                store.fence(lease, start.stack());
                return store.startRun(start);
            });
        }

        @Override
        public void finishRun(long id, RunEnd end) {
            write(lease.stack(), () -> store.finishRun(id, end));
        }

        @Override
        public String toString() {
            return store + ", fenced by the lease on stack " + lease.stack() + " (token " + lease.token() + ")";
        }
    }
}
