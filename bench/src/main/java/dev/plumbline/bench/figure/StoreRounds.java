package dev.plumbline.bench.figure;

import dev.plumbline.bench.Figure;
import dev.plumbline.bench.Numbers;
import dev.plumbline.bench.Progress;
import dev.plumbline.bench.Stats;
import dev.plumbline.bench.Stopwatch;
import dev.plumbline.bench.agent.AgentConfig;
import dev.plumbline.bench.agent.Metrics;
import dev.plumbline.bench.agent.RunningAgent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Applying a whole stack to a data store, as throughput beside a raw client loop making the same writes, in
 * interleaved rounds. The agent's first run (right after its start) applies the stack and is kept apart;
 * each round then runs the raw loop on objects of its own (removed first), removes the stack's objects
 * behind the agent's back, and asks for a sync, which writes them all again; its duration is the agent's,
 * from {@code plumbline_reconcile_duration_seconds}. A stack whose first apply fails is not measured: the
 * note says why, and the raw loop's throughput is kept as the baseline.
 */
final class StoreRounds {

    /** The data store's side of the rounds. */
    interface Store {
        /** Removes what the raw loop wrote (not timed). */
        void resetRaw() throws Exception;

        /** The raw loop: the same writes as the stack's, for objects of its own (timed). */
        void rawLoop() throws Exception;

        /** Removes the stack's objects and the provider's records of them, behind the agent's back (not timed). */
        void resetStack() throws Exception;
    }

    private static final String DURATION_SUM = "plumbline_reconcile_duration_seconds_sum";
    private static final String APPLIED = "plumbline_reconciles_total";

    private StoreRounds() {
    }

    static Figure measure(Figure.Spec spec, int count, String what, RunningAgent agent, Store store, int rounds)
            throws Exception {
        String stackLabel = RunningAgent.label(AgentConfig.STACK);
        agent.awaitRuns(AgentConfig.STACK, 1, Duration.ofMinutes(20));
        Metrics first = agent.metrics();
        boolean applied = first.sum(APPLIED, stackLabel, "result=\"applied\"") >= 1;
        String failure = applied ? "" : agent.ready(AgentConfig.STACK);
        List<Double> raws = new ArrayList<>();
        List<Double> applies = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            store.resetRaw();
            raws.add(Stopwatch.seconds(() -> {
                store.rawLoop();
                return null;
            }));
            if (applied) {
                store.resetStack();
                Metrics before = agent.metrics();
                agent.syncAndWait(AgentConfig.STACK, Duration.ofMinutes(20));
                agent.awaitRuns(AgentConfig.STACK, before.sum("plumbline_reconcile_duration_seconds_count",
                        stackLabel) + 1, Duration.ofMinutes(1));
                Metrics after = agent.metrics();
                applies.add(after.sum(DURATION_SUM, stackLabel) - before.sum(DURATION_SUM, stackLabel));
                if (after.sum(APPLIED, stackLabel, "result=\"applied\"")
                        - before.sum(APPLIED, stackLabel, "result=\"applied\"") != 1) {
                    problems.add("round " + round + " did not apply: " + agent.ready(AgentConfig.STACK));
                }
            }
            Progress.say("%s round %d: raw loop %.3f s%s", spec.name(), round, raws.get(round - 1),
                    applied ? ", plumbline %.3f s".formatted(applies.get(round - 1)) : "");
        }
        double baseline = count / Stats.mean(raws);
        if (!applied) {
            return spec.unmeasured(count, baseline, "the stack's first apply failed (" + failure + "); raw loop "
                    + Stats.list(raws) + " s for " + count + " " + what);
        }
        String note = count + " " + what + "; applied again " + rounds + "x after removing them behind the agent's"
                + " back (" + Stats.list(applies) + " s, mean) beside the raw loop (" + Stats.list(raws) + " s, mean);"
                + " the first apply after start took " + Numbers.format(first.sum(DURATION_SUM, stackLabel))
                + " s (excluded)" + (problems.isEmpty() ? "" : "; " + String.join("; ", problems));
        return spec.measured(count, count / Stats.mean(applies), baseline, note);
    }
}
