package dev.plumbline.provider;

import dev.plumbline.model.InventoryEntry;
import dev.plumbline.model.LiveObject;
import dev.plumbline.model.Resource;
import dev.plumbline.model.ResourceKey;
import dev.plumbline.plan.Action;
import dev.plumbline.plan.Change;
import dev.plumbline.plan.Plan;
import dev.plumbline.problem.PlumblineException;
import dev.plumbline.plan.Planner;
import dev.plumbline.problem.Problem;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Drives one provider for one stack the way the agent does, with the inventory kept in memory: check that
 * the provider serves every resource, validate, normalise, observe (desired keys and inventory), plan in the
 * provider's order of the desired set, then apply the plan as the engine's executor does: intent in the
 * inventory before each write, keys forgotten once gone. (The kit lives beside the SPI, so it
 * cannot use the engine itself; the engine's own tests check the executor.)
 */
public final class StackDriver {

    /** What one run planned and what each mutation did. */
    public record Run(Plan plan, Map<ResourceKey, ApplyResult> results) {
        public Run {
            results = Map.copyOf(results);
        }

        public ApplyResult result(ResourceKey key) {
            return Objects.requireNonNull(results.get(key), () -> "no apply result for " + key);
        }
    }

    private final Provider provider;
    private final String stack;
    private final Map<ResourceKey, InventoryEntry> inventory = new LinkedHashMap<>();
    private Instant now = Instant.parse("2025-06-01T12:00:00Z");

    public StackDriver(Provider provider, String stack) {
        this.provider = Objects.requireNonNull(provider, "provider");
        this.stack = Objects.requireNonNull(stack, "stack");
    }

    public String stack() {
        return stack;
    }

    /** The time the next run stamps on what it writes. */
    public StackDriver at(Instant instant) {
        this.now = Objects.requireNonNull(instant, "instant");
        return this;
    }

    public Map<ResourceKey, InventoryEntry> inventory() {
        return Map.copyOf(inventory);
    }

    /** Puts a key into the inventory as if an earlier run had applied it. */
    public void remember(ResourceKey key, String revision) {
        remember(key, "sha256:unknown", revision);
    }

    /** Puts a key into the inventory as applied with {@code hash}, as a rebuild of the inventory does. */
    public void remember(ResourceKey key, String hash, String revision) {
        inventory.put(key, new InventoryEntry(key, hash, revision, false));
    }

    public Map<ResourceKey, LiveObject> observe(List<Resource> desired) {
        return provider.observe(new StackScope(stack), normalised(desired), inventory.keySet());
    }

    /**
     * Validates (throwing on any problem, and on a resource the provider does not serve), observes and plans,
     * in the provider's {@link Provider#order order} of the desired set, without applying.
     */
    public Plan plan(List<Resource> desired, boolean prune) {
        for (Resource resource : desired) {
            if (!provider.serves(resource.key().group(), resource.kind())) {
                throw new IllegalStateException("provider '" + provider.name() + "' does not serve apiVersion "
                        + resource.apiVersion() + " (kind " + resource.kind() + "); it serves " + provider.served());
            }
        }
        List<Problem> problems = provider.validate(desired);
        if (!problems.isEmpty()) {
            throw new IllegalStateException("the desired resources do not validate: " + problems);
        }
        List<Resource> normalised = normalised(desired);
        Map<ResourceKey, LiveObject> live = provider.observe(new StackScope(stack), normalised, inventory.keySet());
        return Planner.plan(new Planner.Input(stack, normalised, live, inventory, prune,
                provider.order(normalised)));
    }

    /**
     * Plans and applies the way the engine's executor does, journaling into the in-memory inventory: the
     * intent before each write, the applied hash after, the removal after a delete; a transactional
     * provider gets every change in one call after every intent, a batching one calls of at most
     * {@link BatchProvider#MAX_BATCH} changes, each after its intents. A plan with problems (a conflict) is not
     * applied and throws, and so does a change that fails, worded as the executor reports it
     * ({@code reason: file:line: create Kind name failed: why}).
     */
    public Run reconcile(String revision, List<Resource> desired, boolean prune) {
        Plan plan = plan(desired, prune);
        if (!plan.problems().isEmpty()) {
            throw new IllegalStateException("the plan has problems: " + plan.problems());
        }
        ApplyContext context = new ApplyContext(stack, revision, now);
        Map<ResourceKey, ApplyResult> results = new LinkedHashMap<>();
        if (provider instanceof TransactionalProvider transactional && !plan.mutations().isEmpty()) {
            plan.mutations().stream().filter(c -> c.action() != Action.DELETE).forEach(c -> intend(c, revision));
            List<ApplyResult> applied;
            try {
                applied = transactional.applyAll(plan.mutations(), context);
            } catch (PartialApply partial) {
                throw partly(plan.mutations(), partial, revision, results);
            } catch (PlumblineException e) {
                throw failed(plan.mutations().get(0), e);
            }
            for (int i = 0; i < applied.size(); i++) {
                done(plan.mutations().get(i), revision);
                results.put(plan.mutations().get(i).key(), applied.get(i));
            }
        } else if (provider instanceof BatchProvider batching) {
            List<Change> mutations = plan.mutations();
            for (int from = 0; from < mutations.size(); from += BatchProvider.MAX_BATCH) {
                List<Change> batch = mutations.subList(from, Math.min(mutations.size(), from + BatchProvider.MAX_BATCH));
                batch.stream().filter(c -> c.action() != Action.DELETE).forEach(c -> intend(c, revision));
                List<ApplyResult> applied;
                try {
                    applied = batching.applyBatch(batch, context);
                } catch (PartialApply partial) {
                    throw partly(batch, partial, revision, results);
                } catch (PlumblineException e) {
                    throw failed(batch.get(0), e);
                }
                for (int i = 0; i < applied.size(); i++) {
                    done(batch.get(i), revision);
                    results.put(batch.get(i).key(), applied.get(i));
                }
            }
        } else {
            for (Change change : plan.mutations()) {
                if (change.action() != Action.DELETE) {
                    intend(change, revision);
                }
                try {
                    results.put(change.key(), change.action() == Action.DELETE
                            ? provider.delete(change, context) : provider.apply(change, context));
                } catch (PlumblineException e) {
                    throw failed(change, e);
                }
                done(change, revision);
            }
        }
        for (var key : plan.forget()) {
            if (provider instanceof SelfRecordingProvider recording) {
                recording.forgotten(key, context);
            }
            inventory.remove(key);
        }
        for (Change owned : plan.track()) {
            if (provider instanceof SelfRecordingProvider recording) {
                recording.settled(owned, context);
            }
            inventory.put(owned.key(), new InventoryEntry(owned.key(), owned.desired().orElseThrow().hash(),
                    revision, false));
        }
        return new Run(plan, results);
    }

    /** A failed change, worded as the executor reports it: {@code reason: file:line: verb Kind name failed: why}. */
    /** As the executor: what a call applied before it stopped is recorded; the failure is the next change's. */
    private IllegalStateException partly(List<Change> changes, PartialApply partial, String revision,
                                         Map<ResourceKey, ApplyResult> results) {
        for (int i = 0; i < partial.applied().size(); i++) {
            done(changes.get(i), revision);
            results.put(changes.get(i).key(), partial.applied().get(i));
        }
        return failed(changes.get(partial.applied().size()), partial.failure());
    }

    private static IllegalStateException failed(Change change, PlumblineException e) {
        String where = change.origin().map(origin -> origin + ": ").orElse("");
        return new IllegalStateException(e.reason() + ": " + where + change.action().word() + " "
                + change.key().display() + " failed: " + e.getMessage(), e);
    }

    private void intend(Change change, String revision) {
        inventory.put(change.key(), new InventoryEntry(change.key(), change.desired().orElseThrow().hash(),
                revision, true));
    }

    private void done(Change change, String revision) {
        if (change.action() == Action.DELETE) {
            inventory.remove(change.key());
        } else {
            inventory.put(change.key(), new InventoryEntry(change.key(), change.desired().orElseThrow().hash(),
                    revision, false));
        }
    }

    private List<Resource> normalised(List<Resource> desired) {
        return desired.stream().map(provider::normalize).toList();
    }
}
