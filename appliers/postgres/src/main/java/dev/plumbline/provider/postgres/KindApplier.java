package dev.plumbline.provider.postgres;

import dev.plumbline.plan.Change;
import dev.plumbline.provider.ApplyContext;
import dev.plumbline.provider.ApplyResult;

/** Writes and removes the objects of one kind. */
interface KindApplier {

    /** Creates the object, or brings it to the desired spec, and stamps provenance on it. */
    ApplyResult apply(Change change, ApplyContext context);

    /** Removes the object when the stack created it; leaves (and says so) one it adopted. */
    ApplyResult delete(Change change, ApplyContext context);
}
