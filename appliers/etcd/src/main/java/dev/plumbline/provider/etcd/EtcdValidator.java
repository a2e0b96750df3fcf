package dev.plumbline.provider.etcd;

import dev.plumbline.model.Resource;
import dev.plumbline.model.SecretValue;
import dev.plumbline.model.Values;
import dev.plumbline.problem.Problem;
import dev.plumbline.yaml.FieldPath;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks the {@code Key} and {@code KeySet} resources of one stack, every problem at once and each at its
 * manifest position: apiVersion and kind, the fields of {@code spec}, the keys and prefixes (relative, no
 * {@code ..}, outside the reserved {@code .plumbline/} area) and values (text or a secret reference), and
 * conflicts between resources: two resources writing one key is an error naming both. An etcd key cannot
 * carry labels or annotations, so {@code metadata.labels} and {@code metadata.annotations} are refused
 * rather than silently dropped.
 */
final class EtcdValidator {

    private static final Set<String> TOP_LEVEL = Set.of("apiVersion", "kind", "metadata", "spec");
    private static final List<String> KEY_FIELDS = List.of("key", "value");
    private static final List<String> KEY_SET_FIELDS = List.of("prefix", "entries");

    /** A key some resource writes, and where it says so. */
    private record Claim(Resource resource, FieldPath field) {
        String where() {
            return resource.key().display() + " (" + resource.location(field) + ")";
        }
    }

    private final List<Problem> problems = new ArrayList<>();
    private final Map<KeyPath, Claim> claims = new HashMap<>();

    private EtcdValidator() {
    }

    static List<Problem> validate(List<Resource> resources) {
        EtcdValidator validator = new EtcdValidator();
        resources.forEach(validator::check);
        return List.copyOf(validator.problems);
    }

    private void check(Resource resource) {
        String who = resource.key().display();
        if (!resource.apiVersion().equals(EtcdProvider.API_VERSION)) {
            add(resource, FieldPath.of("apiVersion"), who + " has apiVersion '" + resource.apiVersion()
                    + "'; the etcd provider serves " + EtcdProvider.API_VERSION);
        }
        boolean key = resource.kind().equals(EtcdProvider.KEY);
        if (!key && !resource.kind().equals(EtcdProvider.KEY_SET)) {
            add(resource, FieldPath.of("kind"), "unknown kind '" + resource.kind() + "' for " + EtcdProvider.GROUP
                    + " (known kinds: " + EtcdProvider.KEY + ", " + EtcdProvider.KEY_SET + ")");
            return;
        }
        for (String field : resource.document().keySet()) {
            if (!TOP_LEVEL.contains(field)) {
                add(resource, FieldPath.of(field), "unknown field '" + field + "' in " + who + " (a " + resource.kind()
                        + " has apiVersion, kind, metadata and spec)");
            }
        }
        checkMetadata(resource, who);
        Object spec = resource.document().get("spec");
        List<String> fields = key ? KEY_FIELDS : KEY_SET_FIELDS;
        if (!(spec instanceof Map<?, ?>)) {
            add(resource, spec == null ? FieldPath.root() : FieldPath.of("spec"), who + " needs a spec mapping with "
                    + String.join(" and ", fields));
            return;
        }
        for (String field : Values.map(spec).keySet()) {
            if (!fields.contains(field)) {
                add(resource, FieldPath.of("spec", field), "unknown key '" + field + "' in spec of " + who
                        + " (known keys: " + String.join(", ", fields) + ")");
            }
        }
        if (key) {
            checkKey(resource, who);
        } else {
            checkKeySet(resource, who);
        }
    }

    private void checkMetadata(Resource resource, String who) {
        Map<String, Object> metadata = Values.map(resource.document().get("metadata"));
        for (String field : List.of("labels", "annotations")) {
            if (metadata.containsKey(field)) {
                add(resource, FieldPath.of("metadata", field), who + " has metadata." + field + ", but an etcd key"
                        + " cannot carry them; remove them");
            }
        }
        Object namespace = metadata.get("namespace");
        if (namespace != null && !String.valueOf(namespace).isEmpty()) {
            add(resource, FieldPath.of("metadata", "namespace"), who + " has a namespace, but etcd keys have none;"
                    + " remove metadata.namespace");
        }
    }

    private void checkKey(Resource resource, String who) {
        FieldPath at = FieldPath.of("spec", "key");
        Object key = resource.spec().get("key");
        if (key == null) {
            add(resource, at, who + " needs spec.key (the key to write, relative to the provider's prefix)");
        } else if (!(key instanceof String text)) {
            add(resource, at, "spec.key of " + who + " must be text, not " + describe(key));
        } else {
            try {
                claim(KeyPath.parseKey(text), new Claim(resource, at));
            } catch (IllegalArgumentException e) {
                add(resource, at, "spec.key of " + who + ": " + e.getMessage());
            }
        }
        checkValue(resource, FieldPath.of("spec", "value"), resource.spec().containsKey("value"),
                resource.spec().get("value"), "spec.value of " + who);
    }

    private void checkKeySet(Resource resource, String who) {
        FieldPath at = FieldPath.of("spec", "prefix");
        Object prefixValue = resource.spec().get("prefix");
        KeyPath prefix = null;
        if (prefixValue == null) {
            add(resource, at, who + " needs spec.prefix (where its keys live, relative to the provider's prefix and"
                    + " ending with '/')");
        } else if (!(prefixValue instanceof String text)) {
            add(resource, at, "spec.prefix of " + who + " must be text, not " + describe(prefixValue));
        } else {
            try {
                prefix = KeyPath.parsePrefix(text);
            } catch (IllegalArgumentException e) {
                add(resource, at, "spec.prefix of " + who + ": " + e.getMessage());
            }
        }
        FieldPath entriesAt = FieldPath.of("spec", "entries");
        Object entries = resource.spec().get("entries");
        if (!(entries instanceof Map<?, ?>) || Values.map(entries).isEmpty()) {
            add(resource, entriesAt, who + " needs spec.entries, a mapping of at least one key (below the prefix)"
                    + " to its value" + (entries == null || entries instanceof Map<?, ?> ? "" : ", not "
                    + describe(entries)));
            return;
        }
        for (Map.Entry<String, Object> entry : Values.map(entries).entrySet()) {
            FieldPath field = entriesAt.key(entry.getKey());
            String what = "spec.entries[\"" + entry.getKey() + "\"] of " + who;
            try {
                String relative = KeyPath.parseEntry(entry.getKey());
                if (prefix != null) {
                    claim(prefix.child(relative), new Claim(resource, field));
                }
            } catch (IllegalArgumentException e) {
                add(resource, field, what + ": " + e.getMessage());
            }
            checkValue(resource, field, true, entry.getValue(), what);
        }
    }

    private void checkValue(Resource resource, FieldPath at, boolean present, Object value, String what) {
        if (!present || value == null) {
            add(resource, at, what + " is missing; give the text to store (\"\" for an empty value)");
        } else if (!(value instanceof String) && !(value instanceof SecretValue)) {
            add(resource, at, what + " must be text, not " + describe(value) + "; quote it, so that etcd stores"
                    + " exactly what you wrote");
        }
    }

    private void claim(KeyPath key, Claim claim) {
        Claim first = claims.putIfAbsent(key, claim);
        if (first != null) {
            add(claim.resource(), claim.field(), claim.resource().key().display() + " writes the key '" + key
                    + "', which " + first.where() + " writes too; a key has one owner, so change or remove one of"
                    + " them");
        }
    }

    private void add(Resource resource, FieldPath field, String message) {
        problems.add(Problem.at(resource.location(field), message));
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
