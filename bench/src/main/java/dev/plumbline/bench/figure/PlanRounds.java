package dev.plumbline.bench.figure;

import dev.plumbline.bench.Figure;
import dev.plumbline.bench.Progress;
import dev.plumbline.bench.Stats;
import dev.plumbline.bench.Targets;
import dev.plumbline.bench.agent.AgentConfig;
import dev.plumbline.bench.agent.Launcher;
import dev.plumbline.bench.agent.Timed;
import dev.plumbline.bench.raw.RawJvm;
import dev.plumbline.bench.raw.RawRead;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A no-op {@code plumbline plan} from the CLI over an applied place (JVM start, fetch, render, observe,
 * diff) beside a fresh JVM doing the raw read of the same place ({@link RawRead}), in interleaved rounds.
 * The median of each.
 */
final class PlanRounds {

    private PlanRounds() {
    }

    static Figure measure(FileStack stack, Path place, Launcher launcher, int rounds) {
        List<Double> plans = new ArrayList<>();
        List<Double> raws = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            Timed raw = RawJvm.run(RawRead.class, RawJvm.Needs.JGIT, place.resolve("raw-read.log"),
                    FileStack.mirror(place).toString(), stack.repo().head(), AgentConfig.STACK_PATH,
                    FileStack.live(place).toString());
            raws.add(raw.seconds());
            Timed plan = launcher.run(place.resolve("plan.log"), AgentConfig.ENVIRONMENT, "plan", "--config",
                    FileStack.config(place).toString());
            if (plan.exit() == 1) {
                throw new IllegalStateException("plumbline plan failed; see " + plan.log());
            }
            if (plan.exit() != 0) {
                problems.add("round " + round + ": the plan was not a no-op (exit " + plan.exit() + ")");
            }
            plans.add(plan.seconds());
            Progress.say("plan round %d: plumbline plan %.3f s, raw read in a fresh JVM %.3f s", round,
                    plan.seconds(), raw.seconds());
        }
        String note = "median of " + rounds + " (plan " + Stats.list(plans) + " s; raw read " + Stats.list(raws)
                + " s)" + (problems.isEmpty() ? "" : "; " + String.join("; ", problems));
        return Targets.PLAN_10K.measured(stack.size(), Stats.median(plans), Stats.median(raws), note);
    }
}
