package dev.plumbline.provider.postgres;

import dev.plumbline.model.Resource;
import dev.plumbline.model.Values;
import dev.plumbline.problem.Problem;
import dev.plumbline.yaml.FieldPath;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Checks the resources one stack gives the provider, every problem at once and each at its manifest
 * position: apiVersion and kind, the top-level fields and {@code metadata}, every field of {@code spec}
 * (through the spec records' own readers), two resources standing for one object, and cycles in
 * {@code memberOf}. It also works out how deep each role sits in {@code memberOf}, for {@link ApplyOrder}.
 */
final class PostgresValidator {

    private static final Set<String> TOP_LEVEL = Set.of("apiVersion", "kind", "metadata", "spec");

    private PostgresValidator() {
    }

    /** The problems, and the depth of each role in {@code memberOf} among these resources. */
    record Result(List<Problem> problems, Map<String, Integer> roleDepths) {
    }

    static Result validate(List<Resource> resources, String defaultOwner) {
        List<Problem> problems = new ArrayList<>();
        Map<ObjectId, Resource> seen = new HashMap<>();
        Map<String, RoleSpec> roles = new LinkedHashMap<>();
        for (Resource resource : resources) {
            check(resource, problems);
            Optional<ObjectSpec> spec = Specs.read(resource, defaultOwner, problems);
            if (spec.isEmpty()) {
                continue;
            }
            Resource first = seen.putIfAbsent(spec.get().id(), resource);
            if (first != null && !first.key().equals(resource.key())) {
                problems.add(Problem.at(resource.location(), resource.key().display() + " stands for the same "
                        + spec.get().id().display() + " as " + first.key().display() + " (" + first.location()
                        + "); an object has one manifest, so remove one of them"));
            }
            if (spec.get() instanceof RoleSpec role) {
                roles.put(role.name(), role);
            }
        }
        Map<String, Integer> depths = depths(roles, resources, problems);
        return new Result(List.copyOf(problems), depths);
    }

    private static void check(Resource resource, List<Problem> problems) {
        String who = resource.key().display();
        if (!resource.apiVersion().equals(PostgresProvider.API_VERSION)) {
            problems.add(Problem.at(resource.location(FieldPath.of("apiVersion")), who + " has apiVersion '"
                    + resource.apiVersion() + "'; the postgres provider serves " + PostgresProvider.API_VERSION));
        }
        Optional<PostgresKind> kind = PostgresKind.of(resource.kind());
        if (kind.isEmpty()) {
            problems.add(Problem.at(resource.location(FieldPath.of("kind")), "unknown kind '" + resource.kind()
                    + "' for " + PostgresProvider.GROUP + " (known kinds: " + PostgresKind.known() + ")"));
            return;
        }
        for (String field : resource.document().keySet()) {
            if (!TOP_LEVEL.contains(field)) {
                problems.add(Problem.at(resource.location(FieldPath.of(field)), "unknown field '" + field + "' in "
                        + who + " (a " + resource.kind() + " has apiVersion, kind, metadata and spec)"));
            }
        }
        Object spec = resource.document().get("spec");
        if (spec != null && !(spec instanceof Map<?, ?>)) {
            problems.add(Problem.at(resource.location(FieldPath.of("spec")), "spec of " + who + " must be a mapping"));
        }
        checkMetadata(resource, kind.get(), problems);
    }

    private static void checkMetadata(Resource resource, PostgresKind kind, List<Problem> problems) {
        String who = resource.key().display();
        Map<String, Object> metadata = Values.map(resource.document().get("metadata"));
        for (String key : List.of("labels", "annotations")) {
            if (metadata.containsKey(key)) {
                problems.add(Problem.at(resource.location(FieldPath.of("metadata", key)), who + " has metadata."
                        + key + ", but a PostgreSQL object cannot carry them; remove them"));
            }
        }
        if (!resource.key().namespace().isEmpty()) {
            problems.add(Problem.at(resource.location(FieldPath.of("metadata", "namespace")), who + " has a"
                    + " namespace, but PostgreSQL objects have none (a schema or extension names its database in"
                    + " spec.database); remove metadata.namespace"));
        }
        boolean isObjectName = kind == PostgresKind.ROLE || kind == PostgresKind.DATABASE
                || (kind == PostgresKind.SCHEMA || kind == PostgresKind.EXTENSION) && !resource.spec().containsKey("name");
        if (isObjectName) {
            Quoting.checkName(resource.name()).ifPresent(why -> problems.add(Problem.at(
                    resource.location(FieldPath.of("metadata", "name")), "metadata.name of " + who + " is the "
                    + kind.kind().toLowerCase(java.util.Locale.ROOT) + "'s name in PostgreSQL: " + why)));
        }
    }

    /** Depth of each role below the others in {@code memberOf}; a cycle is reported and cut. */
    private static Map<String, Integer> depths(Map<String, RoleSpec> roles, List<Resource> resources,
                                               List<Problem> problems) {
        Map<String, Integer> depths = new HashMap<>();
        List<Problem> cycles = new ArrayList<>();
        for (String role : roles.keySet()) {
            depth(role, roles, depths, new ArrayList<>(), resources, cycles);
        }
        problems.addAll(cycles);
        return depths;
    }

    private static int depth(String role, Map<String, RoleSpec> roles, Map<String, Integer> depths,
                             List<String> path, List<Resource> resources, List<Problem> cycles) {
        Integer known = depths.get(role);
        if (known != null) {
            return known;
        }
        if (path.contains(role)) {
            List<String> cycle = new ArrayList<>(path.subList(path.indexOf(role), path.size()));
            cycle.add(role);
            resources.stream().filter(r -> r.kind().equals(PostgresKind.ROLE.kind()) && r.name().equals(role))
                    .findFirst().ifPresent(r -> cycles.add(Problem.at(r.location(FieldPath.of("spec", "memberOf")),
                            "memberOf goes round in a circle: " + String.join(" -> ", cycle)
                                    + "; PostgreSQL refuses a role that is a member of itself")));
            return 0;
        }
        path.add(role);
        int depth = 0;
        for (String parent : roles.get(role).memberOf()) {
            if (roles.containsKey(parent) && !parent.equals(role)) {
                depth = Math.max(depth, 1 + depth(parent, roles, depths, path, resources, cycles));
            }
        }
        path.remove(path.size() - 1);
        depths.put(role, depth);
        return depth;
    }
}
