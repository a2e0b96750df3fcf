package dev.plumbline.provider;

import dev.plumbline.apply.Backoff;
import dev.plumbline.apply.ExecutionResult;
import dev.plumbline.apply.Executor;
import dev.plumbline.apply.InventoryJournal;
import dev.plumbline.apply.StopSignal;
import dev.plumbline.model.InventoryEntry;
import dev.plumbline.model.LiveObject;
import dev.plumbline.model.Resource;
import dev.plumbline.model.ResourceKey;
import dev.plumbline.plan.Plan;
import dev.plumbline.plan.Planner;
import dev.plumbline.problem.Problem;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Drives one provider for one stack the way the agent does, with the inventory kept in memory: validate,
 * normalise, observe (desired keys and inventory), plan, then execute the plan with the real
 * {@link Executor}, which records intent in the inventory before each write and forgets keys once gone.
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
        inventory.put(key, new InventoryEntry(key, "sha256:unknown", revision, false));
    }

    public Map<ResourceKey, LiveObject> observe(List<Resource> desired) {
        return provider.observe(new StackScope(stack), normalised(desired), inventory.keySet());
    }

    /** Validates (throwing on any problem), observes and plans, without applying. */
    public Plan plan(List<Resource> desired, boolean prune) {
        List<Problem> problems = provider.validate(desired);
        if (!problems.isEmpty()) {
            throw new IllegalStateException("the desired resources do not validate: " + problems);
        }
        List<Resource> normalised = normalised(desired);
        Map<ResourceKey, LiveObject> live = provider.observe(new StackScope(stack), normalised, inventory.keySet());
        return Planner.plan(new Planner.Input(stack, normalised, live, inventory, prune, provider.order()));
    }

    /**
     * Plans and applies through the real {@link Executor}, journaling into the in-memory inventory; a plan
     * with problems (a conflict) is not applied and throws, and so does a change that fails.
     */
    public Run reconcile(String revision, List<Resource> desired, boolean prune) {
        Plan plan = plan(desired, prune);
        if (!plan.problems().isEmpty()) {
            throw new IllegalStateException("the plan has problems: " + plan.problems());
        }
        Executor executor = new Executor(Providers.of(List.of(provider)), journal, 1,
                new Backoff(Duration.ZERO, Duration.ZERO), new StopSignal());
        ExecutionResult result = executor.execute(plan, new ApplyContext(stack, revision, now), change -> true);
        result.firstFailure().ifPresent(failure -> {
            throw new IllegalStateException(failure.reason() + ": " + failure.message());
        });
        Map<ResourceKey, ApplyResult> results = new LinkedHashMap<>();
        result.results().forEach(r -> results.put(r.change().key(), r.result().orElseThrow()));
        return new Run(plan, results);
    }

    /** The in-memory inventory as the executor sees it. */
    private final InventoryJournal journal = new InventoryJournal() {
        @Override
        public void intend(String stack, ResourceKey key, String hash, String revision) {
            inventory.put(key, new InventoryEntry(key, hash, revision, true));
        }

        @Override
        public void applied(String stack, ResourceKey key, String hash, String revision) {
            inventory.put(key, new InventoryEntry(key, hash, revision, false));
        }

        @Override
        public void forget(String stack, ResourceKey key) {
            inventory.remove(key);
        }
    };

    private List<Resource> normalised(List<Resource> desired) {
        return desired.stream().map(provider::normalize).toList();
    }
}
