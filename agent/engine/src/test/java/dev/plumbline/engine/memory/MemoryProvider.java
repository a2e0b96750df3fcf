package dev.plumbline.engine.memory;

import dev.plumbline.model.LiveObject;
import dev.plumbline.model.Resource;
import dev.plumbline.model.ResourceKey;
import dev.plumbline.plan.Change;
import dev.plumbline.problem.Problem;
import dev.plumbline.problem.Reasons;
import dev.plumbline.problem.TransientException;
import dev.plumbline.provider.ApplyContext;
import dev.plumbline.provider.ApplyResult;
import dev.plumbline.provider.Provider;
import dev.plumbline.provider.StackScope;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A provider whose target is a map in memory, for the engine's unit tests: it serves the group
 * {@value #GROUP}, stamps provenance on what it writes, lets a test change live state out of band, and
 * fails writes of the names a test marks as failing.
 */
public final class MemoryProvider implements Provider {

    public static final String GROUP = "mem.plumbline.dev";

    private final String name;
    private final Map<ResourceKey, LiveObject> live = new ConcurrentHashMap<>();
    private final Map<String, java.time.Duration> failing = new ConcurrentHashMap<>();
    private final List<String> writes = new ArrayList<>();

    public MemoryProvider(String name) {
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String type() {
        return "memory";
    }

    @Override
    public boolean serves(String group, String kind) {
        return GROUP.equals(group);
    }

    @Override
    public String served() {
        return GROUP;
    }

    private final java.util.concurrent.atomic.AtomicInteger validated = new java.util.concurrent.atomic.AtomicInteger();

    /** How many resources {@link #validate} was given, in all. */
    public int validated() {
        return validated.get();
    }

    private final java.util.concurrent.atomic.AtomicInteger normalized = new java.util.concurrent.atomic.AtomicInteger();

    /** How many resources {@link #normalize} was given, in all. */
    public int normalized() {
        return normalized.get();
    }

    /** Counts, and gives the resource as it is (a Thing has no defaults). */
    @Override
    public Resource normalize(Resource desired) {
        normalized.incrementAndGet();
        return desired;
    }

    @Override
    public List<Problem> validate(List<Resource> resources) {
        validated.addAndGet(resources.size());
        List<Problem> problems = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (Resource resource : resources) {
            if (!resource.kind().equals("Thing")) {
                problems.add(Problem.at(resource.location(), "unknown kind " + resource.kind() + "; known: Thing"));
            }
            if (!names.add(resource.name())) {
                problems.add(Problem.at(resource.location(), "two Things named " + resource.name()));
            }
        }
        return problems;
    }

    private volatile List<String> lastObserved = List.of();

    /** The names of the desired resources and inventory keys the last observe was asked for, sorted. */
    public List<String> lastObserved() {
        return lastObserved;
    }

    @Override
    public Map<ResourceKey, LiveObject> observe(StackScope scope, List<Resource> desired,
                                                Collection<ResourceKey> inventory) {
        java.util.TreeSet<String> asked = new java.util.TreeSet<>();
        desired.forEach(resource -> asked.add(resource.name()));
        inventory.forEach(key -> asked.add(key.name()));
        lastObserved = List.copyOf(asked);
        Map<ResourceKey, LiveObject> found = new java.util.HashMap<>();
        desired.forEach(resource -> put(found, resource.key()));
        inventory.forEach(key -> put(found, key));
        return found;
    }

    private void put(Map<ResourceKey, LiveObject> found, ResourceKey key) {
        LiveObject object = live.get(key);
        if (object != null) {
            found.put(key, object);
        }
    }

    @Override
    public synchronized ApplyResult apply(Change change, ApplyContext context) {
        Resource desired = change.desired().orElseThrow();
        if (failing.containsKey(desired.name())) {
            java.time.Duration retryAfter = failing.get(desired.name());
            throw new TransientException(Reasons.APPLY_FAILED, "the memory target refuses " + desired.name(), null,
                    retryAfter.isZero() ? null : retryAfter);
        }
        boolean existed = live.containsKey(desired.key());
        live.put(desired.key(), LiveObject.managed(desired.key(), desired.state(), context.provenance(), false));
        writes.add(change.action().word() + " " + desired.name());
        return existed ? ApplyResult.updated("") : ApplyResult.created("");
    }

    @Override
    public synchronized ApplyResult delete(Change change, ApplyContext context) {
        live.remove(change.key());
        writes.add("delete " + change.key().name());
        return ApplyResult.deleted("");
    }

    /** What is live now, by name. */
    public Map<String, LiveObject> live() {
        Map<String, LiveObject> byName = new java.util.TreeMap<>();
        live.forEach((key, object) -> byName.put(key.name(), object));
        return byName;
    }

    /** Every write and delete so far, as "create a", "update b", "delete c". */
    public synchronized List<String> writes() {
        return List.copyOf(writes);
    }

    /** Changes live state out of band, as a person with a shell would. */
    private final Map<String, java.util.Deque<dev.plumbline.provider.Health>> healths = new java.util.concurrent.ConcurrentHashMap<>();

    /** The health {@code thing} reports, one after the other, then the last one on; healthy once present by default. */
    public void health(String thing, dev.plumbline.provider.Health... states) {
        healths.put(thing, new java.util.ArrayDeque<>(List.of(states)));
    }

    @Override
    public Map<ResourceKey, dev.plumbline.provider.Health> health(StackScope scope, List<Resource> desired) {
        Map<ResourceKey, dev.plumbline.provider.Health> health = new java.util.LinkedHashMap<>();
        for (Resource resource : desired) {
            java.util.Deque<dev.plumbline.provider.Health> queue = healths.get(resource.name());
            health.put(resource.key(), queue == null ? dev.plumbline.provider.Health.healthy("present")
                    : queue.size() > 1 ? queue.poll() : queue.peek());
        }
        return health;
    }

    public void tamper(String name, Map<String, Object> state) {
        ResourceKey key = live.keySet().stream().filter(k -> k.name().equals(name)).findFirst().orElseThrow();
        LiveObject was = live.get(key);
        live.put(key, new LiveObject(key, state, was.provenance(), was.adopted()));
    }

    /** Writes of {@code thing} fail (transiently) until {@link #heal}. */
    public void failOn(String thing) {
        failing.put(thing, java.time.Duration.ZERO);
    }

    /** Writes of {@code thing} fail, the target asking not to be called again before {@code retryAfter}. */
    public void failOn(String thing, java.time.Duration retryAfter) {
        failing.put(thing, retryAfter);
    }

    public void heal(String thing) {
        failing.remove(thing);
    }
}
