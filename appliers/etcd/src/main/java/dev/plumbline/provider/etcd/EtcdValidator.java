package dev.plumbline.provider.etcd;

import dev.plumbline.model.Resource;
import dev.plumbline.model.SecretValue;
import dev.plumbline.model.Values;
import dev.plumbline.problem.Problem;
import dev.plumbline.provider.ownership.RecordedMetadata;
import dev.plumbline.provider.spec.Field;
import dev.plumbline.provider.spec.SpecReader;
import dev.plumbline.yaml.Binary;
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
 * keys and prefixes (relative, no {@code ..}, no NUL, outside the reserved {@code .plumbline/} area; text,
 * so a {@code !!binary} there is an error) and values (text, bytes from {@code !!binary}, or a secret
 * reference), and conflicts between resources: two resources writing one key is an error naming both. An
 * etcd key cannot carry labels or annotations, so each key's provenance record keeps them (a KeySet's in the
 * record of every key it writes); an etcd key has no namespace, so {@code metadata.namespace} is refused.
 * Sizes are checked against the provider's {@link RequestLimit}: labels and annotations too large for any
 * record are an error at them; a key too large to be written with its record in one etcd request, whatever
 * its value, is an error at the key (or at a KeySet's prefix, when that alone is too large); a value too large
 * to be written with its key and record is an error at the value. A stack's keys together are never too
 * large: the provider writes them in as many transactions as they need. A secret's value is not known yet,
 * so it counts as empty here; every key is checked again before anything is sent.
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

    private final KeyLayout layout;
    private final RequestLimit limit;
    private final List<Problem> problems = new ArrayList<>();
    private final Map<KeyPath, Claim> claims = new HashMap<>();

    private EtcdValidator(KeyLayout layout, RequestLimit limit) {
        this.layout = layout;
        this.limit = limit;
    }

    /** The problems of one stack's resources of a provider writing under {@code layout} within {@code limit}. */
    static List<Problem> validate(List<Resource> resources, KeyLayout layout, RequestLimit limit) {
        EtcdValidator validator = new EtcdValidator(layout, limit);
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
        long metadataBytes = checkMetadata(resource, who);
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
            checkKey(resource, reader, metadataBytes);
        } else {
            checkKeySet(resource, reader, metadataBytes);
        }
    }

    /**
     * Refuses a namespace, and labels and annotations too large for the provenance record that keeps them.
     * Returns the bytes they add to each record of the resource (0 when they were refused, so that no key or
     * value is blamed for them too).
     */
    private long checkMetadata(Resource resource, String who) {
        Map<String, Object> metadata = Values.map(resource.document().get("metadata"));
        Object namespace = metadata.get("namespace");
        if (namespace != null && !String.valueOf(namespace).isEmpty()) {
            add(resource, FieldPath.of("metadata", "namespace"), who + " has a namespace, but etcd keys have none;"
                    + " remove metadata.namespace");
        }
        RecordedMetadata kept = RecordedMetadata.of(resource);
        long bytes = KeyRecordJson.metadataBytes(kept);
        if (RequestLimit.keyWrite(layout, new KeyPath("k"), 0, resource.name(), "", bytes) <= limit.budget()) {
            return bytes;
        }
        boolean labels = KeyRecordJson.metadataBytes(new RecordedMetadata(kept.labels(), Map.of()))
                > KeyRecordJson.metadataBytes(new RecordedMetadata(Map.of(), kept.annotations()));
        add(resource, FieldPath.of("metadata", labels ? "labels" : "annotations"), "the labels and annotations of "
                + who + " take " + RequestLimit.bytes(bytes) + " in the provenance record of every key it writes,"
                + " which keeps them (an etcd key cannot); that is more than one etcd request may carry ("
                + limit.describe() + "), so it could never be written; keep large data out of labels and"
                + " annotations");
        return 0;
    }

    private void checkKey(Resource resource, SpecReader spec, long metadataBytes) {
        Optional<KeyPath> key = spec.get(spec.requiredString("key", "the key to write, relative to the provider's"
                + " prefix").parse(KeyPath::parseKey).check(path -> tooLarge(resource, path, "")));
        key.ifPresent(path -> claim(path, new Claim(resource, SpecReader.at("key"))));
        Field<Object> value = spec.field("value");
        if (checkValue(spec, value)) {
            key.ifPresent(path -> checkSize(resource, path, value, "", metadataBytes));
        }
    }

    private void checkKeySet(Resource resource, SpecReader spec, long metadataBytes) {
        Optional<KeyPath> prefix = spec.get(spec.requiredString("prefix", "where its keys live, relative to the"
                + " provider's prefix and ending with '/'").parse(KeyPath::parsePrefix)
                .check(path -> tooLarge(resource, path.child("x"), path.text())));
        Map<String, Field<Object>> entries = spec.entries("entries").orElse(Map.of());
        if (entries.isEmpty()) {
            Object written = spec.raw("entries");
            spec.problem(SpecReader.at("entries"), spec.who() + " needs spec.entries, a mapping of at least one key"
                    + " (below the prefix) to its value" + (written == null || written instanceof Map<?, ?> ? ""
                    : ", not " + SpecReader.describe(written)));
            return;
        }
        entries.forEach((entry, value) -> {
            Optional<KeyPath> key = spec.get(Field.of(value.name(), value.location(), entry)
                    .parse(KeyPath::parseEntry)).flatMap(relative -> prefix.flatMap(within -> spec.get(
                            Field.of(value.name(), value.location(), within.child(relative))
                                    .check(path -> tooLarge(resource, path, within.text())))));
            key.ifPresent(path -> claim(path, new Claim(resource, SpecReader.at("entries").key(entry))));
            if (checkValue(spec, value)) {
                key.ifPresent(path -> checkSize(resource, path, value, prefix.map(KeyPath::text).orElse(""),
                        metadataBytes));
            }
        });
    }

    /**
     * A value is text, bytes ({@code !!binary}), or a secret reference; {@code ""} is an empty value, absent
     * is a mistake. Whether it is one.
     */
    private static boolean checkValue(SpecReader spec, Field<Object> value) {
        return spec.get(value.require(value.name() + " is missing; give the text to store (\"\" for an empty"
                + " value)").expect(text -> text instanceof String || text instanceof Binary
                        || text instanceof SecretValue, "text (or bytes, as !!binary)",
                "quote it, so that etcd stores exactly what you wrote")).isPresent();
    }

    /**
     * Why {@code key} could never be written, whatever its value: with the provider's prefix and its
     * provenance record (whose key holds it again) it alone is more than one etcd request may carry.
     */
    private Optional<String> tooLarge(Resource resource, KeyPath key, String prefix) {
        long bytes = RequestLimit.keyWrite(layout, key, 0, resource.name(), prefix, 0);
        if (bytes <= limit.budget()) {
            return Optional.empty();
        }
        return Optional.of("the key '" + KeyPath.shown(key.text()) + "' is " + RequestLimit.utf8(key.text())
                + " bytes in UTF-8; written with the provider's prefix and its provenance record (whose key holds it"
                + " again) it takes about " + RequestLimit.bytes(bytes) + " before any value, more than one etcd"
                + " request may carry (" + limit.describe() + "), so it could never be written; use a shorter key");
    }

    /**
     * Whether the value at {@code key} fits in one request with its key and record. A stack's keys together
     * may take any number of requests: the provider cuts them into transactions that fit.
     */
    private void checkSize(Resource resource, KeyPath key, Field<Object> value, String prefix, long metadataBytes) {
        Object written = value.optional().orElse("");
        long valueBytes = written instanceof String text ? RequestLimit.utf8(text)
                : written instanceof Binary binary ? binary.size() : 0; // a secret is not known yet
        long bytes = RequestLimit.keyWrite(layout, key, valueBytes, resource.name(), prefix, metadataBytes);
        if (bytes > limit.budget()) {
            problems.add(Problem.at(value.location(), value.name() + " is " + valueBytes + " bytes; with its key"
                    + " and provenance record that is about " + RequestLimit.bytes(bytes) + ", more than one etcd"
                    + " request may carry (" + limit.describe() + "), so it could never be written; keep large"
                    + " data out of etcd, or raise --max-request-bytes on the members and maxRequestBytes with it"));
            return;
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
}
