package dev.plumbline.provider.postgres;

import dev.plumbline.model.Resource;
import dev.plumbline.problem.Problem;
import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The spec each resource was read into when this provider normalised it, kept under the very object
 * {@code normalize} returned: the engine hands those objects back to {@code observe} and, in the plan's
 * changes, to {@code applyAll}, which then need not read them again (reading a spec goes through every field
 * with its manifest position, and cost an observe of 4,000 objects as much as its catalog queries). Keys are
 * compared by identity, never by {@code equals}, so only that object finds its spec, and held weakly, so an
 * entry goes with its resource. Any other resource is read as {@link Specs} reads it. Thread-safe.
 */
final class NormalisedSpecs {

    /** A weak reference that hashes and compares by the identity of what it refers to. */
    private static final class Ref extends WeakReference<Resource> {
        private final int hash;

        Ref(Resource resource, ReferenceQueue<Resource> queue) {
            super(resource, queue);
            this.hash = System.identityHashCode(resource);
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object other) {
            if (this == other) {
                return true;
            }
            Resource resource = get();
            return resource != null && other instanceof Ref ref && ref.get() == resource;
        }
    }

    private final ReferenceQueue<Resource> queue = new ReferenceQueue<>();
    private final Map<Ref, ObjectSpec> specs = new HashMap<>();

    /** Remembers that {@code normalised}, as {@code normalize} returned it, reads as {@code spec}. */
    synchronized void put(Resource normalised, ObjectSpec spec) {
        expunge();
        specs.put(new Ref(normalised, queue), spec);
    }

    /** The spec of a resource that passed validation (see {@link Specs#valid}). */
    ObjectSpec valid(Resource resource, String defaultOwner) {
        return known(resource).orElseGet(() -> Specs.valid(resource, defaultOwner));
    }

    /** The spec of {@code resource} when it reads without a problem (see {@link Specs#read}). */
    Optional<ObjectSpec> readable(Resource resource, String defaultOwner) {
        Optional<ObjectSpec> known = known(resource);
        if (known.isPresent()) {
            return known;
        }
        List<Problem> problems = new ArrayList<>();
        return Specs.read(resource, defaultOwner, problems).filter(spec -> problems.isEmpty());
    }

    private synchronized Optional<ObjectSpec> known(Resource resource) {
        expunge();
        return Optional.ofNullable(specs.get(new Ref(resource, null)));
    }

    private void expunge() {
        for (Reference<? extends Resource> gone = queue.poll(); gone != null; gone = queue.poll()) {
            specs.remove(gone);
        }
    }
}
