package dev.plumbline.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Helpers over the plain-value trees that resources are made of (maps, lists, scalars): typed reads that
 * never throw, and deep immutable copies.
 */
public final class Values {

    /** Text up to this length is interned when frozen. */
    private static final int SHORT_TEXT = 32;

    private Values() {
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }

    @SuppressWarnings("unchecked")
    public static List<Object> list(Object value) {
        return value instanceof List<?> list ? (List<Object>) list : List.of();
    }

    /** A deep, unmodifiable copy that keeps key order and allows null values (see {@link #freeze}). */
    public static Map<String, Object> freezeMap(Map<String, Object> map) {
        return map(freeze(map));
    }

    /**
     * A deep, unmodifiable copy: mappings keep their key order and allow null values, in a compact form
     * (keys interned: a resource's keys are the same words over and over); a value frozen already is
     * returned as it is.
     */
    public static Object freeze(Object value) {
        if (value instanceof FrozenMap) {
            return value;
        }
        if (value instanceof Map<?, ?> given) {
            Map<?, ?> map = given;
            if (!given.keySet().stream().allMatch(String.class::isInstance)) { // keys that print alike merge
                Map<String, Object> merged = new java.util.LinkedHashMap<>();
                given.forEach((k, v) -> merged.put(String.valueOf(k), v));
                map = merged;
            }
            String[] keys = new String[map.size()];
            Object[] values = new Object[map.size()];
            int[] at = {0};
            map.forEach((k, v) -> {
                keys[at[0]] = String.valueOf(k).intern();
                values[at[0]++] = freeze(v);
            });
            return new FrozenMap(keys, values);
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            for (Object item : list) {
                copy.add(freeze(item));
            }
            return Collections.unmodifiableList(copy);
        }
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof String text) {
            return shared(text);
        }
        return value;
    }

    /**
     * The one instance of a short text that {@link #freeze} keeps in every resource ({@link String#intern}),
     * or a longer text as it is: apiVersion, kind, modes, flags, names are the same few words in every
     * resource, and where else a resource's texts are kept (its key, a provider's records of it) the same
     * instance is kept.
     */
    public static String shared(String text) {
        return text.length() <= SHORT_TEXT ? text.intern() : text;
    }
}
