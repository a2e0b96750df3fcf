package dev.plumbline.agent.reconcile;

import dev.plumbline.agent.Workspace;
import dev.plumbline.agent.telemetry.ReconcileTracer;
import dev.plumbline.agent.telemetry.SpanAttributes;
import dev.plumbline.agent.telemetry.TraceScope;
import dev.plumbline.config.StackConfig;
import dev.plumbline.model.InventoryEntry;
import dev.plumbline.model.LiveObject;
import dev.plumbline.model.Resource;
import dev.plumbline.model.ResourceKey;
import dev.plumbline.plan.Planner;
import dev.plumbline.problem.Problem;
import dev.plumbline.problem.StalledException;
import dev.plumbline.provider.Provider;
import dev.plumbline.provider.StackScope;
import dev.plumbline.render.ManifestFile;
import dev.plumbline.render.RenderRequest;
import dev.plumbline.render.RenderResult;
import dev.plumbline.snapshot.Snapshot;
import dev.plumbline.snapshot.TreeFile;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The read-only half of a reconcile: reads a stack's manifests from a snapshot, renders them, checks each
 * resource against its provider, observes live state in bulk and plans. Input problems (bad YAML, unknown
 * kinds, a missing path) are a {@link StalledException} listing every problem with its position.
 */
public final class StackPlanner {

    private static final Logger LOG = LoggerFactory.getLogger(StackPlanner.class);

    private final Workspace workspace;
    private final ReconcileTracer tracer;

    public StackPlanner(Workspace workspace) {
        this(workspace, ReconcileTracer.noop());
    }

    /** A planner whose render, observe and diff steps are spans of the current reconcile trace. */
    public StackPlanner(Workspace workspace, ReconcileTracer tracer) {
        this.workspace = workspace;
        this.tracer = tracer;
    }

    /**
     * The stack's desired resources at the snapshot, validated by their providers; secrets are still
     * references, nothing is normalised yet (see {@link #prepare}).
     */
    public List<Resource> render(StackConfig stack, Snapshot snapshot) {
        if (!stack.path().isEmpty() && !snapshot.tree().isDirectory(stack.path())) {
            throw new StalledException("PathNotFound", List.of(Problem.at(stack.location(), "stack '"
                    + stack.name() + "': path '" + stack.path() + "' is not a directory at "
                    + snapshot.commit().shortSha() + " of source '" + stack.source() + "'")));
        }
        List<ManifestFile> files = new ArrayList<>();
        for (TreeFile file : snapshot.tree().files(stack.path(), ManifestFile::isManifest)) {
            files.add(new ManifestFile(file.path(), file.blobId(), snapshot.tree().read(file)));
        }
        RenderResult rendered = workspace.renderer().render(
                new RenderRequest(stack.name(), stack.provider(), stack.vars(), files));
        // documents that rendered are validated too, so that one pass reports every problem
        List<Problem> problems = new ArrayList<>(rendered.problems());
        Map<Provider, List<Resource>> byProvider = new LinkedHashMap<>();
        for (Resource resource : rendered.resources()) {
            Provider provider = workspace.providers().get(resource.key().provider()).orElse(null);
            if (provider == null) {
                problems.add(Problem.at(resource.location(), resource.key().display() + " names provider '"
                        + resource.key().provider() + "', which is not defined in the config"));
            } else if (!provider.groups().contains(resource.key().group())) {
                problems.add(Problem.at(resource.location(), "provider '" + provider.name() + "' (type "
                        + provider.type() + ") does not serve apiVersion " + resource.apiVersion()
                        + "; it serves " + String.join(", ", new TreeSet<>(provider.groups()))));
            } else {
                byProvider.computeIfAbsent(provider, p -> new ArrayList<>()).add(resource);
            }
        }
        byProvider.forEach((provider, resources) -> problems.addAll(provider.validate(resources)));
        if (!problems.isEmpty()) {
            problems.sort(Comparator.comparing((Problem p) -> p.location().file())
                    .thenComparing(p -> p.location().line()).thenComparing(p -> p.location().column()));
            throw new StalledException(rendered.ok() ? "ValidationFailed" : "RenderFailed", problems);
        }
        return rendered.resources();
    }

    /** Renders, observes and plans; the plan's own problems (conflicts) are left for the caller. */
    public PreparedPlan prepare(StackConfig stack, Snapshot snapshot) {
        List<Resource> desired = new ArrayList<>();
        for (Resource resource : workspace.secrets().resolve(tracer.step("render", () -> render(stack, snapshot)))) {
            desired.add(workspace.providers().require(resource.key().provider()).normalize(resource));
        }
        Map<ResourceKey, InventoryEntry> inventory = new HashMap<>();
        Map<String, List<ResourceKey>> inventoryByProvider = new HashMap<>();
        workspace.store().inventory(stack.name()).forEach((key, entry) -> {
            if (workspace.providers().get(key.provider()).isEmpty()) {
                LOG.warn("stack {}: {} was applied through provider '{}', which is no longer configured; it is"
                        + " kept in the inventory and left alone", stack.name(), key.display(), key.provider());
                return;
            }
            inventory.put(key, entry);
            inventoryByProvider.computeIfAbsent(key.provider(), p -> new ArrayList<>()).add(key);
        });
        Map<String, List<Resource>> desiredByProvider = new LinkedHashMap<>();
        for (Resource resource : desired) {
            desiredByProvider.computeIfAbsent(resource.key().provider(), p -> new ArrayList<>()).add(resource);
        }
        TreeSet<String> providerNames = new TreeSet<>(desiredByProvider.keySet());
        providerNames.addAll(inventoryByProvider.keySet());
        Map<ResourceKey, LiveObject> live = new HashMap<>();
        for (String name : providerNames) {
            Provider provider = workspace.providers().require(name);
            try (TraceScope observe = tracer.step("observe")) {
                observe.attribute(SpanAttributes.PROVIDER, name);
                live.putAll(observe.call(() -> provider.observe(new StackScope(stack.name()),
                        desiredByProvider.getOrDefault(name, List.of()),
                        inventoryByProvider.getOrDefault(name, List.of()))));
            }
        }
        var plan = tracer.step("diff", () -> Planner.plan(new Planner.Input(stack.name(), desired, live, inventory,
                stack.sync().prune(), applyOrder())));
        return new PreparedPlan(stack, snapshot, desired, plan);
    }

    /** Keys of one provider together, in that provider's own order. */
    private Comparator<ResourceKey> applyOrder() {
        return (a, b) -> {
            int byProvider = a.provider().compareTo(b.provider());
            if (byProvider != 0) {
                return byProvider;
            }
            return workspace.providers().require(a.provider()).order().compare(a, b);
        };
    }
}
