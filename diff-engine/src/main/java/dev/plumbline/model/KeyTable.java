package dev.plumbline.model;

import java.lang.ref.WeakReference;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * The keys of a small table, in order, held once for every table with the same keys: the mappings of a
 * stack's resources ({@link FrozenMap}) and their source maps ({@link SourceMap}) have the same few sets of
 * keys over and over ({@code apiVersion, kind, metadata, spec}; {@code path, content, mode}), and an agent
 * keeps every resource of every stack, so each such table keeps its values only and shares its keys. A table
 * of more than {@value #SCAN} keys also shares an index from key to place.
 *
 * <p>{@link #of} gives the one instance for equal keys, as {@link String#intern} does; an instance no table
 * uses any more is let go. Keys are compared with {@code equals}; the arrays given are not copied, and must
 * not be changed after.
 */
final class KeyTable {

    private static final int SCAN = 12;
    private static final KeyTable EMPTY = new KeyTable(new Object[0], false);
    private static final Map<KeyTable, WeakReference<KeyTable>> SHARED = new WeakHashMap<>();

    private final Object[] keys;
    private final int hash;
    /** Key to place, in a table of more than {@value #SCAN} keys that is kept; else null (keys are scanned). */
    private final Map<Object, Integer> index;

    private KeyTable(Object[] keys, boolean kept) {
        this.keys = keys;
        this.hash = Arrays.hashCode(keys);
        if (kept && keys.length > SCAN) {
            index = new HashMap<>(keys.length * 4 / 3 + 1);
            for (int i = 0; i < keys.length; i++) {
                index.put(keys[i], i);
            }
        } else {
            index = null;
        }
    }

    /** The shared table of {@code keys}, in their order; {@code keys} is kept, not copied, when it is new. */
    static KeyTable of(Object[] keys) {
        if (keys.length == 0) {
            return EMPTY;
        }
        KeyTable probe = new KeyTable(keys, false);
        synchronized (SHARED) {
            WeakReference<KeyTable> known = SHARED.get(probe);
            KeyTable shared = known == null ? null : known.get();
            if (shared != null) {
                return shared;
            }
            KeyTable kept = new KeyTable(keys, true);
            SHARED.put(kept, new WeakReference<>(kept));
            return kept;
        }
    }

    int size() {
        return keys.length;
    }

    Object key(int at) {
        return keys[at];
    }

    /** The place of {@code key}, or -1. */
    int find(Object key) {
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
    public boolean equals(Object other) {
        return other instanceof KeyTable table && table.hash == hash && Arrays.equals(table.keys, keys);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return Arrays.toString(keys);
    }
}
