package dev.plumbline.engine;

import dev.plumbline.engine.apply.Fence;
import dev.plumbline.engine.state.ForwardingStateStore;
import dev.plumbline.engine.state.Lease;
import dev.plumbline.engine.state.LeaseInfo;
import dev.plumbline.engine.state.LeaseLostException;
import dev.plumbline.engine.state.RunEnd;
import dev.plumbline.engine.state.RunStart;
import dev.plumbline.engine.state.StackStatus;
import dev.plumbline.engine.state.StateStore;
import dev.plumbline.model.ResourceKey;
import dev.plumbline.engine.apply.InventoryJournal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The state store as a reconciler's runs see it. The writes of a run (inventory, run history, status) go
 * through the view of the store fenced by the lease the run holds on its stack ({@link StateStore#fenced}),
 * so that a run that lost its lease writes nothing more; a write for a stack no run of this reconciler holds
 * is refused the same way. Reads and everything else go to the store as it is. It is also the executor's
 * {@link Fence}: before each provider write it checks that the stack's lease is still the run's. Runs are
 * told apart by stack: while a run holds a stack's lease, no other run anywhere holds it.
 */
final class LeasedStore extends ForwardingStateStore implements Fence {

    /** A run's hold on the routing of its stack's writes; closing it ends the routing. */
    interface Hold extends AutoCloseable {
        @Override
        void close();
    }

    private record Held(Lease lease, StateStore fenced) {
    }

    private final Map<String, Held> held = new ConcurrentHashMap<>();
    private final Map<Long, String> runs = new ConcurrentHashMap<>();

    LeasedStore(StateStore store) {
        super(store);
    }

    /** Sends the writes of the lease's stack through its fence until the hold is closed. */
    Hold hold(Lease lease) {
        held.put(lease.stack(), new Held(lease, store().fenced(lease)));
        return () -> {
            held.remove(lease.stack());
            runs.values().removeIf(lease.stack()::equals);
        };
    }

    @Override
    public void check(String stack) {
        Held run = held(stack);
        Optional<LeaseInfo> now = store().lease(stack);
        if (now.isEmpty() || now.get().token() != run.lease().token()) {
            throw LeaseLostException.of(run.lease(), now);
        }
    }

    @Override
    public void intend(String stack, ResourceKey key, String hash, String revision, boolean pruneDisabled) {
        held(stack).fenced().intend(stack, key, hash, revision, pruneDisabled);
    }

    @Override
    public void applied(String stack, ResourceKey key, String hash, String revision, boolean pruneDisabled) {
        held(stack).fenced().applied(stack, key, hash, revision, pruneDisabled);
    }

    @Override
    public void forget(String stack, ResourceKey key) {
        held(stack).fenced().forget(stack, key);
    }

    @Override
    public void intendAll(String stack, String revision, List<InventoryJournal.Entry> entries) {
        held(stack).fenced().intendAll(stack, revision, entries);
    }

    @Override
    public void settleAll(String stack, String revision, List<InventoryJournal.Entry> entries) {
        held(stack).fenced().settleAll(stack, revision, entries);
    }

    @Override
    public void saveStatus(StackStatus status) {
        held(status.stack()).fenced().saveStatus(status);
    }

    @Override
    public long startRun(RunStart start) {
        long id = held(start.stack()).fenced().startRun(start);
        runs.put(id, start.stack());
        return id;
    }

    @Override
    public void finishRun(long id, RunEnd end) {
        String stack = runs.get(id);
        if (stack == null) {
            throw new LeaseLostException("run " + id + " was not started under a lease this engine holds;"
                    + " nothing is written");
        }
        held(stack).fenced().finishRun(id, end);
    }

    private Held held(String stack) {
        Held run = held.get(stack);
        if (run == null) {
            throw new LeaseLostException("no run of this engine holds the lease on stack '" + stack
                    + "'; nothing is written");
        }
        return run;
    }

    @Override
    public String toString() {
        return store() + ", written under the runs' leases";
    }
}
