package dev.plumbline.agent.reconcile;

import java.util.Objects;
import java.util.Optional;

/**
 * A request to reconcile one stack: why, with a detail for the history (a SHA, a delivery id, a user),
 * and optionally the revision to use (otherwise the source's current revision in the mirror).
 */
public record ReconcileRequest(String stack, Trigger trigger, String detail, Optional<String> revision) {

    public ReconcileRequest {
        Objects.requireNonNull(stack, "stack");
        Objects.requireNonNull(trigger, "trigger");
        detail = detail == null ? "" : detail;
        revision = revision == null ? Optional.empty() : revision;
    }

    public static ReconcileRequest of(String stack, Trigger trigger) {
        return new ReconcileRequest(stack, trigger, "", Optional.empty());
    }

    public static ReconcileRequest at(String stack, Trigger trigger, String revision) {
        return new ReconcileRequest(stack, trigger, "", Optional.of(revision));
    }

    /**
     * Folds a request that arrived while this one waited: the newer trigger and revision win, except that
     * a request a person made (CLI, admin) is not downgraded by a timer.
     */
    public ReconcileRequest merge(ReconcileRequest newer) {
        boolean keepMine = trigger.forcesApply() && !newer.trigger.forcesApply();
        Trigger mergedTrigger = keepMine ? trigger : newer.trigger;
        String mergedDetail = keepMine ? detail : newer.detail;
        Optional<String> mergedRevision = newer.revision.isPresent() ? newer.revision : revision;
        return new ReconcileRequest(stack, mergedTrigger, mergedDetail, mergedRevision);
    }
}
