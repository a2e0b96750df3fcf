package dev.plumbline.bench;

import dev.plumbline.bench.agent.Launcher;
import dev.plumbline.bench.agent.Timed;
import dev.plumbline.bench.figure.EtcdPart;
import dev.plumbline.bench.figure.FilesPart;
import dev.plumbline.bench.figure.PostgresPart;
import dev.plumbline.bench.figure.ScalePart;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;

/**
 * The bench's main, run by {@code bench/run}: measures every figure of {@link Targets} beside its baseline
 * (the parts that measure them one after the other, each cleaning up after itself) and prints the table, or
 * with {@code --json} only the JSON object, on stdout; progress goes to stderr. A figure that cannot be
 * measured is printed with no value, not passing, and a note saying why. It exits 0 whatever the figures
 * say: benchmarks inform, they do not fail a build.
 */
public final class Bench {

    /** gRPC (under jetcd) logs through java.util.logging at INFO; kept here so that the level holds. */
    private static final java.util.logging.Logger GRPC = java.util.logging.Logger.getLogger("io.grpc");

    private Bench() {
    }

    public static void main(String[] args) {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("bench: " + e.getMessage());
            System.exit(2);
            return;
        }
        GRPC.setLevel(java.util.logging.Level.WARNING);
        String machine = Machine.describe();
        Progress.say("%s run at %d resources on %s", options.quick() ? "quick" : "full", options.size(), machine);
        Results results = new Results();
        Map<String, String> skipped = new HashMap<>();
        Map<Figure.Spec, Integer> sizes = new HashMap<>();
        try (Scratch scratch = Scratch.create(options.keep())) {
            Launcher launcher = new Launcher(options.root());
            warmUp(launcher, scratch);
            List<Part> parts = List.of(new FilesPart(options, scratch, launcher), new ScalePart(options, scratch,
                    launcher), new EtcdPart(options, scratch, launcher), new PostgresPart(options, scratch, launcher));
            for (Part part : parts) {
                part.figures().forEach(spec -> sizes.put(spec, sizeOf(part, options)));
                String skip = skip(part, options);
                if (skip != null) {
                    part.figures().forEach(spec -> skipped.put(spec.name(), skip));
                    continue;
                }
                run(part, results, options, scratch);
            }
        }
        List<Figure> figures = results.all(spec -> spec.unmeasured(sizes.getOrDefault(spec, options.size()), null,
                skipped.getOrDefault(spec.name(), "not measured")));
        if (options.json()) {
            System.out.println(Report.json(figures));
        } else if (options.markdown()) {
            System.out.print(Report.markdown(figures));
        } else {
            System.out.println((options.quick() ? "Quick run" : "Full run") + " on " + machine + " at start, "
                    + Machine.load() + " at the end");
            System.out.println();
            System.out.print(Report.table(figures));
        }
        Progress.say("done; load average now %s", Machine.load());
    }

    /**
     * Runs {@code plumbline --help} until the launcher neither builds its jar nor writes its class data
     * archive, so that no timed command does; fails if it keeps building (a source newer than a jar that
     * Maven does not rewrite).
     */
    private static void warmUp(Launcher launcher, Scratch scratch) {
        Progress.say("warming up the launcher (builds the jar if stale, writes its class data archive)");
        for (int attempt = 1; attempt <= 3; attempt++) {
            Timed warmup = launcher.run(scratch.dir().resolve("warmup-" + attempt + ".log"), Map.of(), "--help");
            if (warmup.exit() != 0) {
                throw new IllegalStateException("plumbline --help exited " + warmup.exit() + ":\n" + warmup.output());
            }
            if (!warmup.output().contains("building the jar")) {
                // the recording runs in the background after a build (about 10 s of one core): no timed
                // command should share the machine with it, nor start before the archive it writes is there
                Progress.say("waiting for the launcher's class data archive to be written");
                Awaitility.await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(250))
                        .until(() -> !Files.exists(launcher.archiveRecording()));
                return;
            }
        }
        throw new IllegalStateException("./plumbline rebuilds its jar at every command: a source or pom.xml is"
                + " newer than agent/app/target/plumbline.jar, which Maven did not rewrite; bench/run builds with"
                + " -Dmaven.jar.forceCreation=true to avoid this");
    }

    private static void run(Part part, Results results, Options options, Scratch scratch) {
        Progress.say("part %s", part.name());
        try {
            part.run(results);
        } catch (Exception | Error e) {
            Progress.say("part %s failed: %s (%s)", part.name(), firstLine(e), trace(scratch, part, e));
            String why = "the " + part.name() + " part failed: " + firstLine(e);
            for (Figure.Spec spec : part.figures()) {
                if (!results.has(spec)) {
                    results.put(spec.unmeasured(sizeOf(part, options), null, why));
                }
            }
        }
    }

    /** Writes {@code failure}'s stack trace into the scratch directory; says where, for the progress line. */
    private static String trace(Scratch scratch, Part part, Throwable failure) {
        Path file = scratch.dir().resolve(part.name() + "-failure.txt");
        StringWriter text = new StringWriter();
        failure.printStackTrace(new PrintWriter(text));
        try {
            Files.writeString(file, text.toString(), StandardCharsets.UTF_8);
            return "its trace is in " + file + ", kept with --keep";
        } catch (IOException e) {
            return "its trace could not be written to " + file + ": " + e.getMessage();
        }
    }

    private static String skip(Part part, Options options) {
        if (!options.runs(part.name())) {
            return "not run: --only left the " + part.name() + " part out";
        }
        if (part instanceof ScalePart && options.quick() && !options.named(part.name())) {
            return "measured by the full run only (bench/run without --quick)";
        }
        return null;
    }

    private static int sizeOf(Part part, Options options) {
        return switch (part.name()) {
            case "scale" -> options.largeSize();
            case "postgres" -> options.roles();
            default -> options.size();
        };
    }

    private static String firstLine(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.strip().lines().findFirst().orElse(message);
    }
}
