package dev.plumbline.provider.files;

import dev.plumbline.model.Resource;
import dev.plumbline.model.SecretValue;
import dev.plumbline.model.Values;
import dev.plumbline.problem.Problem;
import dev.plumbline.yaml.FieldPath;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Checks the {@code File} resources of one stack, every problem at once and each at its manifest position:
 * kind and apiVersion, the fields of {@code spec}, and conflicts between resources (two files with one path,
 * or one file's path running through another file). A file cannot carry labels or annotations, so
 * {@code metadata.labels} and {@code metadata.annotations} are refused rather than silently dropped.
 */
final class FileValidator {

    private static final Set<String> TOP_LEVEL = Set.of("apiVersion", "kind", "metadata", "spec");
    private static final List<String> SPEC_KEYS = List.of("path", "content", "mode");

    private FileValidator() {
    }

    static List<Problem> validate(List<Resource> resources) {
        List<Problem> problems = new ArrayList<>();
        List<Claimed> claimed = new ArrayList<>();
        for (Resource resource : resources) {
            check(resource, problems).ifPresent(path -> claimed.add(new Claimed(resource, path)));
        }
        checkConflicts(claimed, problems);
        return List.copyOf(problems);
    }

    /** A resource and the path it asks for. */
    private record Claimed(Resource resource, RelativePath path) {
    }

    private static Optional<RelativePath> check(Resource resource, List<Problem> problems) {
        String who = resource.key().display();
        if (!resource.apiVersion().equals(FilesProvider.API_VERSION)) {
            problems.add(Problem.at(resource.location(FieldPath.of("apiVersion")), who + " has apiVersion '"
                    + resource.apiVersion() + "'; the files provider serves " + FilesProvider.API_VERSION));
        }
        if (!resource.kind().equals(FilesProvider.KIND)) {
            problems.add(Problem.at(resource.location(FieldPath.of("kind")), "unknown kind '" + resource.kind()
                    + "' for " + FilesProvider.GROUP + " (known kinds: " + FilesProvider.KIND + ")"));
            return Optional.empty();
        }
        for (String field : resource.document().keySet()) {
            if (!TOP_LEVEL.contains(field)) {
                problems.add(Problem.at(resource.location(FieldPath.of(field)), "unknown field '" + field + "' in "
                        + who + " (a File has apiVersion, kind, metadata and spec)"));
            }
        }
        checkMetadata(resource, who, problems);
        Object spec = resource.document().get("spec");
        if (!(spec instanceof Map<?, ?>)) {
            problems.add(Problem.at(spec == null ? resource.location() : resource.location(FieldPath.of("spec")),
                    who + " needs a spec mapping with path and content"));
            return Optional.empty();
        }
        for (String key : Values.map(spec).keySet()) {
            if (!SPEC_KEYS.contains(key)) {
                problems.add(Problem.at(resource.location(FieldPath.of("spec", key)), "unknown key '" + key
                        + "' in spec of " + who + " (known keys: " + String.join(", ", SPEC_KEYS) + ")"));
            }
        }
        checkContent(resource, who, problems);
        checkMode(resource, who, problems);
        return checkPath(resource, who, problems);
    }

    private static void checkMetadata(Resource resource, String who, List<Problem> problems) {
        Map<String, Object> metadata = Values.map(resource.document().get("metadata"));
        for (String key : List.of("labels", "annotations")) {
            if (metadata.containsKey(key)) {
                problems.add(Problem.at(resource.location(FieldPath.of("metadata", key)), who + " has metadata."
                        + key + ", but a file on disk cannot carry them; remove them"));
            }
        }
        Object namespace = metadata.get("namespace");
        if (namespace != null && !String.valueOf(namespace).isEmpty()) {
            problems.add(Problem.at(resource.location(FieldPath.of("metadata", "namespace")), who
                    + " has a namespace, but files have none; remove metadata.namespace"));
        }
    }

    private static void checkContent(Resource resource, String who, List<Problem> problems) {
        Map<String, Object> spec = resource.spec();
        FieldPath at = FieldPath.of("spec", "content");
        if (!spec.containsKey("content") || spec.get("content") == null) {
            problems.add(Problem.at(resource.location(at), who + " needs spec.content (the text to write;"
                    + " \"\" for an empty file)"));
        } else if (!(spec.get("content") instanceof String) && !(spec.get("content") instanceof SecretValue)) {
            problems.add(Problem.at(resource.location(at), "spec.content of " + who + " must be text, not "
                    + describe(spec.get("content")) + "; quote it, or use a block scalar (content: |)"));
        }
    }

    private static void checkMode(Resource resource, String who, List<Problem> problems) {
        Object mode = resource.spec().get("mode");
        if (mode == null) {
            return;
        }
        try {
            FileMode.parse(mode);
        } catch (IllegalArgumentException e) {
            problems.add(Problem.at(resource.location(FieldPath.of("spec", "mode")), "spec.mode of " + who + ": "
                    + e.getMessage()));
        }
    }

    private static Optional<RelativePath> checkPath(Resource resource, String who, List<Problem> problems) {
        Object path = resource.spec().get("path");
        FieldPath at = FieldPath.of("spec", "path");
        if (path == null) {
            problems.add(Problem.at(resource.location(at), who + " needs spec.path (where to write the file,"
                    + " relative to the provider's root)"));
            return Optional.empty();
        }
        if (!(path instanceof String text)) {
            problems.add(Problem.at(resource.location(at), "spec.path of " + who + " must be text, not "
                    + describe(path)));
            return Optional.empty();
        }
        try {
            return Optional.of(RelativePath.parse(text));
        } catch (IllegalArgumentException e) {
            problems.add(Problem.at(resource.location(at), "spec.path of " + who + ": " + e.getMessage()));
            return Optional.empty();
        }
    }

    private static void checkConflicts(List<Claimed> claimed, List<Problem> problems) {
        Map<RelativePath, Claimed> files = new HashMap<>();
        Map<RelativePath, Claimed> directories = new HashMap<>();
        for (Claimed claim : claimed) {
            String who = claim.resource().key().display();
            Optional<String> conflict = Optional.ofNullable(files.get(claim.path()))
                    .map(first -> who + " has the same path '" + claim.path() + "' as " + where(first));
            if (conflict.isEmpty() && directories.containsKey(claim.path())) {
                Claimed first = directories.get(claim.path());
                conflict = Optional.of(who + " writes a file at '" + claim.path() + "', but " + where(first)
                        + " needs it to be a directory for '" + first.path() + "'");
            }
            for (RelativePath directory : claim.path().ancestors()) {
                if (conflict.isEmpty() && files.containsKey(directory)) {
                    conflict = Optional.of(who + " needs '" + directory + "' to be a directory for '" + claim.path()
                            + "', but " + where(files.get(directory)) + " writes a file there");
                }
            }
            if (conflict.isPresent()) {
                problems.add(Problem.at(claim.resource().location(FieldPath.of("spec", "path")), conflict.get()
                        + "; a path has one owner, so change or remove one of them"));
                continue;
            }
            files.put(claim.path(), claim);
            for (RelativePath directory : claim.path().ancestors()) {
                directories.putIfAbsent(directory, claim);
            }
        }
    }

    private static String where(Claimed claim) {
        return claim.resource().key().display() + " (" + claim.resource().location(FieldPath.of("spec", "path")) + ")";
    }

    private static String describe(Object value) {
        if (value instanceof Map<?, ?>) {
            return "a mapping";
        }
        if (value instanceof List<?>) {
            return "a list";
        }
        String type = value instanceof Number ? "number" : value instanceof Boolean ? "boolean" : "value";
        return "the " + type + " " + value;
    }
}
