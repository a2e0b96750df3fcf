package dev.plumbline.bench.figure;

import dev.plumbline.bench.Figure;
import dev.plumbline.bench.Numbers;
import dev.plumbline.bench.Options;
import dev.plumbline.bench.Part;
import dev.plumbline.bench.Progress;
import dev.plumbline.bench.Results;
import dev.plumbline.bench.Scratch;
import dev.plumbline.bench.Targets;
import dev.plumbline.bench.agent.AgentConfig;
import dev.plumbline.bench.agent.JvmMemory;
import dev.plumbline.bench.agent.Launcher;
import dev.plumbline.bench.agent.RunningAgent;
import dev.plumbline.bench.agent.Timed;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The figures of a stack of 100,000 files (the full run only): applied once by {@code plumbline apply} (not
 * a figure), then an agent with {@code -Xmx512m} on it: its drift checks beside the raw read, the 100,000
 * check over the 10,000 one, and its heap after a full GC.
 */
public final class ScalePart implements Part {

    private final Options options;
    private final Scratch scratch;
    private final Launcher launcher;

    public ScalePart(Options options, Scratch scratch, Launcher launcher) {
        this.options = options;
        this.scratch = scratch;
        this.launcher = launcher;
    }

    @Override
    public String name() {
        return "scale";
    }

    @Override
    public List<Figure.Spec> figures() {
        return List.of(Targets.DRIFT_100K, Targets.DRIFT_SCALING, Targets.HEAP_100K);
    }

    @Override
    public void run(Results results) throws Exception {
        int size = options.largeSize();
        Progress.say("scale: generating a repository of %d File manifests", size);
        try (FileStack stack = FileStack.create(scratch, "files-" + size, size)) {
            Path place = stack.place("applied");
            Progress.say("scale: plumbline apply of %d files (setup, not a figure)", size);
            Timed apply = launcher.run(place.resolve("apply.log"), AgentConfig.ENVIRONMENT, "apply", "--config",
                    FileStack.config(place).toString());
            if (apply.exit() != 0) {
                throw new IllegalStateException("plumbline apply exited " + apply.exit() + "; see " + apply.log());
            }
            Map<String, String> environment = new HashMap<>(AgentConfig.ENVIRONMENT);
            environment.put("PLUMBLINE_JAVA_OPTS", "-Xmx512m");
            Progress.say("scale: starting the agent on %d files with -Xmx512m", size);
            RunningAgent agent = scratch.started(RunningAgent.start(launcher, FileStack.config(place),
                    place.resolve("agent.log"), environment, AgentConfig.OPERATOR_TOKEN));
            DriftChecks.Result drift = DriftChecks.measure(agent, stack, place, options.rounds(3, 5));
            results.put(Targets.DRIFT_100K.measured(size, drift.check(), drift.raw(), drift.note()
                    + "; the agent ran with -Xmx512m; the initial plumbline apply took "
                    + Numbers.format(apply.seconds()) + " s"));
            results.put(results.get(Targets.DRIFT_10K).flatMap(Figure::value)
                    .map(tenK -> Targets.DRIFT_SCALING.measured(size, drift.check(), tenK,
                            "the mean warm check at " + size + " files over the one at " + options.size()))
                    .orElseGet(() -> Targets.DRIFT_SCALING.unmeasured(size, null,
                            "needs drift_check_10k_seconds, which the files part measures")));
            double heap = JvmMemory.heapAfterGcMib(agent.jvm(), place);
            results.put(Targets.HEAP_100K.measured(size, heap, null, "jcmd GC.run, then GC.heap_info's used heap;"
                    + " the agent ran with -Xmx512m and held " + size + " files"));
            scratch.stop(agent);
        }
    }
}
