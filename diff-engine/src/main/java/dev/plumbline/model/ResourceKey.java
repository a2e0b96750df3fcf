package dev.plumbline.model;

import java.util.Objects;

/**
 * The identity of a resource: which provider (by its config name) holds it, its API group and kind, and
 * its namespace (empty when the kind has none) and name. Two manifests with the same key are an error.
 */
public record ResourceKey(String provider, String group, String kind, String namespace, String name)
        implements Comparable<ResourceKey> {

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

    /** By provider, group, kind, namespace, then name. */
    @Override
    public int compareTo(ResourceKey other) {
        int order = provider.compareTo(other.provider);
        if (order == 0) {
            order = group.compareTo(other.group);
        }
        if (order == 0) {
            order = kind.compareTo(other.kind);
        }
        if (order == 0) {
            order = namespace.compareTo(other.namespace);
        }
        return order != 0 ? order : name.compareTo(other.name);
    }

    /*
     * equals and hashCode as a record's own (the same values: the hash folds the components' hashes with 31 in
     * their order), written out because keys are looked up in maps many times per resource in every run, and
     * the record's generated methods cost more until the JIT has compiled them (a one-shot command never gets
     * that far).
     */
    @Override
    public boolean equals(Object other) {
        return other instanceof ResourceKey key && name.equals(key.name) && kind.equals(key.kind)
                && provider.equals(key.provider) && group.equals(key.group) && namespace.equals(key.namespace);
    }

    @Override
    public int hashCode() {
        return (((provider.hashCode() * 31 + group.hashCode()) * 31 + kind.hashCode()) * 31 + namespace.hashCode())
                * 31 + name.hashCode();
    }

    @Override
    public String toString() {
        return id();
    }
}
