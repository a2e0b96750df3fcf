package dev.plumbline.bench.figure;

import dev.plumbline.bench.Progress;
import dev.plumbline.bench.Results;
import dev.plumbline.bench.Stats;
import dev.plumbline.bench.Targets;
import dev.plumbline.bench.agent.AgentConfig;
import dev.plumbline.bench.agent.Launcher;
import dev.plumbline.bench.agent.RunningAgent;
import dev.plumbline.bench.agent.Timed;
import dev.plumbline.bench.raw.Hello;
import dev.plumbline.bench.raw.RawJvm;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code plumbline --help} and {@code plumbline status} (against the running agent, with its token) through
 * the launcher, wall clock, beside a hello-world JVM ({@link Hello}), in interleaved rounds. The median of
 * each; the target bounds the value (0.8 s), the hello-world start is the baseline shown beside it.
 */
final class CliRounds {

    private CliRounds() {
    }

    static void measure(Launcher launcher, RunningAgent agent, Path dir, int size, int rounds, Results results) {
        List<Double> hellos = new ArrayList<>();
        List<Double> helps = new ArrayList<>();
        List<Double> statuses = new ArrayList<>();
        Map<String, String> client = Map.of("PLUMBLINE_TOKEN", AgentConfig.OPERATOR_TOKEN);
        for (int round = 1; round <= rounds; round++) {
            hellos.add(RawJvm.run(Hello.class, RawJvm.Needs.NOTHING, dir.resolve("hello.log")).seconds());
            helps.add(succeeded(launcher.run(dir.resolve("help.log"), Map.of(), "--help")).seconds());
            statuses.add(succeeded(launcher.run(dir.resolve("status.log"), client, "status", "--server",
                    agent.url())).seconds());
            Progress.say("cli round %d: --help %.3f s, status %.3f s, hello world %.3f s", round, helps.get(round - 1),
                    statuses.get(round - 1), hellos.get(round - 1));
        }
        double hello = Stats.median(hellos);
        String beside = " s) beside a hello-world JVM (" + Stats.list(hellos) + " s)";
        results.put(Targets.CLI_HELP.measured(size, Stats.median(helps), hello,
                "median of " + rounds + " (" + Stats.list(helps) + beside));
        results.put(Targets.CLI_STATUS.measured(size, Stats.median(statuses), hello,
                "median of " + rounds + " (" + Stats.list(statuses) + beside + "; the agent holds " + size
                        + " files"));
    }

    private static Timed succeeded(Timed timed) {
        if (timed.exit() != 0) {
            throw new IllegalStateException(timed.log() + ": exit " + timed.exit() + ":\n" + timed.output());
        }
        return timed;
    }
}
