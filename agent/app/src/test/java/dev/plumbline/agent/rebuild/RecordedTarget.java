package dev.plumbline.agent.rebuild;

import dev.plumbline.model.LiveObject;
import dev.plumbline.model.Resource;
import dev.plumbline.model.ResourceKey;
import dev.plumbline.plan.Change;
import dev.plumbline.problem.Problem;
import dev.plumbline.provider.ApplyContext;
import dev.plumbline.provider.ApplyResult;
import dev.plumbline.provider.OwnershipScan;
import dev.plumbline.provider.Provider;
import dev.plumbline.provider.StackScope;
import dev.plumbline.provider.ownership.OwnershipRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A provider whose target holds only ownership records, set by the test, for the rebuild's unit tests: it
 * lists them as an {@link OwnershipScan} and refuses every other call, so a test fails should the rebuild
 * observe, apply or delete anything.
 */
final class RecordedTarget implements Provider, OwnershipScan {

    static final Instant WHEN = Instant.parse("2026-02-01T10:00:00Z");

    private final String name;
    private final Map<String, List<Owned>> byStack = new TreeMap<>();

    RecordedTarget(String name) {
        this.name = name;
    }

    /** Records that {@code stack} owns the Thing {@code thing}, applied at {@code revision}. */
    RecordedTarget owns(String stack, String thing, String revision, boolean created) {
        byStack.computeIfAbsent(stack, s -> new ArrayList<>()).add(new Owned(key(thing),
                new OwnershipRecord(stack, revision, WHEN, Optional.empty(), created, false)));
        byStack.get(stack).sort(java.util.Comparator.comparing(Owned::key));
        return this;
    }

    ResourceKey key(String thing) {
        return new ResourceKey(name, "mem.plumbline.dev", "Thing", "", thing);
    }

    @Override
    public List<String> stacks() {
        return List.copyOf(byStack.keySet());
    }

    @Override
    public List<Owned> owned(StackScope scope) {
        return List.copyOf(byStack.getOrDefault(scope.stack(), List.of()));
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String type() {
        return "recorded";
    }

    @Override
    public boolean serves(String group, String kind) {
        return "mem.plumbline.dev".equals(group);
    }

    @Override
    public String served() {
        return "mem.plumbline.dev";
    }

    @Override
    public List<Problem> validate(List<Resource> resources) {
        return List.of();
    }

    @Override
    public Map<ResourceKey, LiveObject> observe(StackScope scope, List<Resource> desired,
                                                Collection<ResourceKey> inventory) {
        throw new AssertionError("a rebuild does not observe");
    }

    @Override
    public ApplyResult apply(Change change, ApplyContext context) {
        throw new AssertionError("a rebuild writes nothing to a target");
    }

    @Override
    public ApplyResult delete(Change change, ApplyContext context) {
        throw new AssertionError("a rebuild deletes nothing on a target");
    }
}
