package dev.plumbline.bench.figure;

import dev.plumbline.bench.Progress;
import dev.plumbline.bench.Stats;
import dev.plumbline.bench.Stopwatch;
import dev.plumbline.bench.agent.AgentConfig;
import dev.plumbline.bench.agent.Metrics;
import dev.plumbline.bench.agent.RunningAgent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * No-op drift checks in a running agent beside the raw read in this (warm) JVM, in interleaved rounds: a
 * raw read, then a sync of the stack ({@code POST /api/v1/stacks/bench/sync}) whose duration is the
 * agent's own, read from {@code plumbline_reconcile_duration_seconds} (the sum's growth over the one run),
 * its end waited for by polling the agent no more often than every 150 ms (a poll costs the agent a few ms).
 * The agent's first run (after its start: nothing cached yet) and the first raw read are kept apart.
 */
final class DriftChecks {

    private static final String DURATION_SUM = "plumbline_reconcile_duration_seconds_sum";
    private static final String DURATION_COUNT = "plumbline_reconcile_duration_seconds_count";
    private static final String RECONCILES = "plumbline_reconciles_total";

    /** What the rounds measured, in seconds; {@code problems} says where a run was not the no-op expected. */
    record Result(double firstCheck, double firstRaw, List<Double> checks, List<Double> raws, List<String> problems) {

        double check() {
            return Stats.mean(checks);
        }

        double raw() {
            return Stats.mean(raws);
        }

        String note() {
            String note = "mean of " + checks.size() + " warm checks (" + Stats.list(checks) + " s) beside "
                    + raws.size() + " raw reads (" + Stats.list(raws) + " s); first check after start "
                    + dev.plumbline.bench.Numbers.format(firstCheck) + " s, first raw read "
                    + dev.plumbline.bench.Numbers.format(firstRaw) + " s (excluded)";
            return problems.isEmpty() ? note : note + "; " + String.join("; ", problems);
        }
    }

    private DriftChecks() {
    }

    /** Waits for the agent's first run of the stack, then measures {@code rounds} checks and raw reads. */
    static Result measure(RunningAgent agent, FileStack stack, Path place, int rounds) throws Exception {
        String stackLabel = RunningAgent.label(AgentConfig.STACK);
        agent.awaitRuns(AgentConfig.STACK, 1, Duration.ofMinutes(20));
        Metrics start = agent.metrics();
        double firstCheck = start.sum(DURATION_SUM, stackLabel);
        List<String> problems = new ArrayList<>();
        if (start.sum(RECONCILES, stackLabel, "result=\"unchanged\"") < 1) {
            problems.add("the first run was not a no-op (see the agent's log)");
        }
        double firstRaw = Stopwatch.seconds(() -> stack.rawRead(place));
        List<Double> checks = new ArrayList<>();
        List<Double> raws = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            raws.add(Stopwatch.seconds(() -> stack.rawRead(place)));
            Metrics before = agent.metrics();
            agent.syncAndWait(AgentConfig.STACK, Duration.ofMinutes(20));
            double runs = before.sum(DURATION_COUNT, stackLabel) + 1;
            agent.awaitRuns(AgentConfig.STACK, runs, Duration.ofMinutes(1));
            Metrics after = agent.metrics();
            checks.add(after.sum(DURATION_SUM, stackLabel) - before.sum(DURATION_SUM, stackLabel));
            if (after.sum(DURATION_COUNT, stackLabel) != runs) {
                problems.add("round " + round + " saw " + (after.sum(DURATION_COUNT, stackLabel) - runs + 1)
                        + " runs, not 1");
            }
            double unchanged = after.sum(RECONCILES, stackLabel, "result=\"unchanged\"")
                    - before.sum(RECONCILES, stackLabel, "result=\"unchanged\"");
            if (unchanged != 1) {
                problems.add("round " + round + " was not a no-op");
            }
            Progress.say("drift check round %d: agent %.3f s, raw read %.3f s", round, checks.get(round - 1),
                    raws.get(round - 1));
        }
        return new Result(firstCheck, firstRaw, checks, raws, problems);
    }
}
