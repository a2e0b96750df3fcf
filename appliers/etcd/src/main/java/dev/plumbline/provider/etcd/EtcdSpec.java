package dev.plumbline.provider.etcd;

import dev.plumbline.model.Resource;
import dev.plumbline.model.Values;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SortedMap;

/**
 * What one resource of the etcd provider asks for: a {@link KeySpec} or a {@link KeySetSpec}. Both sides of
 * a comparison are built through here, the desired side from the manifest and the live side from etcd, so
 * their {@link #state()} maps have one shape.
 */
sealed interface EtcdSpec permits KeySpec, KeySetSpec {

    /** Every key this resource writes, relative to the provider prefix, with its value. */
    SortedMap<KeyPath, EtcdValue> keys();

    /** The {@code spec} mapping compared with the other side. */
    Map<String, Object> spec();

    /** The prefix recorded in provenance: a KeySet's prefix, empty for a Key. */
    String recordedPrefix();

    /** The state compared with the other side: {@code {spec: ...}}. */
    default Map<String, Object> state() {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("spec", spec());
        return Values.freezeMap(state);
    }

    /** The resource with its spec in this normal form; other fields and positions kept. */
    default Resource normalise(Resource resource) {
        Map<String, Object> document = new LinkedHashMap<>(resource.document());
        document.put("spec", spec());
        return resource.withDocument(document);
    }

    /**
     * Reads the spec of a resource that passed validation (values resolved: text or secrets).
     *
     * @throws IllegalArgumentException naming what is wrong, when it would not have passed
     */
    static EtcdSpec of(Resource resource) {
        return switch (resource.kind()) {
            case EtcdProvider.KEY -> KeySpec.of(resource);
            case EtcdProvider.KEY_SET -> KeySetSpec.of(resource);
            default -> throw new IllegalArgumentException("unknown kind '" + resource.kind() + "' for "
                    + EtcdProvider.GROUP + " (known kinds: " + EtcdProvider.KEY + ", " + EtcdProvider.KEY_SET + ")");
        };
    }
}
