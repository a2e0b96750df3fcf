package dev.plumbline.provider;

import dev.plumbline.model.ResourceKey;
import dev.plumbline.plan.Change;

/**
 * A provider that keeps bookkeeping of its own on the target (the files provider's ledger of ownership
 * records), told when the engine settles a key without writing it, so that a crash between a write and its
 * record, or between a removal and its record, leaves nothing behind once the stack next converges:
 * {@link #settled} after a run finds an object live as desired whose write was never recorded as done, and
 * {@link #forgotten} when an owned key has nothing live left. Both are idempotent, touch bookkeeping only
 * (never the objects themselves), and are called only after every change of the run succeeded.
 */
public interface SelfRecordingProvider {

    /** {@code change}'s object is live as desired: complete whatever record of it a crash left unfinished. */
    void settled(Change change, ApplyContext context);

    /** {@code key} has nothing live left: drop whatever record of it remains. */
    void forgotten(ResourceKey key, ApplyContext context);
}
