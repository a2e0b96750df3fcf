package dev.plumbline.provider.files;

import dev.plumbline.model.Resource;
import dev.plumbline.model.SecretValue;
import dev.plumbline.model.Values;
import dev.plumbline.problem.Problem;
import dev.plumbline.provider.WeakIdentityMap;
import dev.plumbline.provider.spec.Field;
import dev.plumbline.provider.spec.SpecReader;
import dev.plumbline.yaml.Binary;
import dev.plumbline.yaml.FieldPath;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Checks the {@code File} resources of one stack, every problem at once and each at its manifest position:
 * kind and apiVersion, the fields of {@code spec} (read through {@link SpecReader}), and conflicts between
 * resources (two files with one path, or one file's path running through another file). A path no file
 * system can hold (a NUL, a name over 255 bytes, a path under the root over 4095 bytes: {@link PathLimits})
 * is refused at {@code spec.path} here, rather than failing every apply. {@code spec.content} is text, a
 * secret or {@code !!binary} bytes; {@code spec.path} and {@code spec.mode} are text only. Labels and
 * annotations are fine (the file's ownership record keeps them); a namespace is refused, since files have
 * none.
 */
final class FileValidator {

    private static final Set<String> TOP_LEVEL = Set.of("apiVersion", "kind", "metadata", "spec");
    private static final List<String> SPEC_KEYS = List.of("path", "content", "mode");

    private FileValidator() {
    }

    /**
     * The problems of one stack's resources of a provider writing under {@code root}. {@code valid} holds the
     * path of each resource found valid on its own before, by identity (a stack's render gives the very
     * resources of unchanged files again): those are not checked again, and the ones found valid now are
     * added. Conflicts between resources are checked across all of them every time.
     */
    static List<Problem> validate(List<Resource> resources, Path root, WeakIdentityMap<Resource, RelativePath> valid) {
        return validate(resources, root, valid, null);
    }

    /**
     * As above for the resources of {@code stack}, kept in {@code checked} when all are valid: the stack's next
     * check looks only at the resources that are not the very objects checked then ({@link CheckedPaths}), and
     * checks the whole stack when one of those has a problem, so that the problems and their order are always
     * those of a whole check.
     */
    static List<Problem> validate(String stack, List<Resource> resources, Path root,
                                  WeakIdentityMap<Resource, RelativePath> valid, Map<String, CheckedPaths> checked) {
        CheckedPaths last = checked.remove(stack); // taken: a check of the same stack meanwhile makes its own
        if (last != null && last.advance(resources, resource -> validPath(resource, root, valid))) {
            checked.put(stack, last);
            return List.of();
        }
        List<RelativePath> paths = new ArrayList<>(resources.size());
        List<Problem> problems = validate(resources, root, valid, paths);
        if (problems.isEmpty()) {
            checked.put(stack, CheckedPaths.of(resources, paths));
        }
        return problems;
    }

    /** The path of a resource valid on its own, or empty. */
    private static Optional<RelativePath> validPath(Resource resource, Path root,
                                                    WeakIdentityMap<Resource, RelativePath> valid) {
        List<Problem> problems = new ArrayList<>();
        Optional<RelativePath> path = pathOf(resource, root, valid, problems);
        return problems.isEmpty() ? path : Optional.empty();
    }

    /**
     * The path a resource asks for, its problems on its own added to {@code problems}; remembered for the very
     * object once it is found valid, and not checked again then.
     */
    private static Optional<RelativePath> pathOf(Resource resource, Path root,
                                                 WeakIdentityMap<Resource, RelativePath> valid, List<Problem> problems) {
        Optional<RelativePath> known = valid.get(resource);
        if (known.isPresent()) {
            return known;
        }
        int before = problems.size();
        Optional<RelativePath> path = check(resource, root, problems);
        if (path.isPresent() && problems.size() == before) {
            valid.put(resource, path.get());
        }
        return path;
    }

    /** The whole check; with {@code paths}, adds the path of each resource to it, in order. */
    private static List<Problem> validate(List<Resource> resources, Path root,
                                          WeakIdentityMap<Resource, RelativePath> valid, List<RelativePath> paths) {
        List<Problem> problems = new ArrayList<>();
        List<Claimed> claimed = new ArrayList<>(resources.size());
        for (Resource resource : resources) {
            pathOf(resource, root, valid, problems).ifPresent(found -> claimed.add(new Claimed(resource, found)));
        }
        checkConflicts(claimed, problems);
        if (paths != null) {
            claimed.forEach(claim -> paths.add(claim.path()));
        }
        return List.copyOf(problems);
    }

    /** A resource and the path it asks for. */
    private record Claimed(Resource resource, RelativePath path) {
    }

    private static Optional<RelativePath> check(Resource resource, Path root, List<Problem> problems) {
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
        SpecReader fields = SpecReader.of(resource, problems);
        fields.knownKeys(SPEC_KEYS);
        fields.get(fields.required("content", "the text to write; \"\" for an empty file").expect(
                content -> content instanceof String || content instanceof SecretValue || content instanceof Binary,
                "text", "quote it, or use a block scalar (content: |), or !!binary and base64 for bytes"));
        fields.get(fields.field("mode").expect(mode -> !(mode instanceof Binary), "text", "").parse(FileMode::parse));
        Field<RelativePath> path = fields.requiredString("path", "where to write the file, relative to the"
                + " provider's root").parse(RelativePath::parse);
        return fields.get(path.check(relative -> PathLimits.underRoot(root, relative)));
    }

    /** A file has no namespace; its labels and annotations are kept in its ownership record. */
    private static void checkMetadata(Resource resource, String who, List<Problem> problems) {
        Map<String, Object> metadata = Values.map(resource.document().get("metadata"));
        Object namespace = metadata.get("namespace");
        if (namespace != null && !String.valueOf(namespace).isEmpty()) {
            problems.add(Problem.at(resource.location(FieldPath.of("metadata", "namespace")), who
                    + " has a namespace, but files have none; remove metadata.namespace"));
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
}
