package dev.plumbline.diff;

import dev.plumbline.model.SecretValue;
import dev.plumbline.model.Sensitive;
import dev.plumbline.yaml.Binary;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The three-way comparison of an object that others write too (a Kubernetes object), as {@code kubectl
 * apply} makes it: what Plumbline applied last (the fields it set), what the manifest asks for now, and what
 * is live. Only fields Plumbline
 * set or sets are compared, so a server's defaults and fields other controllers write are not drift; a
 * field it set before and the manifest no longer has is removed. What the object keeps of the last apply
 * is only the shape of it, its field names ({@link #shape}), never a value: a Secret's data is not copied
 * into an annotation, as kubectl's last-applied-configuration copies it.
 */
public final class ThreeWay {

    private ThreeWay() {
    }

    /**
     * The part of {@code live} that {@code desired} or {@code applied} (the shape applied last) name: maps
     * keep those keys only, a list as long as the desired one is compared item by item, anything else as it
     * is. A live value where a secret is desired is compared by its digest.
     */
    public static Object project(Object live, Object desired, Object applied) {
        if (desired instanceof SecretValue && live != null && !(live instanceof Map<?, ?>)
                && !(live instanceof List<?>)) {
            return Sensitive.of(live);
        }
        if (live instanceof Map<?, ?> liveMap && (desired instanceof Map<?, ?> || applied instanceof Map<?, ?>)) {
            Map<?, ?> wanted = desired instanceof Map<?, ?> map ? map : Map.of();
            Map<?, ?> before = applied instanceof Map<?, ?> map ? map : Map.of();
            Set<Object> keys = new LinkedHashSet<>(wanted.keySet());
            keys.addAll(before.keySet());
            Map<String, Object> projected = new LinkedHashMap<>();
            for (Object key : keys) {
                if (liveMap.containsKey(key)) {
                    projected.put(String.valueOf(key), project(liveMap.get(key), wanted.get(key), before.get(key)));
                }
            }
            return projected;
        }
        if (live instanceof List<?> liveList && desired instanceof List<?> wanted && liveList.size() == wanted.size()) {
            List<?> before = applied instanceof List<?> list && list.size() == wanted.size() ? list : null;
            List<Object> projected = new ArrayList<>(liveList.size());
            for (int index = 0; index < liveList.size(); index++) {
                projected.add(project(liveList.get(index), wanted.get(index), before == null ? null : before.get(index)));
            }
            return projected;
        }
        return live;
    }

    /**
     * A JSON merge patch (RFC 7386) from the object applied last to {@code desired}: every desired field, and
     * {@code null} for each field of {@code applied} (a shape) that {@code desired} no longer has, at any depth
     * of nested maps. Lists are replaced whole, as a merge patch does.
     */
    public static Map<String, Object> mergePatch(Map<?, ?> desired, Map<?, ?> applied) {
        Map<String, Object> patch = new LinkedHashMap<>();
        desired.forEach((key, value) -> {
            Object before = applied.get(key);
            patch.put(String.valueOf(key), value instanceof Map<?, ?> map && before instanceof Map<?, ?> last
                    ? mergePatch(map, last) : plain(value));
        });
        applied.forEach((key, value) -> {
            if (!desired.containsKey(key)) {
                patch.put(String.valueOf(key), null);
            }
        });
        return patch;
    }

    /**
     * {@code target} with {@code patch} applied as RFC 7386 says: a {@code null} removes the key, a map merges
     * into a map, anything else replaces. Nothing given is changed.
     */
    public static Map<String, Object> merged(Map<?, ?> target, Map<?, ?> patch) {
        Map<String, Object> result = new LinkedHashMap<>();
        target.forEach((key, value) -> result.put(String.valueOf(key), value));
        patch.forEach((key, value) -> {
            String name = String.valueOf(key);
            if (value == null) {
                result.remove(name);
            } else if (value instanceof Map<?, ?> inner && result.get(name) instanceof Map<?, ?> existing) {
                result.put(name, merged(existing, inner));
            } else if (value instanceof Map<?, ?> inner) {
                result.put(name, merged(Map.of(), inner));
            } else {
                result.put(name, value);
            }
        });
        return result;
    }

    /**
     * The field names of {@code value}, what an object keeps of its last apply: maps with their keys, lists
     * with their items, every other value as {@code true}.
     */
    public static Object shape(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> shape = new LinkedHashMap<>();
            map.forEach((key, item) -> shape.put(String.valueOf(key), shape(item)));
            return shape;
        }
        if (value instanceof List<?> list) {
            List<Object> shape = new ArrayList<>(list.size());
            list.forEach(item -> shape.add(shape(item)));
            return shape;
        }
        return Boolean.TRUE;
    }

    /** The value as JSON takes it: a secret revealed, bytes in base64, maps and lists copied through. */
    public static Object plain(Object value) {
        if (value instanceof Sensitive sensitive) {
            return sensitive.reveal();
        }
        if (value instanceof Binary binary) {
            return binary.base64();
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((key, item) -> copy.put(String.valueOf(key), plain(item)));
            return copy;
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            list.forEach(item -> copy.add(plain(item)));
            return copy;
        }
        return value;
    }
}
