package dev.plumbline.engine;

import java.util.Objects;
import java.util.Optional;

/**
 * A request to reconcile one stack: why, with a detail for the history (a SHA, a delivery id, a user), the
 * revision the trigger saw (a hint: runs are level-triggered and work toward the source's newest fetched
 * revision, or the stack's pin), the id of the operator's sync request it answers, if any (recorded as
 * handled when the run ends), and whether a person let a mass prune through the prune guard, once.
 */
public record ReconcileRequest(String stack, Trigger trigger, String detail, Optional<String> revision,
                               Optional<String> requestId, boolean allowMassPrune) {

    public ReconcileRequest {
        Objects.requireNonNull(stack, "stack");
        Objects.requireNonNull(trigger, "trigger");
        detail = detail == null ? "" : detail;
        revision = revision == null ? Optional.empty() : revision;
        requestId = requestId == null ? Optional.empty() : requestId;
    }

    public ReconcileRequest(String stack, Trigger trigger, String detail, Optional<String> revision,
                            Optional<String> requestId) {
        this(stack, trigger, detail, revision, requestId, false);
    }

    public static ReconcileRequest of(String stack, Trigger trigger) {
        return new ReconcileRequest(stack, trigger, "", Optional.empty(), Optional.empty());
    }

    public static ReconcileRequest at(String stack, Trigger trigger, String revision) {
        return new ReconcileRequest(stack, trigger, "", Optional.of(revision), Optional.empty());
    }

    public ReconcileRequest withDetail(String newDetail) {
        return new ReconcileRequest(stack, trigger, newDetail, revision, requestId, allowMassPrune);
    }

    public ReconcileRequest withRevision(String pinned) {
        return new ReconcileRequest(stack, trigger, detail, Optional.of(pinned), requestId, allowMassPrune);
    }

    public ReconcileRequest withRequestId(String id) {
        return new ReconcileRequest(stack, trigger, detail, revision, Optional.of(id), allowMassPrune);
    }

    /** The same request, letting a mass prune through the prune guard this once. */
    public ReconcileRequest allowingMassPrune() {
        return new ReconcileRequest(stack, trigger, detail, revision, requestId, true);
    }

    /**
     * A retry after a transient failure: level-triggered, it names no revision (the run works toward the
     * newest one then), answers no request (the failed run did) and lets no mass prune through.
     */
    public ReconcileRequest retry() {
        return new ReconcileRequest(stack, Trigger.RETRY, detail, Optional.empty(), Optional.empty(), false);
    }

    /**
     * Folds a request that arrived while this one waited: the newer trigger and revision win, except that
     * a request a person made (CLI, admin) is not downgraded by a timer; the newest request id is kept, so
     * that handling the folded run acknowledges every request folded into it.
     */
    public ReconcileRequest merge(ReconcileRequest newer) {
        boolean keepMine = trigger.forcesApply() && !newer.trigger.forcesApply();
        Trigger mergedTrigger = keepMine ? trigger : newer.trigger;
        String mergedDetail = keepMine ? detail : newer.detail;
        Optional<String> mergedRevision = newer.revision.isPresent() ? newer.revision : revision;
        Optional<String> mergedRequest = newer.requestId.isPresent()
                && (requestId.isEmpty() || newer.requestId.get().compareTo(requestId.get()) > 0)
                ? newer.requestId : requestId;
        return new ReconcileRequest(stack, mergedTrigger, mergedDetail, mergedRevision, mergedRequest,
                allowMassPrune || newer.allowMassPrune);
    }
}
