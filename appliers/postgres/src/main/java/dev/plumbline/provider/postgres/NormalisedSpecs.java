package dev.plumbline.provider.postgres;

import dev.plumbline.model.Resource;
import dev.plumbline.problem.Problem;
import dev.plumbline.provider.WeakIdentityMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The spec each resource was read into when this provider normalised it, kept under the very object
 * {@code normalize} returned: the engine hands those objects back to {@code observe} and, in the plan's
 * changes, to {@code applyAll}, which then need not read them again (reading a spec goes through every field
 * with its manifest position, and cost an observe of 4,000 objects as much as its catalog queries). Keys are
 * compared by identity, never by {@code equals}, so only that object finds its spec, and held weakly, so an
 * entry goes with its resource ({@link WeakIdentityMap}). Any other resource is read as {@link Specs} reads
 * it. Thread-safe.
 */
final class NormalisedSpecs {

    private final WeakIdentityMap<Resource, ObjectSpec> specs = new WeakIdentityMap<>();

    /** Remembers that {@code normalised}, as {@code normalize} returned it, reads as {@code spec}. */
    void put(Resource normalised, ObjectSpec spec) {
        specs.put(normalised, spec);
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

    private Optional<ObjectSpec> known(Resource resource) {
        return specs.get(resource);
    }
}
