package dev.plumbline.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * How the bench runs: {@code --quick} (the figures at 10,000 resources, few rounds) or the full run (also
 * 100,000, more rounds); {@code --json} (only the JSON object on stdout; {@code --markdown}: the table as Markdown, for
 * docs/benchmarks.md); {@code --size N} (N instead of
 * 10,000, and 10 N instead of 100,000, for trying the bench out); {@code --only PART,...} (some parts:
 * {@code cli}, {@code files}, {@code scale}, {@code etcd}, {@code postgres}); {@code --keep} (leave the
 * scratch directory, for a look at what was measured). {@code root} is the checkout whose
 * {@code ./plumbline} is measured.
 */
public record Options(boolean quick, boolean json, boolean markdown, int size, Set<String> parts, boolean named,
                      boolean keep, Path root) {

    public static final List<String> PARTS = List.of("files", "scale", "etcd", "postgres");
    public static final int DEFAULT_SIZE = 10_000;

    public Options {
        parts = Set.copyOf(parts);
        if (size < 10) {
            throw new IllegalArgumentException("--size must be at least 10");
        }
    }

    public static Options parse(String[] args) {
        boolean quick = false;
        boolean json = false;
        boolean markdown = false;
        boolean named = false;
        boolean keep = false;
        int size = DEFAULT_SIZE;
        Set<String> parts = new LinkedHashSet<>(PARTS);
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> quick = true;
                case "--json" -> json = true;
                case "--markdown" -> markdown = true;
                case "--keep" -> keep = true;
                case "--size" -> size = Integer.parseInt(value(args, ++i, "--size"));
                case "--only" -> {
                    parts = new LinkedHashSet<>(List.of(value(args, ++i, "--only").split(",")));
                    named = true;
                    if (!PARTS.containsAll(parts)) {
                        throw new IllegalArgumentException("--only takes some of " + String.join(",", PARTS));
                    }
                }
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + "; bench/run [--quick] [--json|--markdown] [--size N] [--only PART,...] [--keep]");
            }
        }
        Path root = Path.of(System.getProperty("plumbline.root", ".")).toAbsolutePath().normalize();
        if (!Files.isExecutable(root.resolve("plumbline"))) {
            throw new IllegalArgumentException(root + " has no ./plumbline launcher; run the bench through bench/run");
        }
        return new Options(quick, json, markdown, size, parts, named, keep, root);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    public boolean runs(String part) {
        return parts.contains(part);
    }

    /** Whether {@code --only} named the part (a quick run then runs the 100,000 part too). */
    public boolean named(String part) {
        return named && parts.contains(part);
    }

    /** How many rounds: few in a quick run, more in the full one. */
    public int rounds(int quickRounds, int fullRounds) {
        return quick ? quickRounds : fullRounds;
    }

    /** The large size: 100,000 unless {@code --size} scaled it. */
    public int largeSize() {
        return size * 10;
    }

    /** How many PostgreSQL roles: 1,000 at the default size. */
    public int roles() {
        return Math.max(10, size / 10);
    }
}
