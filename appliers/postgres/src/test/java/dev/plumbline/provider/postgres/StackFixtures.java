package dev.plumbline.provider.postgres;

import dev.plumbline.model.Resource;
import dev.plumbline.model.Values;
import dev.plumbline.provider.Manifests;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Manifests for the postgres tests: inline YAML or a named fixture under
 * {@code src/test/resources/dev/plumbline/provider/postgres/}, read as resources of the provider {@code db}
 * the way the renderer reads them (with a position for every field).
 */
final class StackFixtures {

    static final String PROVIDER = "db";

    private StackFixtures() {
    }

    /** Every document of {@code yaml}, as if read from {@code stack.yaml}. */
    static List<Resource> yaml(String yaml) {
        return Manifests.parse(PROVIDER, "stack.yaml", yaml);
    }

    static Resource one(String yaml) {
        return Manifests.one(PROVIDER, yaml);
    }

    /**
     * {@code resource} with {@code labels} and {@code annotations} in its {@code metadata} (each only when it
     * has entries), as if its manifest had them.
     */
    static Resource labelled(Resource resource, Map<String, String> labels, Map<String, String> annotations) {
        Map<String, Object> metadata = new LinkedHashMap<>(Values.map(resource.document().get("metadata")));
        metadata.remove("labels");
        metadata.remove("annotations");
        if (!labels.isEmpty()) {
            metadata.put("labels", new TreeMap<>(labels));
        }
        if (!annotations.isEmpty()) {
            metadata.put("annotations", new TreeMap<>(annotations));
        }
        Map<String, Object> document = new LinkedHashMap<>(resource.document());
        document.put("metadata", metadata);
        return resource.withDocument(document);
    }

    /** The documents of the fixture {@code name}, positioned in a file of that name. */
    static List<Resource> fixture(String name) {
        try (InputStream in = StackFixtures.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return Manifests.parse(PROVIDER, name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
