package dev.plumbline.bench.raw;

import dev.plumbline.bench.agent.Timed;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A baseline in a fresh JVM: {@code java -cp CP MAIN ARGS} with the java on the PATH (the one the launcher
 * runs), default options, and the smallest class path the main needs: the bench's own jar, plus JGit and
 * what JGit needs for the raw read. Timed from start to exit, JVM start included.
 */
public final class RawJvm {

    /** What a main needs on its class path beside the bench's classes. */
    public enum Needs {
        NOTHING(List.of()),
        JGIT(List.of("org.eclipse.jgit-", "JavaEWAH-", "commons-codec-", "slf4j-api-"));

        private final List<String> jarPrefixes;

        Needs(List<String> jarPrefixes) {
            this.jarPrefixes = jarPrefixes;
        }
    }

    private RawJvm() {
    }

    /** Runs {@code main} with {@code args}, its output to {@code log}; fails unless it exits 0. */
    public static Timed run(Class<?> main, Needs needs, Path log, String... args) {
        List<String> command = new ArrayList<>(List.of("java", "-cp", classPath(needs), main.getName()));
        command.addAll(List.of(args));
        Timed timed = Timed.run(command, Map.of(), log);
        if (timed.exit() != 0) {
            throw new IllegalStateException(main.getSimpleName() + " exited " + timed.exit() + "; see " + log);
        }
        return timed;
    }

    static String classPath(Needs needs) {
        String[] entries = System.getProperty("java.class.path").split(File.pathSeparator);
        List<String> chosen = new ArrayList<>();
        Stream.of(entries).filter(e -> e.endsWith("plumbline-bench.jar") || e.endsWith("classes"))
                .findFirst().ifPresent(chosen::add);
        for (String entry : entries) {
            String name = Path.of(entry).getFileName().toString();
            if (needs.jarPrefixes.stream().anyMatch(name::startsWith)) {
                chosen.add(entry);
            }
        }
        if (chosen.isEmpty()) {
            throw new IllegalStateException("the bench's own classes are not on the class path");
        }
        return String.join(File.pathSeparator, chosen);
    }
}
