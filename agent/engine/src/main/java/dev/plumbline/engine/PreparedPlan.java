package dev.plumbline.engine;

import dev.plumbline.config.StackConfig;
import dev.plumbline.model.Resource;
import dev.plumbline.plan.Plan;
import dev.plumbline.snapshot.Snapshot;
import java.util.List;
import java.util.OptionalInt;

/**
 * A stack's plan at one commit: the snapshot it was rendered from, the desired resources, the plan, how
 * many objects the stack's inventory held when it was planned (what the prune guard measures against), and
 * how many manifest files the stack has and how many of them had to be parsed (the others were known from
 * the stack's previous render), and, when only what the commit changes was observed and planned, how many
 * resources that was ({@code observedOnly}; empty when the whole stack was).
 */
public record PreparedPlan(StackConfig stack, Snapshot snapshot, List<Resource> desired, Plan plan, int inventory,
                           int manifestFiles, int manifestsParsed, OptionalInt observedOnly) {

    public PreparedPlan {
        desired = List.copyOf(desired);
        java.util.Objects.requireNonNull(observedOnly, "observedOnly");
    }

    /** A plan of the whole stack. */
    public PreparedPlan(StackConfig stack, Snapshot snapshot, List<Resource> desired, Plan plan, int inventory,
                        int manifestFiles, int manifestsParsed) {
        this(stack, snapshot, desired, plan, inventory, manifestFiles, manifestsParsed, OptionalInt.empty());
    }

    /** How a person names the revision: short SHA, ref and subject. */
    public String revisionLine() {
        var commit = snapshot.commit();
        return commit.shortSha() + " (" + snapshot.ref() + ") \"" + commit.subject() + "\"";
    }
}
