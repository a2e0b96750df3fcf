package dev.plumbline.engine.apply;

import dev.plumbline.model.ResourceKey;

/**
 * Where the executor records ownership around each write, so that a crash at any point leaves every
 * object either recorded or absent: {@link #intend} before writing (the key then counts as owned and
 * prunable, unless {@code pruneDisabled}), {@link #applied} after, {@link #forget} once an object is
 * removed. {@code pruneDisabled} is what the manifest's {@code plumbline.dev/prune} directive said.
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
}
