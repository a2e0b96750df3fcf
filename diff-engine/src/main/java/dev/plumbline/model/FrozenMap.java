package dev.plumbline.model;

import java.util.AbstractMap.SimpleImmutableEntry;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.function.IntFunction;

/**
 * An unmodifiable map that keeps its keys' order and allows null values, held as an array of values beside
 * a {@link KeyTable} that every map with the same keys shares: what {@link Values#freeze} makes of every
 * mapping of a resource. A resource's mappings are small and there are a great many of them (an agent holds
 * every resource of every stack between runs), mostly with the same keys, and a {@code LinkedHashMap} behind
 * an unmodifiable view costs several times as much memory. A lookup scans the keys, or uses the table's index
 * in a large mapping. It is a {@link Map} of its own rather than an {@code AbstractMap}, which would keep two
 * fields for views in every instance; equality, hash code and text are those of any {@code Map}.
 */
final class FrozenMap implements Map<String, Object> {

    private final KeyTable keys;
    private final Object[] values;

    /** A map of {@code keys} (strings, distinct; the array is kept) to {@code values}, in that order. */
    FrozenMap(String[] keys, Object[] values) {
        if (keys.length != values.length) {
            throw new IllegalArgumentException(keys.length + " keys for " + values.length + " values");
        }
        this.keys = KeyTable.of(keys);
        this.values = values;
    }

    private int find(Object key) {
        return keys.find(key);
    }

    private String key(int at) {
        return (String) keys.key(at);
    }

    @Override
    public Object get(Object key) {
        int at = find(key);
        return at < 0 ? null : values[at];
    }

    @Override
    public boolean containsKey(Object key) {
        return find(key) >= 0;
    }

    @Override
    public boolean containsValue(Object value) {
        for (Object held : values) {
            if (Objects.equals(held, value)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public Object put(String key, Object value) {
        throw new UnsupportedOperationException("a frozen map cannot be changed");
    }

    @Override
    public Object remove(Object key) {
        throw new UnsupportedOperationException("a frozen map cannot be changed");
    }

    @Override
    public void putAll(Map<? extends String, ?> map) {
        throw new UnsupportedOperationException("a frozen map cannot be changed");
    }

    @Override
    public void clear() {
        throw new UnsupportedOperationException("a frozen map cannot be changed");
    }

    @Override
    public int size() {
        return values.length;
    }

    @Override
    public boolean isEmpty() {
        return values.length == 0;
    }

    @Override
    public void forEach(java.util.function.BiConsumer<? super String, ? super Object> action) {
        for (int i = 0; i < values.length; i++) {
            action.accept(key(i), values[i]);
        }
    }

    /** The keys in order; a new view each time (AbstractMap would keep one in every map it was asked of). */
    @Override
    public Set<String> keySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<String> iterator() {
                return byIndex(FrozenMap.this::key);
            }

            @Override
            public int size() {
                return values.length;
            }

            @Override
            public boolean contains(Object key) {
                return find(key) >= 0;
            }
        };
    }

    /** The values in key order; a new unmodifiable view each time. */
    @Override
    public Collection<Object> values() {
        return Collections.unmodifiableList(Arrays.asList(values));
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Entry<String, Object>> iterator() {
                return byIndex(at -> new SimpleImmutableEntry<>(key(at), values[at]));
            }

            @Override
            public int size() {
                return values.length;
            }
        };
    }

    /** What {@code at} makes of each index, in key order. */
    private <T> Iterator<T> byIndex(IntFunction<T> at) {
        return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < values.length;
            }

            @Override
            public T next() {
                if (next >= values.length) {
                    throw new NoSuchElementException();
                }
                return at.apply(next++);
            }
        };
    }

    @Override
    public boolean equals(Object other) {
        if (other == this) {
            return true;
        }
        if (!(other instanceof Map<?, ?> map) || map.size() != values.length) {
            return false;
        }
        try {
            for (int i = 0; i < values.length; i++) {
                Object theirs = map.get(key(i));
                if (values[i] == null ? theirs != null || !map.containsKey(key(i)) : !values[i].equals(theirs)) {
                    return false;
                }
            }
        } catch (ClassCastException | NullPointerException unlike) {
            return false;
        }
        return true;
    }

    @Override
    public int hashCode() {
        int hash = 0;
        for (int i = 0; i < values.length; i++) {
            hash += key(i).hashCode() ^ Objects.hashCode(values[i]);
        }
        return hash;
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("{");
        for (int i = 0; i < values.length; i++) {
            text.append(i == 0 ? "" : ", ").append(key(i)).append('=')
                    .append(values[i] == this ? "(this Map)" : values[i]);
        }
        return text.append('}').toString();
    }
}
