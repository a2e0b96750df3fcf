package dev.plumbline.bench.figure;

import dev.plumbline.bench.Figure;
import dev.plumbline.bench.Progress;
import dev.plumbline.bench.Scratch;
import dev.plumbline.bench.Stats;
import dev.plumbline.bench.Stopwatch;
import dev.plumbline.bench.Targets;
import dev.plumbline.bench.agent.AgentConfig;
import dev.plumbline.bench.agent.Launcher;
import dev.plumbline.bench.agent.Timed;
import dev.plumbline.bench.raw.AtomicWrites;
import dev.plumbline.bench.raw.RawJvm;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The initial apply from the CLI ({@code plumbline apply} into an empty target and a new state directory:
 * JVM start, the first fetch, render, observe and every write) beside a fresh JVM writing the same files
 * with the same durability ({@link AtomicWrites}), in interleaved rounds, each after the other's files were
 * deleted and after {@code sync}. The median of each. The last apply's place is kept for the figures after it.
 */
final class ApplyRounds {

    /** The figure, and the place the last apply wrote. */
    record Outcome(Figure figure, Path place) {
    }

    private ApplyRounds() {
    }

    static Outcome measure(FileStack stack, Launcher launcher, int rounds) {
        List<Double> applies = new ArrayList<>();
        List<Double> raws = new ArrayList<>();
        Path place = null;
        for (int round = 1; round <= rounds; round++) {
            // each side starts after the other side's last files were deleted and the disk settled: removing
            // tens of thousands of files leaves work to the disk (this one is mounted with online discard)
            if (place != null) {
                Scratch.delete(place);
            }
            Path rawRoot = stack.scratch("raw-write-" + round);
            Stopwatch.settleDisks();
            Timed raw = RawJvm.run(AtomicWrites.class, RawJvm.Needs.NOTHING, stack.scratch("raw-write.log"),
                    rawRoot.toString(), String.valueOf(stack.size()));
            raws.add(raw.seconds());
            Scratch.delete(rawRoot);
            place = stack.place("applied-" + round);
            Stopwatch.settleDisks();
            Timed apply = launcher.run(place.resolve("apply.log"), AgentConfig.ENVIRONMENT, "apply", "--config",
                    FileStack.config(place).toString());
            if (apply.exit() != 0) {
                throw new IllegalStateException("plumbline apply exited " + apply.exit() + "; see " + apply.log());
            }
            applies.add(apply.seconds());
            Progress.say("apply round %d: plumbline apply %.3f s, raw atomic writes %.3f s", round, apply.seconds(),
                    raw.seconds());
        }
        String note = "median of " + rounds + " (apply " + Stats.list(applies) + " s; raw writes " + Stats.list(raws)
                + " s)";
        return new Outcome(Targets.APPLY_10K.measured(stack.size(), Stats.median(applies), Stats.median(raws), note),
                place);
    }
}
