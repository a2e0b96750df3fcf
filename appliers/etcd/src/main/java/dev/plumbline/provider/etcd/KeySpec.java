package dev.plumbline.provider.etcd;

import dev.plumbline.model.Resource;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/** A {@code Key}: one etcd key ({@code spec.key}, relative to the provider prefix) and its value. */
record KeySpec(KeyPath key, EtcdValue value) implements EtcdSpec {

    KeySpec {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
    }

    static KeySpec of(Resource resource) {
        Map<String, Object> spec = resource.spec();
        if (!(spec.get("key") instanceof String key)) {
            throw new IllegalArgumentException(resource.key().display() + " has no spec.key");
        }
        return new KeySpec(KeyPath.parseKey(key),
                EtcdValue.desired(spec.get("value"), "spec.value of " + resource.key().display()));
    }

    @Override
    public SortedMap<KeyPath, EtcdValue> keys() {
        return new TreeMap<>(Map.of(key, value));
    }

    @Override
    public Map<String, Object> spec() {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("key", key.text());
        spec.put("value", value.state());
        return spec;
    }

    @Override
    public String recordedPrefix() {
        return "";
    }
}
