package dev.plumbline.provider.etcd;

import dev.plumbline.model.Resource;
import dev.plumbline.model.SecretValue;
import dev.plumbline.model.Values;
import dev.plumbline.problem.Problem;
import dev.plumbline.provider.spec.Field;
import dev.plumbline.provider.spec.SpecReader;
import dev.plumbline.yaml.FieldPath;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Checks the {@code Key} and {@code KeySet} resources of one stack, every problem at once and each at its
 * manifest position: apiVersion and kind, the fields of {@code spec} (read through {@link SpecReader}), the
 * keys and prefixes (relative, no {@code ..}, outside the reserved {@code .plumbline/} area) and values (text
 * or a secret reference), and conflicts between resources: two resources writing one key is an error naming
 * both. An etcd key cannot carry labels or annotations, so {@code metadata.labels} and
 * {@code metadata.annotations} are refused rather than silently dropped.
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
        SpecReader reader = SpecReader.of(resource, problems);
        reader.knownKeys(fields);
        if (key) {
            checkKey(resource, reader);
        } else {
            checkKeySet(resource, reader);
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

    private void checkKey(Resource resource, SpecReader spec) {
        spec.get(spec.requiredString("key", "the key to write, relative to the provider's prefix")
                .parse(KeyPath::parseKey)).ifPresent(path -> claim(path, new Claim(resource, SpecReader.at("key"))));
        checkValue(spec, spec.field("value"));
    }

    private void checkKeySet(Resource resource, SpecReader spec) {
        Optional<KeyPath> prefix = spec.get(spec.requiredString("prefix", "where its keys live, relative to the"
                + " provider's prefix and ending with '/'").parse(KeyPath::parsePrefix));
        Map<String, Field<Object>> entries = spec.entries("entries").orElse(Map.of());
        if (entries.isEmpty()) {
            Object written = spec.raw("entries");
            spec.problem(SpecReader.at("entries"), spec.who() + " needs spec.entries, a mapping of at least one key"
                    + " (below the prefix) to its value" + (written == null || written instanceof Map<?, ?> ? ""
                    : ", not " + SpecReader.describe(written)));
            return;
        }
        entries.forEach((entry, value) -> {
            spec.get(Field.of(value.name(), value.location(), entry).parse(KeyPath::parseEntry))
                    .ifPresent(relative -> prefix.ifPresent(within -> claim(within.child(relative),
                            new Claim(resource, SpecReader.at("entries").key(entry)))));
            checkValue(spec, value);
        });
    }

    /** A value is text, or a secret reference; {@code ""} is an empty value, absent is a mistake. */
    private static void checkValue(SpecReader spec, Field<Object> value) {
        spec.get(value.require(value.name() + " is missing; give the text to store (\"\" for an empty value)")
                .expect(text -> text instanceof String || text instanceof SecretValue, "text",
                        "quote it, so that etcd stores exactly what you wrote"));
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
}
