package dev.plumbline.provider.postgres;

import dev.plumbline.model.LiveObject;
import dev.plumbline.model.Resource;
import dev.plumbline.model.SourceMap;
import dev.plumbline.problem.Location;
import dev.plumbline.problem.Problem;
import dev.plumbline.provider.spec.SpecReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads any resource of this provider into its {@link ObjectSpec}, by kind; also reads a live object's
 * state back into one (for a delete, which only has the live side), through the same code.
 */
final class Specs {

    private Specs() {
    }

    /** The spec of {@code resource}, reporting what is wrong into {@code problems}; empty for an unknown kind. */
    static Optional<ObjectSpec> read(Resource resource, String defaultOwner, List<Problem> problems) {
        Optional<PostgresKind> kind = PostgresKind.of(resource.kind());
        if (kind.isEmpty()) {
            return Optional.empty();
        }
        SpecReader reader = SpecReader.of(resource, problems);
        return Optional.of(switch (kind.get()) {
            case ROLE -> RoleSpec.read(reader);
            case DATABASE -> DatabaseSpec.read(reader, defaultOwner);
            case SCHEMA -> SchemaSpec.read(reader, defaultOwner);
            case EXTENSION -> ExtensionSpec.read(reader);
            case GRANT -> GrantSpec.read(reader, defaultOwner);
        });
    }

    /**
     * The spec of a resource that passed validation.
     *
     * @throws dev.plumbline.problem.StalledException with reason {@code InvalidManifest} when it would not
     */
    static ObjectSpec valid(Resource resource, String defaultOwner) {
        List<Problem> problems = new ArrayList<>();
        Optional<ObjectSpec> spec = read(resource, defaultOwner, problems);
        if (spec.isEmpty() || !problems.isEmpty()) {
            throw PostgresFailures.invalid(resource, problems);
        }
        return spec.get();
    }

    /** The spec a live object's state describes (what the observer built). */
    static ObjectSpec ofLive(LiveObject live, String defaultOwner) {
        Map<String, Object> document = new LinkedHashMap<>(live.state());
        document.put("metadata", Map.of("name", live.key().name()));
        Resource resource = new Resource(live.key(), PostgresProvider.API_VERSION, document,
                SourceMap.of(Location.file("live " + live.key().display())));
        return read(resource, defaultOwner, new ArrayList<>()).orElseThrow(() -> new IllegalArgumentException(
                "not a kind of the postgres provider: " + live.key()));
    }
}
