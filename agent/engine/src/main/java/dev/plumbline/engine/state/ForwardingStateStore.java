package dev.plumbline.engine.state;

import dev.plumbline.model.InventoryEntry;
import dev.plumbline.model.ResourceKey;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@link StateStore} that passes every call to another; a subclass overrides what it changes (a view
 * fenced by a lease overrides the run's writes). The journal's batched writes ({@code intendAll},
 * {@code settleAll}) are not forwarded: they go through this view's own single-key writes unless a subclass
 * overrides them too, so that a subclass that changes one kind of write cannot be bypassed by the other.
 * Closing it does nothing: the store it forwards to belongs to whoever opened it.
 */
public abstract class ForwardingStateStore implements StateStore {

    private final StateStore store;

    protected ForwardingStateStore(StateStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    /** The store calls go to. */
    protected final StateStore store() {
        return store;
    }

    @Override
    public void intend(String stack, ResourceKey key, String hash, String revision, boolean pruneDisabled) {
        store.intend(stack, key, hash, revision, pruneDisabled);
    }

    @Override
    public void applied(String stack, ResourceKey key, String hash, String revision, boolean pruneDisabled) {
        store.applied(stack, key, hash, revision, pruneDisabled);
    }

    @Override
    public void forget(String stack, ResourceKey key) {
        store.forget(stack, key);
    }

    @Override
    public Map<ResourceKey, InventoryEntry> inventory(String stack) {
        return store.inventory(stack);
    }

    @Override
    public Optional<StackStatus> status(String stack) {
        return store.status(stack);
    }

    @Override
    public void saveStatus(StackStatus status) {
        store.saveStatus(status);
    }

    @Override
    public long startRun(RunStart start) {
        return store.startRun(start);
    }

    @Override
    public void finishRun(long id, RunEnd end) {
        store.finishRun(id, end);
    }

    @Override
    public List<RunRecord> history(String stack, int limit) {
        return store.history(stack, limit);
    }

    @Override
    public Optional<Lease> acquire(String stack, LeaseHolder holder, Duration ttl) {
        return store.acquire(stack, holder, ttl);
    }

    @Override
    public boolean renew(Lease lease, Duration ttl) {
        return store.renew(lease, ttl);
    }

    @Override
    public void release(Lease lease) {
        store.release(lease);
    }

    @Override
    public Optional<LeaseInfo> lease(String stack) {
        return store.lease(stack);
    }

    @Override
    public Optional<LeaseInfo> breakLease(String stack) {
        return store.breakLease(stack);
    }

    @Override
    public StateStore fenced(Lease lease) {
        return store.fenced(lease);
    }

    @Override
    public StackControls controls() {
        return store.controls();
    }

    @Override
    public AuditLog audit() {
        return store.audit();
    }

    @Override
    public WebhookDeliveries deliveries() {
        return store.deliveries();
    }

    /** Does nothing: the store it forwards to stays open. */
    @Override
    public void close() {
    }
}
