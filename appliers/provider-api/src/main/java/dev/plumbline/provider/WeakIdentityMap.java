package dev.plumbline.provider;

import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A map whose keys are objects compared by identity and held weakly: an entry is found only through the
 * very object it was put under (never through an equal one), and goes once nothing else holds that object.
 * Thread-safe. The JDK has a weak map ({@code WeakHashMap}, which compares with {@code equals}) and an
 * identity map ({@code IdentityHashMap}, which holds keys strongly), but not both in one. Providers keep
 * what they worked out about the very resources the engine hands them back (an observation, a spec read).
 */
public final class WeakIdentityMap<K, V> {

    /** A weak reference that hashes and compares by the identity of what it refers to. */
    private static final class Ref<K> extends WeakReference<K> {
        private final int hash;

        Ref(K key, ReferenceQueue<K> queue) {
            super(key, queue);
            this.hash = System.identityHashCode(key);
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object other) {
            if (this == other) {
                return true;
            }
            Object key = get();
            return key != null && other instanceof Ref<?> ref && ref.get() == key;
        }
    }

    /**
     * What a lookup hands the map instead of a new weak reference (one for each of a stack's resources, every
     * run, each of them a reference the collector would have to discover): equal to the reference to the very
     * same object.
     */
    private record Probe(Object key, int hash) {
        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Ref<?> ref && ref.get() == key;
        }
    }

    private final ReferenceQueue<K> queue = new ReferenceQueue<>();
    private final Map<Object, V> entries = new HashMap<>();

    public synchronized void put(K key, V value) {
        expunge();
        entries.put(new Ref<>(key, queue), value);
    }

    public synchronized Optional<V> get(K key) {
        expunge();
        return Optional.ofNullable(entries.get(new Probe(key, System.identityHashCode(key))));
    }

    /** How many keys are still held. */
    public synchronized int size() {
        expunge();
        return entries.size();
    }

    public synchronized void clear() {
        entries.clear();
    }

    private void expunge() {
        for (Reference<? extends K> gone = queue.poll(); gone != null; gone = queue.poll()) {
            entries.remove(gone);
        }
    }
}
