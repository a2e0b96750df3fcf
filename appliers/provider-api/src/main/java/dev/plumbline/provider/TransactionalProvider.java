package dev.plumbline.provider;

import dev.plumbline.problem.Reasons;
import dev.plumbline.plan.Change;
import java.util.List;

/**
 * A provider that writes all of a stack's changes to it at once, in one transaction of its target (an
 * etcd transaction that checks the revisions it observed, say). The executor records the intent to write
 * every key before the call and the outcome after it. A conflict with a concurrent writer is a
 * {@link dev.plumbline.problem.TransientException} with reason {@value #CONFLICT}: nothing was written, and
 * the agent observes again and retries soon.
 */
public interface TransactionalProvider {

    /** The reason of a transaction refused because the target changed since it was observed. */
    String CONFLICT = Reasons.CONCURRENT_MODIFICATION;

    /** Applies (creates, updates, deletes) every change, all or none; one result per change, in order. */
    List<ApplyResult> applyAll(List<Change> changes, ApplyContext context);
}
