package dev.plumbline.provider;

import dev.plumbline.plan.Change;
import java.util.List;

/**
 * A provider that writes a run of a stack's changes in one call, so that what makes each write durable can be
 * shared (one durable intent for the run, one fsync of each directory, fsyncs issued together), where its target
 * has no transactions: unlike a {@link TransactionalProvider}, a failure may leave some of the changes applied
 * and others not. The executor records the intent to write every key before the call and the outcome of every
 * change after it, and hands over at most {@link #MAX_BATCH} changes at a time, checking its lease and stop
 * signal between calls.
 *
 * <p>Contract: when the call returns, every change is applied and durable, one result per change, in order.
 * When it throws, any of the changes may have been applied, and each one that was is owned as the provider
 * records ownership (as after a crash in the middle of the call), so that a later run finds it, adopts nothing
 * it did not own and prunes it if it leaves Git. The executor then fails every change of the call without
 * retrying it; the next run observes again. A provider that knows how far it got throws {@link PartialApply}
 * instead: the executor records the changes before the failure as applied.
 */
public interface BatchProvider {

    /** The most changes the executor hands over in one call. */
    int MAX_BATCH = 1000;

    /** Applies (creates, updates, deletes) every change, in order; one result per change. */
    List<ApplyResult> applyBatch(List<Change> changes, ApplyContext context);
}
