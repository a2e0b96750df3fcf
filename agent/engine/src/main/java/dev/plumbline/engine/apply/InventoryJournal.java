package dev.plumbline.engine.apply;

import dev.plumbline.model.ResourceKey;
import java.util.List;
import java.util.Objects;

/**
 * Where the executor records ownership around each write, so that a crash at any point leaves every
 * object either recorded or absent: {@link #intend} before writing (the key then counts as owned and
 * prunable, unless {@code pruneDisabled}), {@link #applied} after, {@link #forget} once an object is
 * removed. {@code pruneDisabled} is what the manifest's {@code plumbline.dev/prune} directive said.
 *
 * <p>A run that hands a provider many changes in one call records them with {@link #intendAll} before the
 * call and {@link #settleAll} after it; a store that can makes each of those one write (one transaction), all
 * or none, instead of one per key.
 */
public interface InventoryJournal {

    void intend(String stack, ResourceKey key, String hash, String revision, boolean pruneDisabled);

    void applied(String stack, ResourceKey key, String hash, String revision, boolean pruneDisabled);

    /** {@link #intend} for an object that may be pruned. */
    default void intend(String stack, ResourceKey key, String hash, String revision) {
        intend(stack, key, hash, revision, false);
    }

    /** {@link #applied} for an object that may be pruned. */
    default void applied(String stack, ResourceKey key, String hash, String revision) {
        applied(stack, key, hash, revision, false);
    }

    void forget(String stack, ResourceKey key);

    /**
     * {@link #intend} for every entry (whose hash is never null), at {@code revision}; a store that can writes
     * them all or none.
     */
    default void intendAll(String stack, String revision, List<Entry> entries) {
        for (Entry entry : entries) {
            if (entry.hash() == null) {
                throw new IllegalArgumentException("an intent needs a hash: " + entry.key());
            }
        }
        for (Entry entry : entries) {
            intend(stack, entry.key(), entry.hash(), revision, entry.pruneDisabled());
        }
    }

    /**
     * {@link #applied} at {@code revision} for every entry with a hash, {@link #forget} for every entry without;
     * a store that can writes them all or none.
     */
    default void settleAll(String stack, String revision, List<Entry> entries) {
        for (Entry entry : entries) {
            if (entry.hash() == null) {
                forget(stack, entry.key());
            } else {
                applied(stack, entry.key(), entry.hash(), revision, entry.pruneDisabled());
            }
        }
    }

    /** One key of a batch: the hash of what is (to be) written, or null for a key to forget. */
    record Entry(ResourceKey key, String hash, boolean pruneDisabled) {

        public Entry {
            Objects.requireNonNull(key, "key");
        }

        /** A key whose object is (to be) written with {@code hash}. */
        public static Entry written(ResourceKey key, String hash, boolean pruneDisabled) {
            return new Entry(key, Objects.requireNonNull(hash, "hash"), pruneDisabled);
        }

        /** A key whose object is gone. */
        public static Entry forgotten(ResourceKey key) {
            return new Entry(key, null, false);
        }
    }
}
