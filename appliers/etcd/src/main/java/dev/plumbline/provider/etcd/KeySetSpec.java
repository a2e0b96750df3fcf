package dev.plumbline.provider.etcd;

import dev.plumbline.model.Resource;
import dev.plumbline.model.Values;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A {@code KeySet}: the keys {@code spec.prefix + entry} for every entry of {@code spec.entries}, each with
 * its value. Entries are kept sorted, so that the order they were written in never shows as a change.
 */
record KeySetSpec(KeyPath prefix, SortedMap<String, EtcdValue> entries) implements EtcdSpec {

    KeySetSpec {
        Objects.requireNonNull(prefix, "prefix");
        entries = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(entries));
    }

    static KeySetSpec of(Resource resource) {
        Map<String, Object> spec = resource.spec();
        if (!(spec.get("prefix") instanceof String prefix)) {
            throw new IllegalArgumentException(resource.key().display() + " has no spec.prefix");
        }
        if (!(spec.get("entries") instanceof Map<?, ?>)) {
            throw new IllegalArgumentException(resource.key().display() + " has no spec.entries mapping");
        }
        SortedMap<String, EtcdValue> entries = new TreeMap<>();
        Values.map(spec.get("entries")).forEach((entry, value) -> entries.put(KeyPath.parseEntry(entry),
                EtcdValue.desired(value, "spec.entries." + entry + " of " + resource.key().display())));
        return new KeySetSpec(KeyPath.parsePrefix(prefix), entries);
    }

    @Override
    public SortedMap<KeyPath, EtcdValue> keys() {
        SortedMap<KeyPath, EtcdValue> keys = new TreeMap<>();
        entries.forEach((entry, value) -> keys.put(prefix.child(entry), value));
        return keys;
    }

    @Override
    public Map<String, Object> spec() {
        Map<String, Object> values = new LinkedHashMap<>();
        entries.forEach((entry, value) -> values.put(entry, value.state()));
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("prefix", prefix.text());
        spec.put("entries", values);
        return spec;
    }

    @Override
    public String recordedPrefix() {
        return prefix.text();
    }
}
