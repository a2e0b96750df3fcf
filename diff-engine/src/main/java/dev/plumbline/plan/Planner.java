package dev.plumbline.plan;

import dev.plumbline.diff.Differ;
import dev.plumbline.diff.FieldChange;
import dev.plumbline.diff.Sensitivity;
import dev.plumbline.model.ContentHash;
import dev.plumbline.model.InventoryEntry;
import dev.plumbline.model.LiveObject;
import dev.plumbline.model.Resource;
import dev.plumbline.model.ResourceKey;
import dev.plumbline.problem.Problem;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.IntStream;

/**
 * Pairs desired resources with live objects and the stack's inventory by key, and decides a change for
 * each: an empty live side means create, an inventory key that is no longer desired means delete (or
 * orphan when prune is off, or when the object was applied with {@code plumbline.dev/prune: disabled}). Only keys in the inventory are ever deleted. A live object without any
 * owner's stamp is updated even when equal, so that the stack adopts it; one that is this stack's and
 * equal but not recorded as applied (a crash between writing and recording) is tracked. Pure.
 */
public final class Planner {

    /**
     * Everything a plan depends on: desired resources of distinct keys (as a render gives them). {@code order}
     * sorts keys into apply order (deletes run reversed).
     * {@code knownHashes} gives the {@link Resource#hash()} of a desired resource when the caller worked it
     * out already (null when it did not): a no-op run compares every resource's hash with the inventory's.
     * It may be called from several threads at once.
     */
    public record Input(String stack, List<Resource> desired, Map<ResourceKey, LiveObject> live,
                        Map<ResourceKey, InventoryEntry> inventory, boolean prune, Comparator<ResourceKey> order,
                        Function<Resource, String> knownHashes) {
        public Input {
            desired = List.copyOf(desired);
            // views, not copies: the caller's maps, which it leaves as they are while the plan runs (copying a
            // stack's live objects and inventory cost each run of 100,000 resources two maps of that size)
            live = Collections.unmodifiableMap(live);
            inventory = Collections.unmodifiableMap(inventory);
            order = order == null ? Comparator.naturalOrder() : order;
            knownHashes = knownHashes == null ? resource -> null : knownHashes;
        }

        /** An input whose hashes are all worked out by the plan. */
        public Input(String stack, List<Resource> desired, Map<ResourceKey, LiveObject> live,
                     Map<ResourceKey, InventoryEntry> inventory, boolean prune, Comparator<ResourceKey> order) {
            this(stack, desired, live, inventory, prune, order, null);
        }
    }

    private Planner() {
    }

    /**
     * Whether the inventory lacks an up-to-date record of an object that is live as desired: no entry (a
     * lost state store), an intent whose outcome was never recorded (a crash right after the write), a
     * stale hash, or a prune directive changed without the object changing. (Also what a run that observes
     * only what a commit changes takes as changed.)
     */
    public static boolean needsRecording(InventoryEntry entry, Resource desired) {
        return needsRecording(entry, desired, () -> desired.hash());
    }

    /** As above, with the desired resource's {@link Resource#hash()} when it is needed. */
    public static boolean needsRecording(InventoryEntry entry, Resource desired, Supplier<String> hash) {
        return entry == null || entry.pending() || entry.pruneDisabled() != desired.directives().pruneDisabled()
                || !entry.hash().equals(hash.get());
    }

    /** From how many desired resources a plan compares them on every core. */
    private static final int PARALLEL_FROM = 4096;

    /** What the plan decided for one desired resource: its change, or the problem that forbids one. */
    private record Outcome(Change change, boolean write, boolean track, Problem problem, boolean inInventory) {
    }

    public static Plan plan(Input input) {
        List<Change> writes = new ArrayList<>();
        List<Change> noops = new ArrayList<>();
        List<Change> track = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        List<Resource> desired = new ArrayList<>(input.desired());
        desired.sort(Comparator.comparing(Resource::key, input.order()));
        // each resource is compared on its own (the comparison is most of a no-op run's plan), then the
        // outcomes are gathered in apply order
        Outcome[] outcomes = new Outcome[desired.size()];
        IntStream each = IntStream.range(0, outcomes.length);
        (outcomes.length >= PARALLEL_FROM ? each.parallel() : each)
                .forEach(index -> outcomes[index] = outcome(input, desired.get(index)));
        int inInventory = 0;
        for (Outcome outcome : outcomes) {
            inInventory += outcome.inInventory() ? 1 : 0;
            if (outcome.problem() != null) {
                problems.add(outcome.problem());
                continue;
            }
            (outcome.write() ? writes : noops).add(outcome.change());
            if (outcome.track()) {
                track.add(outcome.change());
            }
        }

        List<Change> removals = new ArrayList<>();
        List<ResourceKey> forget = new ArrayList<>();
        List<ResourceKey> gone = new ArrayList<>();
        if (inInventory < input.inventory().size()) { // keys no longer desired: looked for only when there are any
            Set<ResourceKey> desiredKeys = new HashSet<>(desired.size() * 4 / 3 + 1);
            desired.forEach(resource -> desiredKeys.add(resource.key()));
            input.inventory().keySet().forEach(key -> {
                if (!desiredKeys.contains(key)) {
                    gone.add(key);
                }
            });
            gone.sort(input.order().reversed());
        }
        for (ResourceKey key : gone) {
            LiveObject live = input.live().get(key);
            if (live == null) {
                forget.add(key);
            } else {
                boolean prune = input.prune() && !input.inventory().get(key).pruneDisabled();
                removals.add(new Change(prune ? Action.DELETE : Action.ORPHAN, key, Optional.empty(),
                        Optional.of(live), Differ.diff(live.state(), Map.of())));
            }
        }

        List<Change> changes = new ArrayList<>(writes);
        removals.stream().filter(c -> c.action() == Action.DELETE).forEach(changes::add);
        removals.stream().filter(c -> c.action() == Action.ORPHAN).forEach(changes::add);
        changes.addAll(noops);
        return new Plan(changes, forget, track, problems);
    }

    private static Outcome outcome(Input input, Resource resource) {
        InventoryEntry entry = input.inventory().get(resource.key());
        LiveObject live = input.live().get(resource.key());
        if (live == null) {
            return new Outcome(new Change(Action.CREATE, resource.key(), Optional.of(resource), Optional.empty(),
                    Differ.diff(Map.of(), resource.state())), true, false, null, entry != null);
        }
        Optional<String> owner = live.managedBy();
        if (owner.isPresent() && !owner.get().equals(input.stack())) {
            return new Outcome(null, false, false, Problem.at(resource.location(), resource.key().display()
                    + " is managed by stack '" + owner.get() + "'; an object has one owner, so remove it from one"
                    + " of the two stacks"), entry != null);
        }
        Map<String, Object> state = resource.state(); // built once: compared, then hashed for the inventory
        // the usual case first: live as desired, equal as it is (a live value that equals a desired secret
        // is a secret already), so nothing is aligned or walked field by field
        List<FieldChange> diff = live.state().equals(state) ? List.of()
                : Differ.diff(Sensitivity.align(live.state(), state), state);
        // an object nobody owns is written even when equal, so that this stack records it as its own
        boolean write = !diff.isEmpty() || owner.isEmpty();
        Change change = new Change(write ? Action.UPDATE : Action.NOOP, resource.key(), Optional.of(resource),
                Optional.of(live), diff);
        boolean track = !write && needsRecording(entry, resource, () -> {
            String known = input.knownHashes().apply(resource);
            return known != null ? known : ContentHash.of(state);
        });
        return new Outcome(change, write, track, null, entry != null);
    }
}
