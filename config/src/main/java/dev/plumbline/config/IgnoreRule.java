package dev.plumbline.config;

import dev.plumbline.problem.Location;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A field a stack leaves to others (an autoscaler's replicas, a controller's annotation), as Argo CD's
 * {@code ignoreDifferences} with {@code RespectIgnoreDifferences}: a JSON pointer into the resource's
 * document ({@code /spec/replicas}), for the resources it names by any of {@code group}, {@code kind},
 * {@code namespace} and {@code name} (all of them when it names none). The field is never drift and never
 * written: a plan compares and an apply writes what is live there, or nothing when nothing is.
 *
 * @param pointer the pointer's reference tokens, unescaped ({@code ~1} is {@code /}, {@code ~0} is {@code ~})
 */
public record IgnoreRule(String path, List<String> pointer, Optional<String> group, Optional<String> kind,
                         Optional<String> namespace, Optional<String> name, Location location) {

    /** Fields that say which object a resource is: ignoring them would make it another one. */
    private static final List<List<String>> IDENTITY = List.of(List.of("apiVersion"), List.of("kind"),
            List.of("metadata"), List.of("metadata", "name"), List.of("metadata", "namespace"));

    public IgnoreRule {
        Objects.requireNonNull(path, "path");
        pointer = List.copyOf(pointer);
        group = group == null ? Optional.empty() : group;
        kind = kind == null ? Optional.empty() : kind;
        namespace = namespace == null ? Optional.empty() : namespace;
        name = name == null ? Optional.empty() : name;
        Objects.requireNonNull(location, "location");
    }

    /** Whether the rule holds for a resource of this group, kind, namespace and name. */
    public boolean matches(String resourceGroup, String resourceKind, String resourceNamespace, String resourceName) {
        return group.map(resourceGroup::equals).orElse(true) && kind.map(resourceKind::equals).orElse(true)
                && namespace.map(resourceNamespace::equals).orElse(true) && name.map(resourceName::equals).orElse(true);
    }

    /**
     * The reference tokens of a JSON pointer (RFC 6901); the message of the exception is a sentence for a
     * person. The pointer names a field below the document's root, not one that says which object it is.
     */
    public static List<String> parse(String path) {
        if (!path.startsWith("/") || path.length() == 1) {
            throw new IllegalArgumentException("'" + path + "' is not a JSON pointer to a field; write it like"
                    + " /spec/replicas");
        }
        List<String> tokens = new ArrayList<>();
        for (String token : path.substring(1).split("/", -1)) {
            if (token.matches(".*~[^01].*|.*~$")) {
                throw new IllegalArgumentException("'" + path + "' has a '~' that is not ~0 (for ~) or ~1 (for /)");
            }
            if (token.isEmpty()) {
                throw new IllegalArgumentException("'" + path + "' has an empty step; write it like /spec/replicas");
            }
            tokens.add(token.replace("~1", "/").replace("~0", "~"));
        }
        if (IDENTITY.contains(tokens)) {
            throw new IllegalArgumentException("'" + path + "' says which object a resource is; it cannot be"
                    + " ignored");
        }
        return tokens;
    }
}
