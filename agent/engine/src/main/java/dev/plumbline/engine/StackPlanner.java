package dev.plumbline.engine;

import dev.plumbline.config.StackConfig;
import dev.plumbline.engine.apply.Throttle;
import dev.plumbline.engine.port.ReconcileListener.RunScope;
import dev.plumbline.model.InventoryEntry;
import dev.plumbline.model.LiveObject;
import dev.plumbline.model.Resource;
import dev.plumbline.model.ResourceKey;
import dev.plumbline.plan.Planner;
import dev.plumbline.problem.Problem;
import dev.plumbline.problem.Reasons;
import dev.plumbline.problem.StalledException;
import dev.plumbline.provider.Provider;
import dev.plumbline.provider.StackScope;
import dev.plumbline.render.ManifestFile;
import dev.plumbline.render.RenderRequest;
import dev.plumbline.render.RenderResult;
import dev.plumbline.render.Renderer;
import dev.plumbline.snapshot.Snapshot;
import dev.plumbline.snapshot.TreeFile;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The read-only half of a reconcile: reads a stack's manifests from a snapshot, renders them, checks each
 * resource against the provider that serves it, observes live state in bulk and plans. Input problems (bad
 * YAML, unknown kinds, a missing path) are a {@link StalledException} listing every problem with its
 * position.
 */
public final class StackPlanner {

    private static final Logger LOG = LoggerFactory.getLogger(StackPlanner.class);

    private final EnginePorts ports;
    private final Renderer renderer;
    private final Throttle throttle;
    /** By stack: where its resources go, for the stack's config as it was when it was made. */
    private final Map<String, Routed> routers = new java.util.concurrent.ConcurrentHashMap<>();

    private record Routed(StackConfig stack, StackRouter router) {
    }
    /** By stack: what its last render gave that passed validation. */
    private final Map<String, Validated> validated = new java.util.concurrent.ConcurrentHashMap<>();
    /** The normal forms and hashes of the resources renders gave, for the ones they give again. */
    private final NormalForms forms = new NormalForms();

    public StackPlanner(EnginePorts ports, Renderer renderer) {
        this(ports, renderer, Throttle.NONE);
    }

    /** As above, taking a permit from {@code throttle} before observing through a provider. */
    public StackPlanner(EnginePorts ports, Renderer renderer, Throttle throttle) {
        this.ports = ports;
        this.renderer = renderer;
        this.throttle = throttle;
    }

    /**
     * The stack's desired resources at the snapshot, validated by their providers; secrets are still
     * references, nothing is normalised yet (see {@link #prepare}).
     */
    public List<Resource> render(StackConfig stack, Snapshot snapshot) {
        return renderChecked(stack, snapshot).resources();
    }

    /** As {@link #render}, with how many manifest files there were and how many were parsed. */
    private RenderResult renderChecked(StackConfig stack, Snapshot snapshot) {
        if (!stack.path().isEmpty() && !snapshot.tree().isDirectory(stack.path())) {
            throw new StalledException(Reasons.PATH_NOT_FOUND, List.of(Problem.at(stack.location(), "stack '"
                    + stack.name() + "': path '" + stack.path() + "' is not a directory at "
                    + snapshot.commit().shortSha() + " of source '" + stack.source() + "'")));
        }
        List<ManifestFile> files = new ArrayList<>();
        for (TreeFile file : snapshot.tree().files(stack.path(), ManifestFile::isManifest)) {
            files.add(ManifestFile.read(snapshot.tree(), file)); // a file over the limit is not read
        }
        StackRouter router = router(stack);
        RenderResult rendered = renderer.render(new RenderRequest(stack.name(), stack.vars(), files, router));
        Validated previous = validated.get(stack.name());
        List<Resource> changed = rendered.resources();
        if (rendered.ok() && previous != null && previous.stack().equals(stack)) {
            changed = previous.changed(rendered.resources());
            if (changed.isEmpty() && previous.resources().size() == rendered.resources().size()) {
                return rendered; // the very resources the previous render gave, validated then under this config
            }
        }
        // documents that rendered are validated too, so that one pass reports every problem
        List<Problem> problems = new ArrayList<>(rendered.problems());
        Map<Provider, List<Resource>> byProvider = new LinkedHashMap<>();
        String lastName = null; // a stack's resources are mostly of one provider: looked up once in a row
        Provider lastProvider = null;
        for (Resource resource : rendered.resources()) {
            String name = resource.key().provider();
            Provider provider = name.equals(lastName) ? lastProvider : ports.providers().get(name).orElse(null);
            lastName = name;
            lastProvider = provider;
            if (provider == null) {
                problems.add(Problem.at(resource.location(), resource.key().display() + " names provider '"
                        + resource.key().provider() + "', which is not defined in the config"));
            } else if (!provider.serves(resource.key().group(), resource.key().kind())) {
                List<String> others = router.others(resource.key().group(), resource.key().kind());
                problems.add(Problem.at(resource.location(), "provider '" + provider.name() + "' (type "
                        + provider.type() + ") does not serve apiVersion " + resource.apiVersion()
                        + "; it serves " + provider.served() + (others.size() > 1 ? "; providers '"
                        + String.join("', '", others) + "' do: name one with the annotation "
                        + dev.plumbline.model.Directives.PROVIDER : "")));
            } else {
                byProvider.computeIfAbsent(provider, p -> new ArrayList<>()).add(resource);
            }
        }
        StackScope scope = new StackScope(stack.name());
        byProvider.forEach((provider, resources) -> problems.addAll(provider.validate(scope, resources)));
        problems.addAll(ports.secrets().check(changed)); // of each resource on its own: the others passed
        if (!problems.isEmpty()) {
            problems.sort(Comparator.comparing((Problem p) -> p.location().file())
                    .thenComparing(p -> p.location().line()).thenComparing(p -> p.location().column()));
            throw new StalledException(rendered.ok() ? Reasons.VALIDATION_FAILED : Reasons.RENDER_FAILED, problems);
        }
        validated.put(stack.name(), new Validated(stack, rendered.resources()));
        return rendered;
    }

    /** The stack's router: the same object while the stack's config is the same (a render's cache holds then). */
    private StackRouter router(StackConfig stack) {
        return routers.compute(stack.name(), (name, known) -> known != null && known.stack().equals(stack) ? known
                : new Routed(stack, new StackRouter(stack.provider(), ports.providers(), ports.config().providers()
                        .stream().map(dev.plumbline.config.ProviderConfig::name).toList()))).router();
    }

    /**
     * The resources a stack's last render gave and that passed validation under its config. The renderer
     * gives the same objects again for files that did not change, in the same order, and validation depends on
     * nothing else, so a render that gives exactly these (by identity) under the same config is not validated
     * again, and checks of one resource on its own (its secret references) look only at the run of a render's
     * resources that are not these objects.
     */
    private record Validated(StackConfig stack, List<Resource> resources) {

        /**
         * The run of {@code rendered} between its first part and its last part that are the very objects these
         * were (all of it when nothing is the same; empty when nothing changed or resources were only removed).
         */
        List<Resource> changed(List<Resource> rendered) {
            int shorter = Math.min(rendered.size(), resources.size());
            int first = 0;
            while (first < shorter && rendered.get(first) == resources.get(first)) {
                first++;
            }
            int last = 0;
            while (last < shorter - first && rendered.get(rendered.size() - 1 - last)
                    == resources.get(resources.size() - 1 - last)) {
                last++;
            }
            return rendered.subList(first, rendered.size() - last);
        }
    }


    /** Renders, observes and plans, outside any run (a viewer's plan, the CLI's). */
    public PreparedPlan prepare(StackConfig stack, Snapshot snapshot) {
        return prepare(stack, snapshot, new RunScope() { });
    }

    /** Renders, observes and plans as steps of {@code run}; the plan's own problems are left for the caller. */
    public PreparedPlan prepare(StackConfig stack, Snapshot snapshot, RunScope run) {
        return prepare(stack, snapshot, run, false);
    }

    /**
     * As above; with {@code changedOnly}, observes and plans only what the commit changes against the stack's
     * inventory: resources the inventory lacks, holds as pending, or holds with another hash or prune
     * directive, and inventory keys no longer desired. The rest is taken to be live as it was applied, which
     * holds for a stack that the caller knows was live as desired at its last full observation, not long ago.
     */
    public PreparedPlan prepare(StackConfig stack, Snapshot snapshot, RunScope run, boolean changedOnly) {
        RenderResult rendered = run.step("render", () -> renderChecked(stack, snapshot));
        List<Resource> resolved = ports.secrets().resolve(rendered.resources());
        List<Resource> desired = new ArrayList<>(resolved.size());
        Map<Resource, String> hashes = new IdentityHashMap<>(resolved.size() * 4 / 3 + 1);
        for (NormalForms.Form form : forms.of(stack.name(), rendered.resources(), resolved,
                resource -> ports.providers().require(resource.key().provider()))) {
            desired.add(form.normal());
            hashes.put(form.normal(), form.hash());
        }
        Map<ResourceKey, InventoryEntry> stored = ports.store().inventory(stack.name());
        // what the plan sees of the inventory: all of it, or what a run of what the commit changes concerns
        int inventorySize = 0;
        for (ResourceKey key : stored.keySet()) {
            inventorySize += configured(stack, key) ? 1 : 0;
        }
        // a full run plans with the stored inventory itself when every key of it is of a configured provider
        // (as a rule), and copies only the keys of those providers otherwise
        Map<ResourceKey, InventoryEntry> inventory;
        if (!changedOnly && inventorySize == stored.size()) {
            inventory = stored;
        } else {
            inventory = new LinkedHashMap<>();
            if (!changedOnly) {
                stored.forEach((key, entry) -> {
                    if (ports.providers().get(key.provider()).isPresent()) {
                        inventory.put(key, entry);
                    }
                });
            }
        }
        List<Resource> planned = desired;
        if (changedOnly) {
            List<Resource> changed = new ArrayList<>();
            int recorded = 0;
            for (Resource resource : desired) {
                InventoryEntry entry = stored.get(resource.key());
                recorded += entry == null ? 0 : 1;
                if (Planner.needsRecording(entry, resource, () -> hashes.get(resource))) {
                    changed.add(resource);
                    if (entry != null) {
                        inventory.put(resource.key(), entry);
                    }
                }
            }
            if (recorded < stored.size()) { // keys no longer desired: found the long way only when there are any
                Set<ResourceKey> wanted = new HashSet<>(desired.size() * 4 / 3 + 1);
                desired.forEach(resource -> wanted.add(resource.key()));
                stored.forEach((key, entry) -> {
                    if (!wanted.contains(key) && ports.providers().get(key.provider()).isPresent()) {
                        inventory.put(key, entry);
                    }
                });
            }
            planned = changed;
        }
        Map<String, List<ResourceKey>> inventoryByProvider = new HashMap<>();
        inventory.keySet().forEach(key -> inventoryByProvider.computeIfAbsent(key.provider(),
                p -> new ArrayList<>()).add(key));
        Map<String, List<Resource>> desiredByProvider = new LinkedHashMap<>();
        for (Resource resource : planned) {
            desiredByProvider.computeIfAbsent(resource.key().provider(), p -> new ArrayList<>()).add(resource);
        }
        TreeSet<String> providerNames = new TreeSet<>(desiredByProvider.keySet());
        providerNames.addAll(inventoryByProvider.keySet());
        Map<ResourceKey, LiveObject> live = new HashMap<>((desired.size() + inventory.size()) * 4 / 3 + 1);
        for (String name : providerNames) {
            Provider provider = ports.providers().require(name);
            throttle.acquire(name);
            live.putAll(run.observe(name, () -> provider.observe(new StackScope(stack.name()),
                    desiredByProvider.getOrDefault(name, List.of()),
                    inventoryByProvider.getOrDefault(name, List.of()))));
        }
        Comparator<ResourceKey> order = applyOrder(desiredByProvider);
        List<Resource> input = ignoring(stack, planned, live, hashes);
        var plan = run.step("diff", () -> Planner.plan(new Planner.Input(stack.name(), input, live, inventory,
                stack.sync().prune(), order, hashes::get)));
        OptionalInt observed = OptionalInt.empty();
        if (changedOnly) {
            Set<ResourceKey> keys = new HashSet<>(inventory.keySet());
            input.forEach(resource -> keys.add(resource.key()));
            observed = OptionalInt.of(keys.size());
        }
        return new PreparedPlan(stack, snapshot, desired, plan, inventorySize, rendered.files(), rendered.parsed(),
                observed);
    }

    /**
     * The resources to plan with the stack's ignored fields as live has them ({@link IgnoredFields}); each one
     * rewritten gets its hash in {@code hashes}. The very list when the stack ignores nothing.
     */
    private static List<Resource> ignoring(StackConfig stack, List<Resource> planned, Map<ResourceKey, LiveObject> live,
                                           Map<Resource, String> hashes) {
        if (stack.ignore().isEmpty()) {
            return planned;
        }
        List<Resource> kept = new ArrayList<>(planned.size());
        for (Resource resource : planned) {
            Resource rewritten = IgnoredFields.apply(resource, stack.ignore(), live.get(resource.key()));
            if (rewritten != resource) {
                hashes.put(rewritten, rewritten.hash());
            }
            kept.add(rewritten);
        }
        return kept;
    }

    /** Whether the provider {@code key} was applied through is still configured; says so when it is not. */
    private boolean configured(StackConfig stack, ResourceKey key) {
        if (ports.providers().get(key.provider()).isPresent()) {
            return true;
        }
        LOG.warn("stack {}: {} was applied through provider '{}', which is no longer configured; it is kept in the"
                + " inventory and left alone", stack.name(), key.display(), key.provider());
        return false;
    }

    /**
     * Wave by wave ({@code plumbline.dev/wave}, lowest first; a key no longer desired is in wave 0), and within
     * a wave the keys of one provider together, in that provider's own order of the desired set.
     */
    private Comparator<ResourceKey> applyOrder(Map<String, List<Resource>> desiredByProvider) {
        Map<String, Comparator<ResourceKey>> orders = new HashMap<>();
        Map<ResourceKey, Integer> waves = new HashMap<>();
        desiredByProvider.values().forEach(resources -> resources.forEach(resource -> {
            if (resource.directives().wave() != 0) {
                waves.put(resource.key(), resource.directives().wave());
            }
        }));
        return (a, b) -> {
            int byWave = waves.isEmpty() ? 0 : Integer.compare(waves.getOrDefault(a, 0), waves.getOrDefault(b, 0));
            if (byWave != 0) {
                return byWave;
            }
            int byProvider = a.provider().compareTo(b.provider());
            if (byProvider != 0) {
                return byProvider;
            }
            return orders.computeIfAbsent(a.provider(), name -> ports.providers().require(name)
                    .order(desiredByProvider.getOrDefault(name, List.of()))).compare(a, b);
        };
    }
}
