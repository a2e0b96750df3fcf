package dev.plumbline.provider.postgres;

import dev.plumbline.model.Resource;
import dev.plumbline.model.Values;
import dev.plumbline.problem.Location;
import dev.plumbline.problem.Problem;
import dev.plumbline.yaml.FieldPath;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Checks the resources one stack gives the provider, every problem at once and each at its manifest
 * position: apiVersion and kind, the top-level fields and {@code metadata} (labels and annotations are
 * welcome: the ledger keeps them, so only what it cannot store is refused), every field of {@code spec}
 * (through the spec records' own readers), two resources standing for one object, and cycles in
 * {@code memberOf} ({@link RoleDepths}). It has no side effect: what it finds is only returned.
 */
final class PostgresValidator {

    private static final Set<String> TOP_LEVEL = Set.of("apiVersion", "kind", "metadata", "spec");

    private PostgresValidator() {
    }

    /** Every problem of {@code resources}, each at its manifest position. */
    static List<Problem> validate(List<Resource> resources, String defaultOwner) {
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
                if (role.name().equals(defaultOwner)) {
                    problems.add(Problem.at(resource.location(), resource.key().display() + " is the role '"
                            + role.name() + "' the provider connects as; a manifest may not manage it (one commit"
                            + " could lock the agent out of the server for good), so remove it, or let the"
                            + " provider connect as another role"));
                }
            }
        }
        problems.addAll(RoleDepths.of(roles, resources).cycles());
        return List.copyOf(problems);
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
        String who = Quoting.shown(resource.key().display());
        Map<String, Object> metadata = Values.map(resource.document().get("metadata"));
        for (String part : List.of("labels", "annotations")) {
            // no PostgreSQL object carries them: the ledger keeps them, as text
            Values.map(metadata.get(part)).forEach((name, value) -> {
                FieldPath path = FieldPath.of("metadata", part, name);
                Quoting.checkText(name).or(() -> Quoting.checkText(String.valueOf(value))).ifPresent(why ->
                        problems.add(Problem.at(resource.location(path), Quoting.shown(path.toString()) + " of " + who
                                + " is kept in the provider's ledger table: " + why)));
            });
        }
        if (!resource.key().namespace().isEmpty()) {
            problems.add(Problem.at(resource.location(FieldPath.of("metadata", "namespace")), who + " has a"
                    + " namespace, but PostgreSQL objects have none (a schema or extension names its database in"
                    + " spec.database); remove metadata.namespace"));
        }
        // as SchemaSpec.objectName reads it: a spec.name of null leaves metadata.name the object's name
        boolean isObjectName = kind == PostgresKind.ROLE || kind == PostgresKind.DATABASE
                || (kind == PostgresKind.SCHEMA || kind == PostgresKind.EXTENSION)
                && resource.spec().get("name") == null;
        Location name = resource.location(FieldPath.of("metadata", "name"));
        if (isObjectName) {
            Quoting.checkName(resource.name()).ifPresent(why -> problems.add(Problem.at(name, "metadata.name of "
                    + who + " is the " + kind.kind().toLowerCase(Locale.ROOT) + "'s name in PostgreSQL: " + why)));
        } else {
            // only a label here, but the ledger keeps it as text (its resource column)
            Quoting.checkText(resource.name()).ifPresent(why -> problems.add(Problem.at(name, "metadata.name of "
                    + who + " is kept in the provider's ledger table: " + why)));
        }
    }
}
