package dev.plumbline.engine;

import dev.plumbline.config.SyncPolicy;
import dev.plumbline.plan.Plan;

/**
 * Whether a run applies its plan or only reports it: Argo CD's rules. A plan without changes, or a person's
 * request (CLI, sync, rollback), applies; otherwise a manual stack only reports; an automatic one applies a
 * new revision, and heals drift only with selfHeal.
 */
final class SyncDecision {

    private SyncDecision() {
    }

    static boolean applies(SyncPolicy sync, Trigger trigger, boolean newRevision, Plan plan) {
        if (!plan.hasChanges() || trigger.forcesApply()) {
            return true;
        }
        if (!sync.auto()) {
            return false;
        }
        return newRevision || sync.selfHeal();
    }
}
