package dev.plumbline.engine.apply;

import dev.plumbline.model.ResourceKey;

/**
 * Where the executor records ownership around each write, so that a crash at any point leaves every
 * object either recorded or absent: {@link #intend} before writing (the key then counts as owned and
 * prunable), {@link #applied} after, {@link #forget} once an object is removed.
 */
public interface InventoryJournal {

    void intend(String stack, ResourceKey key, String hash, String revision);

    void applied(String stack, ResourceKey key, String hash, String revision);

    void forget(String stack, ResourceKey key);
}
