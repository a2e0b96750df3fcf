package dev.plumbline.engine;

import dev.plumbline.engine.apply.ExecutionResult;
import dev.plumbline.plan.Action;
import dev.plumbline.plan.Plan;
import dev.plumbline.provider.ApplyResult;

/** The counts a run records: what was done, or, for a run that only reported, what was found. */
record RunCounts(int created, int updated, int deleted, int unchanged) {

    static final RunCounts NONE = new RunCounts(0, 0, 0, 0);

    static RunCounts of(ExecutionResult result, Plan plan) {
        return new RunCounts(result.count(ApplyResult.Outcome.CREATED), result.count(ApplyResult.Outcome.UPDATED),
                result.count(ApplyResult.Outcome.DELETED), (int) plan.count(Action.NOOP));
    }

    static RunCounts planned(Plan plan) {
        return new RunCounts((int) plan.count(Action.CREATE), (int) plan.count(Action.UPDATE),
                (int) plan.count(Action.DELETE), (int) plan.count(Action.NOOP));
    }
}
