package dev.plumbline.engine;

import dev.plumbline.config.StackConfig;
import dev.plumbline.model.Resource;
import dev.plumbline.plan.Plan;
import dev.plumbline.snapshot.Snapshot;
import java.util.List;

/**
 * A stack's plan at one commit: the snapshot it was rendered from, the desired resources, the plan, how
 * many objects the stack's inventory held when it was planned (what the prune guard measures against), and
 * how many manifest files the stack has and how many of them had to be parsed (the others were known from
 * the stack's previous render).
 */
public record PreparedPlan(StackConfig stack, Snapshot snapshot, List<Resource> desired, Plan plan, int inventory,
                           int manifestFiles, int manifestsParsed) {

    public PreparedPlan {
        desired = List.copyOf(desired);
    }

    /** How a person names the revision: short SHA, ref and subject. */
    public String revisionLine() {
        var commit = snapshot.commit();
        return commit.shortSha() + " (" + snapshot.ref() + ") \"" + commit.subject() + "\"";
    }
}
