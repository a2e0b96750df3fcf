package dev.plumbline.agent.rebuild;

import dev.plumbline.agent.rebuild.OwnershipFindings.StackFindings;
import dev.plumbline.engine.apply.InventoryJournal;
import dev.plumbline.engine.state.Lease;
import dev.plumbline.engine.state.LeaseHolder;
import dev.plumbline.engine.state.LeaseInfo;
import dev.plumbline.engine.state.LeaseLostException;
import dev.plumbline.engine.state.StateStore;
import dev.plumbline.model.InventoryEntry;
import dev.plumbline.model.ResourceKey;
import dev.plumbline.problem.Reasons;
import dev.plumbline.problem.TransientException;
import dev.plumbline.provider.OwnershipScan;
import dev.plumbline.provider.OwnershipScan.Owned;
import dev.plumbline.provider.Provider;
import dev.plumbline.provider.StackScope;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Rebuilds a lost inventory from what the providers record beside the objects they wrote
 * ({@link OwnershipScan}), in two steps: {@link #scan} asks every provider of the config what each stack owns
 * and only reads; {@link #record} writes it into the state store, stack by stack under the stack's lease, through
 * the store's journal, as if an earlier run had applied it. Nothing is ever written to a target.
 *
 * <p>A rebuilt entry carries the revision of its record and the hash {@value #HASH}, which no content hash
 * equals: the next converge finds the object live as desired but not recorded with its hash, and records it
 * (the planner tracks it), without writing anything. A key the inventory holds already is left as it is. An
 * object of a stack the config does not name is reported and never recorded.
 */
public final class InventoryRebuild {

    /** The hash of a rebuilt entry: never equal to a content hash ({@code sha256:...}). */
    public static final String HASH = "rebuilt";

    /** How long the lease on a stack is taken for; it is renewed while the entries are written. */
    static final Duration LEASE = Duration.ofMinutes(2);

    /** What {@link #record} wrote per stack: new entries, and keys the inventory held already (left as they were). */
    public record Recorded(String stack, int written, int known) {
    }

    private InventoryRebuild() {
    }

    /**
     * What {@code providers} record as owned by each of {@code stacks}; with {@code others}, also what they
     * record for stacks not among {@code configured} (the config's stack names), counted as skipped. Only reads.
     *
     * @throws dev.plumbline.problem.PlumblineException when a provider cannot be read: nothing is recorded from
     *     a partial scan
     */
    public static OwnershipFindings scan(List<String> stacks, Set<String> configured, boolean others,
                                         List<Provider> providers) {
        Map<String, OwnershipScan> scans = new LinkedHashMap<>();
        List<String> unscannable = new ArrayList<>();
        for (Provider provider : providers) {
            if (provider instanceof OwnershipScan scan) {
                scans.put(provider.name(), scan);
            } else {
                unscannable.add(provider.name());
            }
        }
        List<StackFindings> found = new ArrayList<>();
        for (String stack : stacks) {
            Map<String, List<Owned>> byProvider = new LinkedHashMap<>();
            scans.forEach((provider, scan) -> {
                List<Owned> owned = scan.owned(new StackScope(stack));
                if (!owned.isEmpty()) {
                    byProvider.put(provider, owned);
                }
            });
            found.add(new StackFindings(stack, byProvider));
        }
        Map<String, Map<String, Integer>> skipped = new TreeMap<>();
        if (others) {
            scans.forEach((provider, scan) -> {
                for (String stack : scan.stacks()) {
                    int count = configured.contains(stack) ? 0 : scan.owned(new StackScope(stack)).size();
                    if (count > 0) {
                        skipped.computeIfAbsent(stack, s -> new LinkedHashMap<>()).put(provider, count);
                    }
                }
            });
        }
        return new OwnershipFindings(found, skipped, unscannable);
    }

    /**
     * Writes what {@code findings} found into {@code store}'s inventory, one stack at a time under its lease
     * (taken as {@code holder}, renewed while writing, released after), through the store's journal. Keys the
     * stack's inventory holds already are left as they are.
     *
     * @throws TransientException with the reason {@code Locked} when another run holds a stack's lease (the
     *     stacks before it are recorded, the rest not); {@link LeaseLostException} when the lease is broken
     *     meanwhile
     */
    public static List<Recorded> record(StateStore store, OwnershipFindings findings, LeaseHolder holder) {
        List<Recorded> recorded = new ArrayList<>();
        for (StackFindings stack : findings.stacks()) {
            recorded.add(record(store, stack, holder));
        }
        return recorded;
    }

    private static Recorded record(StateStore store, StackFindings found, LeaseHolder holder) {
        String stack = found.stack();
        Lease lease = store.acquire(stack, holder, LEASE).orElseThrow(() -> new TransientException(Reasons.LOCKED,
                "stack '" + stack + "' is being reconciled by " + store.lease(stack).map(LeaseInfo::describe)
                        .orElse("another process") + "; nothing of it was recorded: stop that process, then run"
                        + " plumbline state rebuild-inventory again"));
        try {
            StateStore fenced = store.fenced(lease);
            Map<ResourceKey, InventoryEntry> known = store.inventory(stack);
            long renewed = System.nanoTime();
            int written = 0;
            for (Owned owned : found.owned()) {
                if (known.containsKey(owned.key())) {
                    continue;
                }
                if (System.nanoTime() - renewed > LEASE.toNanos() / 3) {
                    if (!store.renew(lease, LEASE)) {
                        throw LeaseLostException.of(lease, store.lease(stack));
                    }
                    renewed = System.nanoTime();
                }
                journal(fenced, stack, owned);
                written++;
            }
            return new Recorded(stack, written, found.count() - written);
        } finally {
            store.release(lease);
        }
    }

    /** The one write of a rebuilt entry: as applied, from its record's revision, with the hash {@link #HASH}. */
    private static void journal(InventoryJournal journal, String stack, Owned owned) {
        journal.applied(stack, owned.key(), HASH, owned.record().revision());
    }
}
