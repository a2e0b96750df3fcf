package dev.plumbline.provider.postgres;

import dev.plumbline.model.Resource;
import dev.plumbline.model.Values;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one resource of this provider asks for, with every default filled in; the live side is read into
 * the same record, so both compare through one shape, {@code {spec: {...}}}. A record of each kind reads
 * itself from a manifest through {@link dev.plumbline.provider.spec.SpecReader}.
 */
sealed interface ObjectSpec permits RoleSpec, DatabaseSpec, SchemaSpec, ExtensionSpec, GrantSpec {

    ObjectId id();

    /** The fields of {@code spec}, defaults included, in a fixed order. */
    Map<String, Object> specMap();

    /** The state compared with the other side: {@code {spec: {...}}}. */
    default Map<String, Object> state() {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("spec", specMap());
        return Values.freezeMap(state);
    }

    /** {@code resource} with its spec in normal form; other fields kept. */
    default Resource normalise(Resource resource) {
        Map<String, Object> document = new LinkedHashMap<>(resource.document());
        document.put("spec", specMap());
        return resource.withDocument(document);
    }
}
