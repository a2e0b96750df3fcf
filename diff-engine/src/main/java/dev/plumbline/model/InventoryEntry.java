package dev.plumbline.model;

import java.util.Objects;

/**
 * What a stack applied for one key: the hash of the state written and the revision it came from.
 * {@code pending} marks an intent recorded before writing whose outcome is not yet known; it still counts
 * as owned, so a crash mid-write never leaves an object nobody will prune. {@code pruneDisabled} remembers
 * that the manifest said {@code plumbline.dev/prune: disabled}, so that the object is kept once its
 * manifest is gone.
 */
public record InventoryEntry(ResourceKey key, String hash, String revision, boolean pending, boolean pruneDisabled) {

    public InventoryEntry {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(hash, "hash");
        Objects.requireNonNull(revision, "revision");
    }

    /** An entry whose object may be pruned. */
    public InventoryEntry(ResourceKey key, String hash, String revision, boolean pending) {
        this(key, hash, revision, pending, false);
    }
}
