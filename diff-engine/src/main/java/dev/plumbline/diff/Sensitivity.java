package dev.plumbline.diff;

import dev.plumbline.model.Sensitive;
import dev.plumbline.model.Values;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Secrets in comparisons and output. {@link #align} makes a live value comparable with a desired secret
 * (both sides become {@link Sensitive}, compared by digest, so a diff never holds a secret in the clear);
 * {@link #masked} replaces every secret of a tree with {@code (sensitive)} for JSON and text.
 */
public final class Sensitivity {

    private Sensitivity() {
    }

    /** {@code live} with every value at a path where {@code desired} holds a secret turned into a secret too. */
    public static Map<String, Object> align(Map<String, Object> live, Map<String, Object> desired) {
        return Values.map(align((Object) live, desired));
    }

    private static Object align(Object live, Object desired) {
        if (desired instanceof Sensitive && live != null) {
            return Sensitive.of(live);
        }
        if (live instanceof Map<?, ?> && desired instanceof Map<?, ?>) {
            Map<String, Object> desiredMap = Values.map(desired);
            Map<String, Object> aligned = new LinkedHashMap<>();
            Values.map(live).forEach((key, value) -> aligned.put(key, desiredMap.containsKey(key)
                    ? align(value, desiredMap.get(key)) : value));
            return aligned;
        }
        if (live instanceof List<?> liveList && desired instanceof List<?> desiredList) {
            List<Object> aligned = new ArrayList<>();
            for (int i = 0; i < liveList.size(); i++) {
                aligned.add(i < desiredList.size() ? align(liveList.get(i), desiredList.get(i)) : liveList.get(i));
            }
            return aligned;
        }
        return live;
    }

    /** A copy of {@code value} with every secret replaced by {@value Sensitive#MASK}. */
    public static Object masked(Object value) {
        if (value instanceof Sensitive) {
            return Sensitive.MASK;
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((key, item) -> copy.put(String.valueOf(key), masked(item)));
            return copy;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(Sensitivity::masked).toList();
        }
        if (value instanceof dev.plumbline.model.SecretTemplate template) {
            return template.text();
        }
        if (value instanceof dev.plumbline.yaml.Binary binary) {
            return binary.toString();
        }
        return value;
    }
}
