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
import java.util.Set;

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

    /** The API groups this provider serves, e.g. {@code files.plumbline.dev}. */
    Set<String> groups();

    /**
     * Checks kinds and fields of the resources one stack desires, all at once (including conflicts between
     * them, like two files with one path); every problem carries the manifest position.
     */
    List<Problem> validate(List<Resource> resources);

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

    /** Apply order of keys: dependencies first. Deletes run in the reverse order. */
    default Comparator<ResourceKey> order() {
        return Comparator.naturalOrder();
    }

    @Override
    default void close() {
    }
}
