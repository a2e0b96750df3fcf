package dev.plumbline.provider.postgres;

import dev.plumbline.model.Resource;
import dev.plumbline.provider.Manifests;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

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
