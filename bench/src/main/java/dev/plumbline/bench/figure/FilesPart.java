package dev.plumbline.bench.figure;

import dev.plumbline.bench.Figure;
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
import java.nio.file.Path;
import java.util.List;

/**
 * The figures of a stack of 10,000 files: the initial apply and a no-op plan from the CLI, then an agent
 * (the launcher's defaults) on what the apply wrote: its drift checks, the CLI against it, push to live and
 * files parsed per one-file commit, and its resident set at the end.
 */
public final class FilesPart implements Part {

    private final Options options;
    private final Scratch scratch;
    private final Launcher launcher;

    public FilesPart(Options options, Scratch scratch, Launcher launcher) {
        this.options = options;
        this.scratch = scratch;
        this.launcher = launcher;
    }

    @Override
    public String name() {
        return "files";
    }

    @Override
    public List<Figure.Spec> figures() {
        return List.of(Targets.APPLY_10K, Targets.PLAN_10K, Targets.DRIFT_10K, Targets.CLI_HELP, Targets.CLI_STATUS,
                Targets.PUSH_P50, Targets.PARSED_ONE, Targets.RSS_10K);
    }

    @Override
    public void run(Results results) throws Exception {
        int size = options.size();
        Progress.say("files: generating a repository of %d File manifests", size);
        try (FileStack stack = FileStack.create(scratch, "files-" + size, size)) {
            ApplyRounds.Outcome applied = ApplyRounds.measure(stack, launcher, 3);
            results.put(applied.figure());
            Path place = applied.place();
            results.put(PlanRounds.measure(stack, place, launcher, options.rounds(3, 5)));

            Progress.say("files: starting the agent on %d files (the launcher's defaults)", size);
            RunningAgent agent = scratch.started(RunningAgent.start(launcher, FileStack.config(place),
                    place.resolve("agent.log"), AgentConfig.ENVIRONMENT, AgentConfig.OPERATOR_TOKEN));
            DriftChecks.Result drift = DriftChecks.measure(agent, stack, place, options.rounds(5, 10));
            results.put(Targets.DRIFT_10K.measured(size, drift.check(), drift.raw(), drift.note()));
            CliRounds.measure(launcher, agent, place, size, options.rounds(5, 10), results);
            PushRounds.measure(agent, stack, place, options.rounds(10, 30), results);
            ProcessHandle jvm = agent.jvm();
            double rss = JvmMemory.statusMib(jvm, "VmRSS");
            JvmMemory.Heap heap = JvmMemory.heap(jvm, place);
            results.put(Targets.RSS_10K.measured(size, rss, null, "VmRSS after the figures above; peak (VmHWM) "
                    + Math.round(JvmMemory.statusMib(jvm, "VmHWM")) + " MiB; of it the Java heap: "
                    + Math.round(heap.committedMib()) + " MiB committed, " + Math.round(heap.usedMib())
                    + " MiB in use (no collection forced)"));
            scratch.stop(agent);
        }
    }
}
