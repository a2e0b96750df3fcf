package dev.plumbline.provider.kubernetes;

import dev.plumbline.diff.ThreeWay;
import dev.plumbline.model.LiveObject;
import dev.plumbline.model.Provenance;
import dev.plumbline.model.Resource;
import dev.plumbline.model.ResourceKey;
import dev.plumbline.model.SecretValue;
import dev.plumbline.model.Sensitive;
import dev.plumbline.model.Values;
import dev.plumbline.plan.Change;
import dev.plumbline.problem.Location;
import dev.plumbline.problem.Problem;
import dev.plumbline.problem.Reasons;
import dev.plumbline.problem.StalledException;
import dev.plumbline.provider.ApplyContext;
import dev.plumbline.provider.ApplyResult;
import dev.plumbline.provider.Health;
import dev.plumbline.provider.OwnershipScan;
import dev.plumbline.provider.Provider;
import dev.plumbline.provider.ownership.OwnershipRecord;
import dev.plumbline.provider.StackScope;
import dev.plumbline.yaml.FieldPath;
import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.Pluralize;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.zjsonpatch.JsonDiff;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Applies Kubernetes objects of any kind, custom resources included, through the API server: a create for
 * an object that is not there, else a patch from the fields applied last to the manifest (as {@code kubectl
 * apply} does on the client side; see {@link #patch}), so that a server's defaults and fields other
 * controllers own are never drift and never overwritten. Every object it writes carries its provenance: the label
 * {@code app.kubernetes.io/managed-by: plumbline} and the annotations {@code plumbline.dev/stack},
 * {@code plumbline.dev/revision} (the full commit SHA) and {@code plumbline.dev/applied-at}, with
 * {@code plumbline.dev/applied-fields}, the names of the fields it set (never their values). Live state is
 * read in bulk: one list per kind and namespace, selected by the managed-by label.
 */
public final class KubernetesProvider implements Provider, OwnershipScan {

    public static final String TYPE = "kubernetes";
    static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    static final String MANAGER = "plumbline";
    static final String STACK = "plumbline.dev/stack";
    static final String REVISION = "plumbline.dev/revision";
    static final String APPLIED_AT = "plumbline.dev/applied-at";
    static final String APPLIED_FIELDS = "plumbline.dev/applied-fields";
    /** On an object that was there before Plumbline took it over: prune leaves it in place. */
    static final String ADOPTED = "plumbline.dev/adopted";

    private static final Pattern SUBDOMAIN = Pattern.compile("[a-z0-9]([-a-z0-9.]*[a-z0-9])?");
    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");

    private final String name;
    private final KubernetesClient client;
    private final String namespace;
    private final KubernetesSerialization json;
    /** By {@code group/Kind}: the plural of a custom kind, as a definition names it. */
    private final Map<String, String> plurals = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicLong definitionsRead = new java.util.concurrent.atomic.AtomicLong();
    private static final java.time.Duration DEFINITIONS_REFRESH = java.time.Duration.ofSeconds(30);
    private static final Target DEFINITIONS = new Target("apiextensions.k8s.io", "v1", "CustomResourceDefinition",
            "customresourcedefinitions", "", false);

    /** {@code namespace}: where namespaced objects that name none go. The provider closes {@code client}. */
    KubernetesProvider(String name, KubernetesClient client, String namespace) {
        this.name = name;
        this.client = client;
        this.namespace = namespace;
        this.json = client.getKubernetesSerialization();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String type() {
        return TYPE;
    }

    /** Every API group but Plumbline's own ({@code *.plumbline.dev}, the other providers'). */
    @Override
    public boolean serves(String group, String kind) {
        return !group.equals("plumbline.dev") && !group.endsWith(".plumbline.dev");
    }

    @Override
    public String served() {
        return "Kubernetes API groups (v1, apps/v1, batch/v1, ... and custom resources)";
    }

    /** A namespaced object whose manifest names no namespace is in the provider's namespace, and keyed so. */
    @Override
    public String namespace(String group, String kind, String given) {
        return given.isEmpty() && !Kinds.clusterScoped(group, kind) ? namespace : given;
    }

    @Override
    public List<Problem> validate(List<Resource> resources) {
        List<Problem> problems = new ArrayList<>();
        Map<String, Resource> seen = new HashMap<>();
        for (Resource resource : resources) {
            String who = resource.key().display();
            String apiVersion = resource.apiVersion();
            if (apiVersion.isEmpty() || apiVersion.endsWith("/")) {
                problems.add(Problem.at(resource.location(FieldPath.of("apiVersion")), who + " has apiVersion '"
                        + apiVersion + "', which names no version; write group/version, like apps/v1, or v1"));
            }
            String objectName = resource.name();
            if (objectName.length() > 253 || !SUBDOMAIN.matcher(objectName).matches()) {
                problems.add(Problem.at(resource.location(FieldPath.of("metadata", "name")), who + ": '"
                        + objectName + "' is not a Kubernetes name (lower-case letters, digits, '-' and '.', starting"
                        + " and ending with a letter or digit, at most 253 characters)"));
            }
            String given = resource.key().namespace();
            if (!given.isEmpty() && Kinds.clusterScoped(resource.key().group(), resource.kind())) {
                problems.add(Problem.at(resource.location(FieldPath.of("metadata", "namespace")), who + ": a "
                        + resource.kind() + " has no namespace; remove metadata.namespace"));
            } else if (!given.isEmpty() && (given.length() > 63 || !LABEL.matcher(given).matches())) {
                problems.add(Problem.at(resource.location(FieldPath.of("metadata", "namespace")), who + ": '"
                        + given + "' is not a namespace name (lower-case letters, digits and '-', at most 63)"));
            }
            Object managedBy = resource.labels().get(MANAGED_BY);
            if (managedBy != null && !MANAGER.equals(managedBy)) {
                problems.add(Problem.at(resource.location(FieldPath.of("metadata", "labels", MANAGED_BY)), who
                        + " sets the label " + MANAGED_BY + " to '" + managedBy + "'; Plumbline sets it to '"
                        + MANAGER + "' on every object it writes, so leave it out"));
            }
            if (resource.document().containsKey("status")) {
                problems.add(Problem.at(resource.location(FieldPath.of("status")), who + " has a status; the"
                        + " cluster writes an object's status, so leave it out of the manifest"));
            }
            String identity = resource.key().group() + "/" + resource.kind() + "/" + namespaceOf(resource.key())
                    + "/" + objectName;
            Resource first = seen.putIfAbsent(identity, resource);
            if (first != null) {
                problems.add(Problem.at(resource.location(), who + " is the same object as " + first.key().display()
                        + " at " + first.location() + " (a namespaced object without a namespace goes to '"
                        + namespace + "'); each object must be defined once"));
            }
        }
        return List.copyOf(problems);
    }

    /** A {@code Secret}'s {@code data} and {@code stringData} are secrets: masked in plans, compared by digest. */
    @Override
    public Resource normalize(Resource desired) {
        if (!desired.key().group().isEmpty() || !desired.kind().equals("Secret")) {
            return desired;
        }
        Map<String, Object> document = new LinkedHashMap<>(desired.document());
        boolean changed = false;
        for (String field : List.of("data", "stringData")) {
            if (document.get(field) instanceof Map<?, ?> values) {
                Map<String, Object> masked = new LinkedHashMap<>();
                values.forEach((key, value) -> masked.put(String.valueOf(key), value instanceof SecretValue
                        || value == null ? value : new Sensitive(String.valueOf(value))));
                document.put(field, masked);
                changed = true;
            }
        }
        return changed ? desired.withDocument(document) : desired;
    }

    @Override
    public Map<ResourceKey, LiveObject> observe(StackScope scope, List<Resource> desired,
                                                Collection<ResourceKey> inventory) {
        Map<ResourceKey, Resource> wanted = new LinkedHashMap<>();
        desired.forEach(resource -> wanted.put(resource.key(), resource));
        desired.stream().filter(KubernetesProvider::isDefinition).forEach(definition -> learn(definition.spec()));
        Map<Target, List<ResourceKey>> byTarget = new LinkedHashMap<>();
        for (Resource resource : desired) {
            byTarget.computeIfAbsent(target(resource), t -> new ArrayList<>())
                    .add(resource.key());
        }
        for (ResourceKey key : inventory) {
            if (!wanted.containsKey(key)) {
                byTarget.computeIfAbsent(target(key), t -> new ArrayList<>()).add(key);
            }
        }
        Map<ResourceKey, LiveObject> live = new HashMap<>();
        java.util.Set<String> defined = definedHere(desired);
        byTarget.forEach((target, keys) -> {
            Optional<Location> where = keys.stream().map(wanted::get).filter(java.util.Objects::nonNull)
                    .map(Resource::location).findFirst();
            Map<String, GenericKubernetesResource> managed = new HashMap<>();
            try {
                for (GenericKubernetesResource object : target.in(client).withLabel(MANAGED_BY, MANAGER).list()
                        .getItems()) {
                    managed.put(object.getMetadata().getName(), object);
                }
            } catch (KubernetesClientException e) {
                if (e.getCode() == 404 && defined.contains(target.group() + "/" + target.kind())) {
                    return; // a custom kind whose definition this stack applies first: nothing of it is live yet
                }
                if (e.getCode() == 404 && where.isPresent()) { // no such resource type: a kind the cluster lacks
                    throw new StalledException(Reasons.INVALID_MANIFEST, List.of(Problem.at(where.get(),
                            "provider '" + name + "': the cluster does not serve kind " + target.kind()
                                    + " of apiVersion " + target.apiVersion() + " (its answer: " + e.getCode()
                                    + " not found); check apiVersion and kind, or apply the kind's"
                                    + " CustomResourceDefinition first")));
                }
                throw KubeFailures.of(name, "list " + target.describe(), where, e);
            }
            for (ResourceKey key : keys) {
                GenericKubernetesResource object = managed.get(key.name());
                if (object == null && wanted.containsKey(key)) {
                    try {
                        object = target.in(client).withName(key.name()).get(); // there, but not labelled by us
                    } catch (KubernetesClientException e) {
                        throw KubeFailures.of(name, "read " + key.display(), where, e);
                    }
                }
                if (object != null) {
                    live.put(key, liveObject(key, object, wanted.get(key)));
                }
            }
        });
        return live;
    }

    private static boolean isDefinition(Resource resource) {
        return resource.kind().equals("CustomResourceDefinition") && resource.key().group().equals("apiextensions.k8s.io");
    }

    /** The {@code group/Kind} of each custom kind a CustomResourceDefinition among {@code desired} defines. */
    private static java.util.Set<String> definedHere(List<Resource> desired) {
        java.util.Set<String> defined = new java.util.HashSet<>();
        for (Resource resource : desired) {
            if (isDefinition(resource)) {
                Map<String, Object> spec = resource.spec();
                Object kind = Values.map(spec.get("names")).get("kind");
                if (spec.get("group") != null && kind != null) {
                    defined.add(spec.get("group") + "/" + kind);
                }
            }
        }
        return defined;
    }

    private LiveObject liveObject(ResourceKey key, GenericKubernetesResource object, Resource desired) {
        @SuppressWarnings("unchecked")
        Map<String, Object> whole = json.convertValue(object, Map.class);
        Map<String, Object> metadata = Values.map(whole.get("metadata"));
        Map<String, Object> annotations = new LinkedHashMap<>(Values.map(metadata.get("annotations")));
        Map<String, Object> labels = new LinkedHashMap<>(Values.map(metadata.get("labels")));
        Map<?, ?> applied = appliedFields(annotations.get(APPLIED_FIELDS));
        Optional<Provenance> provenance = provenance(labels, annotations);
        boolean adopted = provenance.isPresent() && "true".equals(annotations.get(ADOPTED));
        annotations.keySet().removeIf(annotation -> annotation.startsWith("plumbline.dev/"));
        labels.remove(MANAGED_BY);
        Map<String, Object> state = new LinkedHashMap<>();
        Map<String, Object> liveMetadata = new LinkedHashMap<>();
        if (!labels.isEmpty()) {
            liveMetadata.put("labels", labels);
        }
        if (!annotations.isEmpty()) {
            liveMetadata.put("annotations", annotations);
        }
        if (!liveMetadata.isEmpty()) {
            state.put("metadata", liveMetadata);
        }
        whole.forEach((field, value) -> {
            if (!List.of("apiVersion", "kind", "metadata", "status").contains(field)) {
                state.put(field, value);
            }
        });
        Map<String, Object> wanted = desired == null ? Map.of() : desired.state();
        Object projected = ThreeWay.project(state, wanted, applied);
        @SuppressWarnings("unchecked")
        Map<String, Object> compared = (Map<String, Object>) projected;
        return new LiveObject(key, compared, provenance, adopted);
    }

    /**
     * The fields set last, in the shape of a document ({@link ThreeWay#shape} of the compared state: the
     * document's shape but for apiVersion and kind), as the annotation keeps them; empty when it keeps none.
     */
    private Map<?, ?> appliedFields(Object text) {
        if (!(text instanceof String written) || written.isBlank()) {
            return Map.of();
        }
        try {
            return json.unmarshal(written, Map.class);
        } catch (RuntimeException unreadable) {
            return Map.of(); // an annotation someone edited: compared as if nothing had been applied before
        }
    }

    /** The stamp on an object with the managed-by label and a stack's annotation; empty on any other. */
    private static Optional<Provenance> provenance(Map<String, ?> labels, Map<String, ?> annotations) {
        if (!MANAGER.equals(labels.get(MANAGED_BY)) || !(annotations.get(STACK) instanceof String stack)) {
            return Optional.empty();
        }
        String revision = annotations.get(REVISION) instanceof String text ? text : "";
        Instant at = Instant.EPOCH;
        if (annotations.get(APPLIED_AT) instanceof String text) {
            try {
                at = Instant.parse(text);
            } catch (DateTimeParseException unreadable) {
                at = Instant.EPOCH;
            }
        }
        return Optional.of(new Provenance(stack, revision, at));
    }

    @Override
    public ApplyResult apply(Change change, ApplyContext context) {
        Resource desired = change.desired().orElseThrow(() -> new IllegalArgumentException("no desired object"));
        Target target = target(desired);
        // an object there without Plumbline's stamp existed before: taken over, and marked so (prune leaves it);
        // one taken over before stays marked
        boolean adopted = change.live().map(live -> live.provenance().isEmpty() || live.adopted()).orElse(false);
        Map<String, Object> document = document(desired, target, context, adopted);
        String doing = change.live().isPresent() ? "update " + desired.key().display()
                : "create " + desired.key().display();
        try {
            if (change.live().isEmpty()) {
                try {
                    return create(target, desired, document);
                } catch (KubernetesClientException e) {
                    if (e.getCode() != 409) {
                        throw e;
                    }
                    // made meanwhile (this very change applied before, a retry after an answer that was lost):
                    // updated as it is now
                }
            }
            // the fields set last, as the object says now (an object not written by Plumbline has none)
            GenericKubernetesResource current = target.in(client).withName(desired.name()).get();
            if (current == null) { // deleted since it was observed: made again
                return create(target, desired, document);
            }
            Map<String, String> annotations = current.getMetadata().getAnnotations() == null ? Map.of()
                    : current.getMetadata().getAnnotations();
            String owner = provenance(current.getMetadata().getLabels() == null ? Map.of()
                    : current.getMetadata().getLabels(), annotations).map(Provenance::stack).orElse(null);
            if (owner != null && !owner.equals(context.stack())) { // taken by another stack since it was observed
                throw new StalledException(Reasons.OWNED_BY_ANOTHER_STACK, List.of(Problem.at(desired.location(),
                        desired.key().display() + " is managed by stack '" + owner + "'; a stack does not take"
                                + " another's object")));
            }
            if (owner == null && !adopted) { // there without a stamp, though not when observed: taken over as such
                document = document(desired, target, context, true);
            }
            if (!patch(target, current, ThreeWay.mergePatch(document, appliedFields(annotations.get(APPLIED_FIELDS))))) {
                return ApplyResult.skipped("nothing to change on " + target.describe(desired.name()));
            }
            return ApplyResult.updated("patched " + target.describe(desired.name()));
        } catch (KubernetesClientException e) {
            throw KubeFailures.of(name, doing, Optional.of(desired.location()), e);
        }
    }

    /**
     * Changes {@code current} as the JSON merge patch {@code patch} says, sent as the JSON patch (RFC 6902) from
     * the object as read to the object merged: what a server makes of the merge patch itself, spelt out (the
     * test server keeps a merge patch's nulls as values, where a real one removes the fields). False when
     * there is nothing to change.
     */
    private boolean patch(Target target, GenericKubernetesResource current, Map<String, Object> patch) {
        @SuppressWarnings("unchecked")
        Map<String, Object> before = json.convertValue(current, Map.class);
        JsonNode operations = JsonDiff.asJson(json.convertValue(before, JsonNode.class),
                json.convertValue(ThreeWay.merged(before, patch), JsonNode.class));
        if (operations.isEmpty()) {
            return false;
        }
        target.in(client).withName(current.getMetadata().getName()).patch(PatchContext.of(PatchType.JSON),
                json.asJson(operations));
        return true;
    }

    private ApplyResult create(Target target, Resource desired, Map<String, Object> document) {
        target.in(client).resource(json.convertValue(ThreeWay.plain(document), GenericKubernetesResource.class))
                .create();
        return ApplyResult.created("created " + target.describe(desired.name()));
    }

    /**
     * The object as written: the manifest's document with its namespace filled in, the provenance label and
     * annotations, and the names of the fields it sets.
     */
    private Map<String, Object> document(Resource desired, Target target, ApplyContext context, boolean adopted) {
        Map<String, Object> document = new LinkedHashMap<>(desired.document());
        Map<String, Object> metadata = new LinkedHashMap<>(Values.map(document.get("metadata")));
        if (target.namespaced() && !metadata.containsKey("namespace")) {
            metadata.put("namespace", target.namespace());
        }
        Map<String, Object> labels = new LinkedHashMap<>(Values.map(metadata.get("labels")));
        labels.put(MANAGED_BY, MANAGER);
        metadata.put("labels", labels);
        Map<String, Object> annotations = new LinkedHashMap<>(Values.map(metadata.get("annotations")));
        document.put("metadata", metadata);
        annotations.put(STACK, context.stack());
        annotations.put(REVISION, context.revision());
        annotations.put(APPLIED_AT, context.now().toString());
        annotations.put(APPLIED_FIELDS, json.asJson(ThreeWay.shape(desired.state())));
        if (adopted) {
            annotations.put(ADOPTED, "true");
        }
        metadata.put("annotations", annotations);
        return document;
    }

    @Override
    public ApplyResult delete(Change change, ApplyContext context) {
        ResourceKey key = change.key();
        Target target = change.desired().map(this::target).orElseGet(() -> target(key));
        if (change.live().map(LiveObject::adopted).orElse(false)) {
            return release(key, target, change);
        }
        try {
            target.in(client).withName(key.name()).withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                throw KubeFailures.of(name, "delete " + key.display(), change.origin(), e);
            }
        }
        return ApplyResult.deleted("deleted " + target.describe(key.name()));
    }

    /**
     * Leaves an object that existed before Plumbline took it over in place, without Plumbline's stamp (so
     * that nothing takes it for the stack's any more): its fields are as the stack last applied them.
     */
    private ApplyResult release(ResourceKey key, Target target, Change change) {
        Map<String, Object> annotations = new LinkedHashMap<>();
        for (String annotation : List.of(STACK, REVISION, APPLIED_AT, APPLIED_FIELDS, ADOPTED)) {
            annotations.put(annotation, null);
        }
        Map<String, Object> labels = new LinkedHashMap<>();
        labels.put(MANAGED_BY, null);
        Map<String, Object> patch = Map.of("metadata", Map.of("labels", labels, "annotations", annotations));
        try {
            GenericKubernetesResource current = target.in(client).withName(key.name()).get();
            if (current != null) {
                patch(target, current, patch);
            }
        } catch (KubernetesClientException e) {
            throw KubeFailures.of(name, "release " + key.display(), change.origin(), e);
        }
        return ApplyResult.skipped("left " + target.describe(key.name()) + " in place: it was there before"
                + " the stack took it over; Plumbline's stamp is removed");
    }

    /** By {@link HealthRules}, from each object as the cluster has it now (one read per object). */
    @Override
    public Map<ResourceKey, Health> health(StackScope scope, List<Resource> desired) {
        Map<ResourceKey, Health> health = new LinkedHashMap<>();
        for (Resource resource : desired) {
            Target target = target(resource);
            try {
                GenericKubernetesResource object = target.in(client).withName(resource.name()).get();
                if (object == null) {
                    health.put(resource.key(), Health.progressing("not there yet"));
                } else {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> whole = json.convertValue(object, Map.class);
                    health.put(resource.key(), HealthRules.of(resource.key().group(), resource.kind(), whole));
                }
            } catch (KubernetesClientException e) {
                throw KubeFailures.of(name, "read " + resource.key().display(), Optional.of(resource.location()), e);
            }
        }
        return health;
    }

    @Override
    public List<String> stacks() {
        java.util.TreeSet<String> stacks = new java.util.TreeSet<>();
        scan(object -> {
            Map<String, String> annotations = object.getMetadata().getAnnotations();
            if (annotations != null && annotations.get(STACK) != null) {
                stacks.add(annotations.get(STACK));
            }
        });
        return List.copyOf(stacks);
    }

    /**
     * What the cluster records as the stack's: every object of a scanned kind ({@link Kinds#SCANNED}, and every
     * custom resource the cluster defines) with the managed-by label and the stack's annotation, keyed as a
     * manifest of it is keyed (its namespace written out, as the provider's default namespace is).
     */
    @Override
    public List<Owned> owned(StackScope scope) {
        List<Owned> owned = new ArrayList<>();
        scan(object -> {
            Map<String, String> annotations = object.getMetadata().getAnnotations();
            Map<String, String> labels = object.getMetadata().getLabels();
            if (annotations == null || !scope.stack().equals(annotations.get(STACK))) {
                return;
            }
            provenance(labels == null ? Map.of() : labels, annotations).ifPresent(provenance -> {
                String apiVersion = object.getApiVersion();
                String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
                String namespace = object.getMetadata().getNamespace() == null ? ""
                        : object.getMetadata().getNamespace();
                ResourceKey key = new ResourceKey(name, group, object.getKind(), namespace,
                        object.getMetadata().getName());
                owned.add(new Owned(key, OwnershipRecord.stamped(provenance, !"true".equals(annotations.get(ADOPTED)))));
            });
        });
        owned.sort(Comparator.comparing(Owned::key));
        return owned;
    }

    /** Every object with the managed-by label, of every scanned kind, in every namespace. */
    private void scan(java.util.function.Consumer<GenericKubernetesResource> each) {
        List<Target> targets = new ArrayList<>();
        for (String known : Kinds.SCANNED) {
            String group = known.substring(0, known.indexOf('/'));
            String kind = known.substring(known.indexOf('/') + 1);
            targets.add(new Target(group, Kinds.version(group).orElseThrow(), kind, builtInPlural(kind), "",
                    !Kinds.clusterScoped(group, kind)));
        }
        try {
            for (Map<String, Object> spec : definitions()) {
                learn(spec);
                Map<String, Object> names = Values.map(spec.get("names"));
                String version = Values.list(spec.get("versions")).stream().map(Values::map)
                        .filter(served -> Boolean.TRUE.equals(served.get("storage"))).map(served -> served.get("name"))
                        .map(String::valueOf).findFirst().orElse(null);
                if (spec.get("group") != null && names.get("kind") != null && version != null
                        && names.get("plural") != null) {
                    targets.add(new Target(String.valueOf(spec.get("group")), version, String.valueOf(names.get("kind")),
                            String.valueOf(names.get("plural")), "", "Namespaced".equals(spec.get("scope"))));
                }
            }
            for (Target target : targets) {
                ResourceDefinitionContext context = target.context();
                var operation = client.genericKubernetesResources(context);
                var listed = target.namespaced() ? operation.inAnyNamespace().withLabel(MANAGED_BY, MANAGER).list()
                        : operation.withLabel(MANAGED_BY, MANAGER).list();
                listed.getItems().forEach(each);
            }
        } catch (KubernetesClientException e) {
            throw KubeFailures.of(name, "list what Plumbline manages", Optional.empty(), e);
        }
    }

    /** Namespaces, then custom resource definitions, then the rest by kind (as Argo CD orders them), then name. */
    @Override
    public Comparator<ResourceKey> order(List<Resource> desired) {
        return Comparator.comparingInt((ResourceKey key) -> Kinds.rank(key.kind()))
                .thenComparing(ResourceKey::group).thenComparing(ResourceKey::kind)
                .thenComparing(ResourceKey::namespace).thenComparing(ResourceKey::name);
    }

    @Override
    public void close() {
        client.close();
    }

    /** Where a namespaced object without a namespace goes: the provider's namespace; "" for a cluster object. */
    private String namespaceOf(ResourceKey key) {
        return Kinds.clusterScoped(key.group(), key.kind()) ? "" : namespace(key.group(), key.kind(), key.namespace());
    }

    /** Where an object known only by its key lives (to prune it): its group's version, asked of the server if not built in. */
    private Target target(ResourceKey key) {
        String version = Kinds.version(key.group()).orElseGet(() -> {
            try {
                var group = client.getApiGroup(key.group());
                if (group != null && group.getPreferredVersion() != null) {
                    return group.getPreferredVersion().getVersion();
                }
            } catch (KubernetesClientException e) {
                throw KubeFailures.of(name, "find the version of API group " + key.group(), Optional.empty(), e);
            }
            throw new StalledException(Reasons.OBSERVE_FAILED, "provider '" + name + "': the cluster does not"
                    + " serve API group '" + key.group() + "' any more, so " + key.display() + " cannot be read");
        });
        return new Target(key.group(), version, key.kind(), plural(key.group(), key.kind()), namespaceOf(key),
                !Kinds.clusterScoped(key.group(), key.kind()));
    }

    /** Where a desired object lives: its kind at its manifest's version, in its namespace. */
    private Target target(Resource resource) {
        return Target.of(resource, namespaceOf(resource.key()), plural(resource.key().group(), resource.kind()));
    }

    /** The plural of a built-in kind, as the API's URLs spell it ({@code deployments}, {@code ingresses}). */
    private static String builtInPlural(String kind) {
        return Pluralize.toPlural(kind.toLowerCase(Locale.ROOT));
    }

    /**
     * The plural a kind's URLs use: a built-in kind's by the API's rules; a custom kind's as its definition
     * names it ({@code spec.names.plural}: one in the stack's manifests, else the cluster's, read again at most
     * every {@link #DEFINITIONS_REFRESH}), and by the same rules when no definition says.
     */
    private String plural(String group, String kind) {
        if (Kinds.version(group).isPresent()) {
            return builtInPlural(kind);
        }
        String known = plurals.get(group + "/" + kind);
        if (known == null && readDefinitions()) {
            known = plurals.get(group + "/" + kind);
        }
        return known != null ? known : builtInPlural(kind);
    }

    /** Learns the plurals of the cluster's custom resource definitions; false when it read them too lately. */
    private boolean readDefinitions() {
        long now = System.nanoTime();
        long last = definitionsRead.get();
        if (last != 0 && now - last < DEFINITIONS_REFRESH.toNanos() || !definitionsRead.compareAndSet(last, now)) {
            return false;
        }
        try {
            definitions().forEach(this::learn);
            return true;
        } catch (KubernetesClientException e) {
            return false; // the plural by the API's rules, and the server's answer to it, say the rest
        }
    }

    /** The {@code spec} of each of the cluster's custom resource definitions. */
    private List<Map<String, Object>> definitions() {
        return DEFINITIONS.in(client).list().getItems().stream()
                .map(definition -> Values.map(definition.getAdditionalProperties().get("spec"))).toList();
    }

    /** Remembers the plural a definition's {@code spec} names for its kind. */
    private void learn(Map<String, Object> spec) {
        Map<String, Object> names = Values.map(spec.get("names"));
        if (spec.get("group") != null && names.get("kind") != null && names.get("plural") != null) {
            plurals.put(spec.get("group") + "/" + names.get("kind"), String.valueOf(names.get("plural")));
        }
    }

    /** One kind at one version in one namespace ("" for a cluster-scoped kind): what one list reads. */
    record Target(String group, String version, String kind, String plural, String namespace, boolean namespaced) {

        static Target of(Resource resource, String namespace, String plural) {
            String apiVersion = resource.apiVersion();
            String version = apiVersion.substring(apiVersion.indexOf('/') + 1);
            return new Target(resource.key().group(), version, resource.kind(), plural, namespace, !namespace.isEmpty());
        }

        io.fabric8.kubernetes.client.dsl.NonNamespaceOperation<GenericKubernetesResource,
                io.fabric8.kubernetes.api.model.GenericKubernetesResourceList,
                io.fabric8.kubernetes.client.dsl.Resource<GenericKubernetesResource>> in(KubernetesClient client) {
            var operation = client.genericKubernetesResources(context());
            return namespaced ? operation.inNamespace(namespace) : operation;
        }

        ResourceDefinitionContext context() {
            return new ResourceDefinitionContext.Builder()
                    .withGroup(group).withVersion(version).withKind(kind)
                    .withPlural(plural).withNamespaced(namespaced).build();
        }

        String describe() {
            return describe("");
        }

        String apiVersion() {
            return group.isEmpty() ? version : group + "/" + version;
        }

        /** {@code apps/v1 Deployment api in namespace web}; without a name, the kind in the namespace. */
        String describe(String name) {
            return apiVersion() + " " + kind + (name.isEmpty() ? "" : " " + name)
                    + (namespace.isEmpty() ? "" : " in namespace " + namespace);
        }
    }
}
