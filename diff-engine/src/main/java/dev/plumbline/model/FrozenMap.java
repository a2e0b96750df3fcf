package dev.plumbline.model;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * An unmodifiable map that keeps its keys' order and allows null values, held in two arrays: what
 * {@link Values#freeze} makes of every mapping of a resource. A resource's mappings are small and there are
 * a great many of them (an agent holds every resource of every stack between runs), and a
 * {@code LinkedHashMap} behind an unmodifiable view costs several times as much memory. A lookup scans the
 * keys up to {@value #SCAN} entries and uses an index beyond.
 */
final class FrozenMap extends AbstractMap<String, Object> {

    private static final int SCAN = 12;

    private final String[] keys;
    private final Object[] values;
    private final Map<String, Integer> index;

    FrozenMap(String[] keys, Object[] values) {
        this.keys = keys;
        this.values = values;
        if (keys.length > SCAN) {
            index = new HashMap<>(keys.length * 4 / 3 + 1);
            for (int i = 0; i < keys.length; i++) {
                index.put(keys[i], i);
            }
        } else {
            index = null;
        }
    }

    private int find(Object key) {
        if (index != null) {
            Integer at = index.get(key);
            return at == null ? -1 : at;
        }
        for (int i = 0; i < keys.length; i++) {
            if (keys[i].equals(key)) {
                return i;
            }
        }
        return -1;
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
    public int size() {
        return keys.length;
    }

    @Override
    public boolean isEmpty() {
        return keys.length == 0;
    }

    @Override
    public void forEach(java.util.function.BiConsumer<? super String, ? super Object> action) {
        for (int i = 0; i < keys.length; i++) {
            action.accept(keys[i], values[i]);
        }
    }

    /** The keys in order; a new view each time (AbstractMap would keep one in every map it was asked of). */
    @Override
    public Set<String> keySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<String> iterator() {
                return Arrays.asList(keys).iterator();
            }

            @Override
            public int size() {
                return keys.length;
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
                return new Iterator<>() {
                    private int next;

                    @Override
                    public boolean hasNext() {
                        return next < keys.length;
                    }

                    @Override
                    public Entry<String, Object> next() {
                        if (next >= keys.length) {
                            throw new NoSuchElementException();
                        }
                        int at = next++;
                        return new SimpleImmutableEntry<>(keys[at], values[at]);
                    }
                };
            }

            @Override
            public int size() {
                return keys.length;
            }
        };
    }
}
