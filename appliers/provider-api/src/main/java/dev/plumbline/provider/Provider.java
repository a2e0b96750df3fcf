package dev.plumbline.provider;

import dev.plumbline.model.LiveObject;
import dev.plumbline.model.Resource;
import dev.plumbline.model.ResourceKey;
import dev.plumbline.plan.Change;
import dev.plumbline.problem.Problem;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * A place where resources are applied (a directory, a database server, an etcd cluster, ...). One instance
 * serves one {@code providers:} entry of the config and may be used by several stacks; every call names
 * the stack it works for through a {@link StackScope} or {@link ApplyContext}.
 *
 * <p>Contract, checked by the provider compatibility kit: {@link #observe} after {@link #apply} returns a
 * live object whose state equals the normalised desired state (so a second plan is all no-ops); every
 * applied object carries provenance (stack, revision, time) that {@link #observe} reads back; {@link
 * #delete} removes only what the stack itself created.
 */
public interface Provider extends AutoCloseable {

    /** The config name of this provider. */
    String name();

    /** The provider type, e.g. {@code files}. */
    String type();

    /**
     * Whether this provider serves resources of {@code kind} in the API group {@code group} (the part of
     * {@code apiVersion} before the slash). A provider may serve a whole group and check its kinds in
     * {@link #validate}, where an unknown kind is reported with the kinds it knows.
     */
    boolean serves(String group, String kind);

    /**
     * What this provider serves, as a short phrase for a person, used where a resource it does not serve is
     * refused ("... does not serve apiVersion x/v1; it serves files.plumbline.dev"), e.g.
     * {@code files.plumbline.dev}.
     */
    String served();

    /**
     * Checks kinds and fields of the resources one stack desires, all at once (including conflicts between
     * them, like two files with one path); every problem carries the manifest position.
     */
    List<Problem> validate(List<Resource> resources);

    /**
     * As {@link #validate(List)}, for the resources {@code stack} desires now. The engine checks a stack this way
     * whenever they changed, and a provider may keep what it found for the next check of the stack, to look
     * again only at what changed (the renderer gives the very same objects again for unchanged manifests).
     */
    default List<Problem> validate(StackScope stack, List<Resource> resources) {
        return validate(resources);
    }

    /**
     * The namespace an object of {@code group} and {@code kind} lives in when its manifest says {@code given}
     * ({@code ""} for none); a resource's key carries it, so that naming the default namespace or leaving it
     * out makes the same key. As given, unless the provider has a default namespace.
     */
    default String namespace(String group, String kind, String given) {
        return given;
    }

    /** The desired resource with the provider's defaults filled in, in the shape live state is read in. */
    default Resource normalize(Resource desired) {
        return desired;
    }

    /**
     * Reads, in bulk, what is live for the desired resources and for the keys in the stack's inventory.
     * Keys with nothing live are absent from the result.
     *
     * @throws dev.plumbline.problem.TransientException when the target cannot be read now
     */
    Map<ResourceKey, LiveObject> observe(StackScope scope, List<Resource> desired, Collection<ResourceKey> inventory);

    /** Creates or updates one object and stamps provenance on it. */
    ApplyResult apply(Change change, ApplyContext context);

    /** Removes one object the stack created; leaves (and says so) anything it only adopted. */
    ApplyResult delete(Change change, ApplyContext context);

    /**
     * How each of {@code desired}'s live objects is doing (see {@link Health}), read from the target now. By
     * default an object is healthy once it is there (a database, a key, a file) and progressing while it is
     * not; a provider whose objects take time to become ready after an apply (a Deployment's rollout) says more.
     */
    default Map<ResourceKey, Health> health(StackScope scope, List<Resource> desired) {
        Map<ResourceKey, LiveObject> live = observe(scope, desired, List.of());
        Map<ResourceKey, Health> health = new java.util.LinkedHashMap<>();
        for (Resource resource : desired) {
            health.put(resource.key(), live.containsKey(resource.key()) ? Health.healthy("present")
                    : Health.progressing("not there yet"));
        }
        return health;
    }

    /**
     * The order changes of one stack run in, dependencies first; deletes run in the reverse order. A pure
     * function of {@code desired}, the stack's resources of this provider (normalised or not): it must not
     * depend on any earlier call (such as {@link #validate}). Keys that are not in {@code desired} (deletes of
     * inventory keys) are ordered by what the key alone says.
     */
    default Comparator<ResourceKey> order(List<Resource> desired) {
        return Comparator.naturalOrder();
    }

    @Override
    default void close() {
    }
}
