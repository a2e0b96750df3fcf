package dev.plumbline.model;

import java.util.Comparator;
import java.util.Objects;

/**
 * The identity of a resource: which provider (by its config name) holds it, its API group and kind, and
 * its namespace (empty when the kind has none) and name. Two manifests with the same key are an error.
 */
public record ResourceKey(String provider, String group, String kind, String namespace, String name)
        implements Comparable<ResourceKey> {

    private static final Comparator<ResourceKey> ORDER = Comparator.comparing(ResourceKey::provider)
            .thenComparing(ResourceKey::group)
            .thenComparing(ResourceKey::kind)
            .thenComparing(ResourceKey::namespace)
            .thenComparing(ResourceKey::name);

    public ResourceKey {
        // the same few providers, groups, kinds and namespaces in every key: one copy of each is kept
        provider = Objects.requireNonNull(provider, "provider").intern();
        group = Objects.requireNonNull(group, "group").intern();
        kind = Objects.requireNonNull(kind, "kind").intern();
        namespace = namespace == null ? "" : namespace.intern();
        Objects.requireNonNull(name, "name");
    }

    /** How a person names it: {@code File site-conf}, or {@code Deployment web/api} with a namespace. */
    public String display() {
        return kind + " " + (namespace.isEmpty() ? name : namespace + "/" + name);
    }

    /** A stable one-line form for storage and logs: {@code provider/group/kind/namespace/name}. */
    public String id() {
        return provider + "/" + group + "/" + kind + "/" + namespace + "/" + name;
    }

    /** Reads the form {@link #id()} writes. */
    public static ResourceKey parse(String id) {
        String[] parts = id.split("/", 5);
        if (parts.length != 5) {
            throw new IllegalArgumentException("not a resource key: " + id);
        }
        return new ResourceKey(parts[0], parts[1], parts[2], parts[3], parts[4]);
    }

    @Override
    public int compareTo(ResourceKey other) {
        return ORDER.compare(this, other);
    }

    @Override
    public String toString() {
        return id();
    }
}
