package dev.plumbline.model;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a provider found live for a key, normalised into the same shape as {@link Resource#state()} so the
 * two compare field by field. {@code provenance} is what the provider found stamped on it (empty for an
 * object Plumbline did not write); {@code adopted} marks an object that existed before this stack took
 * it over, which prune leaves in place.
 */
public record LiveObject(ResourceKey key, Map<String, Object> state, Optional<Provenance> provenance,
                         boolean adopted) {

    public LiveObject {
        Objects.requireNonNull(key, "key");
        state = Values.freezeMap(state);
        provenance = provenance == null ? Optional.empty() : provenance;
    }

    public static LiveObject unmanaged(ResourceKey key, Map<String, Object> state) {
        return new LiveObject(key, state, Optional.empty(), false);
    }

    public static LiveObject managed(ResourceKey key, Map<String, Object> state, Provenance provenance,
                                     boolean adopted) {
        return new LiveObject(key, state, Optional.of(provenance), adopted);
    }

    /** The stack whose stamp is on it, if any. */
    public Optional<String> managedBy() {
        return provenance.map(Provenance::stack);
    }
}
