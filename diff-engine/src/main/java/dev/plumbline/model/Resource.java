package dev.plumbline.model;

import dev.plumbline.problem.Location;
import dev.plumbline.yaml.FieldPath;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A desired object, as rendered from a manifest: its key, its {@code apiVersion}, the whole document as
 * plain values, where it was written, and the {@link Directives} its {@code plumbline.dev/} annotations gave
 * (which are not in the document). {@link #state()} is the part that is compared with live state.
 */
public record Resource(ResourceKey key, String apiVersion, Map<String, Object> document, SourceMap source,
                       Directives directives) {

    public Resource {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(apiVersion, "apiVersion");
        document = Values.freezeMap(document);
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(directives, "directives");
    }

    /** A resource without directives. */
    public Resource(ResourceKey key, String apiVersion, Map<String, Object> document, SourceMap source) {
        this(key, apiVersion, document, source, Directives.NONE);
    }

    public String kind() {
        return key.kind();
    }

    public String name() {
        return key.name();
    }

    public Location location() {
        return source.origin();
    }

    public Location location(FieldPath path) {
        return source.at(path);
    }

    /** The {@code spec} mapping, or an empty one. */
    public Map<String, Object> spec() {
        return Values.map(document.get("spec"));
    }

    public Map<String, Object> labels() {
        return Values.map(Values.map(document.get("metadata")).get("labels"));
    }

    public Map<String, Object> annotations() {
        return Values.map(Values.map(document.get("metadata")).get("annotations"));
    }

    /**
     * What is compared with the live object: the document without {@code apiVersion}, {@code kind} and the
     * identifying parts of {@code metadata}; labels and annotations stay when present.
     */
    public Map<String, Object> state() {
        Map<String, Object> state = new LinkedHashMap<>();
        Map<String, Object> metadata = new LinkedHashMap<>();
        if (!labels().isEmpty()) {
            metadata.put("labels", labels());
        }
        if (!annotations().isEmpty()) {
            metadata.put("annotations", annotations());
        }
        if (!metadata.isEmpty()) {
            state.put("metadata", metadata);
        }
        document.forEach((field, value) -> {
            if (!field.equals("apiVersion") && !field.equals("kind") && !field.equals("metadata")) {
                state.put(field, value);
            }
        });
        return Collections.unmodifiableMap(state);
    }

    /**
     * The same resource with another document (a provider filling defaults), keeping identity, positions and
     * directives.
     */
    public Resource withDocument(Map<String, Object> newDocument) {
        return new Resource(key, apiVersion, newDocument, source, directives);
    }

    /** A hash of {@link #state()}: what the inventory remembers of what was applied. */
    public String hash() {
        return ContentHash.of(state());
    }
}
