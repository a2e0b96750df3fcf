package dev.plumbline.provider;

import dev.plumbline.problem.Reasons;
import dev.plumbline.plan.Change;
import java.util.List;

/**
 * A provider that writes all of a stack's changes to it in one call, in transactions of its target that
 * check the revisions it observed (etcd's, say: as many as the target's limits require, each whole or not
 * at all). The executor records the intent to write every key before the call and the outcome after it. A
 * conflict with a concurrent writer is a {@link dev.plumbline.problem.TransientException} with reason
 * {@value #CONFLICT}: the transaction that met it wrote nothing and no later one was sent; earlier ones stay
 * written, and since the executor records no change of a failed call as applied, their objects stay
 * intended (owned, never unowned) until the next run, which finds them live as desired and records them;
 * a provider that can say which changes those were throws {@link PartialApply}, and they are recorded at
 * once. The agent observes again and retries soon.
 */
public interface TransactionalProvider {

    /** The reason of a transaction refused because the target changed since it was observed. */
    String CONFLICT = Reasons.CONCURRENT_MODIFICATION;

    /** Applies (creates, updates, deletes) every change, in order; one result per change. */
    List<ApplyResult> applyAll(List<Change> changes, ApplyContext context);
}
