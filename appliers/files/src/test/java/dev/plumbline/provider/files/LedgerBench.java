package dev.plumbline.provider.files;

import dev.plumbline.model.Resource;
import dev.plumbline.plan.Plan;
import dev.plumbline.provider.StackDriver;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Measures what the files provider's bookkeeping costs per file as a stack grows: for each size it applies
 * that many new {@code File} resources through {@link StackDriver} (validate, observe, plan, execute), then
 * updates every one of them, then plans once more (all unchanged), and prints the time per file of each
 * step side by side. If bookkeeping is O(1) per write, the per-file columns stay flat as the size grows.
 *
 * <p>Not a test: a plain {@code main}, run from the test classpath (see {@code appliers/bench/files-ledger/run.sh}
 * and docs/files-provider.md). Arguments: the sizes (default {@code 100 500 2000}); {@code --dir DIR} to
 * measure on another file system (default {@code java.io.tmpdir}; either way the bench works in a new
 * directory there and removes it after);
 * {@code --per-directory K} to put K files in each directory (default 100).
 */
public final class LedgerBench {

    private record Row(int files, double applyMs, double updateMs, double noopPlanMs) {
    }

    private LedgerBench() {
    }

    public static void main(String[] args) throws IOException {
        List<Integer> sizes = new ArrayList<>();
        Path base = null;
        int perDirectory = 100;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--dir" -> base = Path.of(args[++i]);
                case "--per-directory" -> perDirectory = Integer.parseInt(args[++i]);
                default -> sizes.add(Integer.parseInt(args[i]));
            }
        }
        if (sizes.isEmpty()) {
            sizes = List.of(100, 500, 2000);
        }
        Path dir = base == null ? Files.createTempDirectory("ledger-bench")
                : Files.createTempDirectory(Files.createDirectories(base), "ledger-bench");
        try {
            run(dir.resolve("warm-up"), 200, perDirectory);
            List<Row> rows = new ArrayList<>();
            for (int size : sizes) {
                rows.add(run(dir.resolve("n" + size), size, perDirectory));
            }
            print(dir, perDirectory, rows);
        } finally {
            delete(dir);
        }
    }

    private static Row run(Path root, int size, int perDirectory) {
        StackDriver stack = new StackDriver(new FilesProvider("local", root), "bench");
        List<Resource> first = FileManifests.many(size, perDirectory, "one");
        List<Resource> second = FileManifests.many(size, perDirectory, "two");

        long start = System.nanoTime();
        stack.reconcile("rev1", first, true);
        long applied = System.nanoTime();
        stack.reconcile("rev2", second, true);
        long updated = System.nanoTime();
        Plan plan = stack.plan(second, true);
        long planned = System.nanoTime();

        if (plan.hasChanges()) {
            throw new IllegalStateException("the plan after applying " + size + " files is not empty");
        }
        return new Row(size, millis(applied - start) / size, millis(updated - applied) / size,
                millis(planned - updated));
    }

    private static void print(Path dir, int perDirectory, List<Row> rows) {
        System.out.printf(Locale.ROOT, "files provider, one stack, %d files per directory, under %s%n",
                perDirectory, dir);
        System.out.printf(Locale.ROOT, "%-28s", "files in the stack");
        rows.forEach(row -> System.out.printf(Locale.ROOT, "%12d", row.files()));
        System.out.printf(Locale.ROOT, "%n%-28s", "create, ms per file");
        rows.forEach(row -> System.out.printf(Locale.ROOT, "%12.3f", row.applyMs()));
        System.out.printf(Locale.ROOT, "%n%-28s", "update, ms per file");
        rows.forEach(row -> System.out.printf(Locale.ROOT, "%12.3f", row.updateMs()));
        System.out.printf(Locale.ROOT, "%n%-28s", "unchanged plan, ms in all");
        rows.forEach(row -> System.out.printf(Locale.ROOT, "%12.1f", row.noopPlanMs()));
        System.out.printf(Locale.ROOT, "%n");
    }

    private static double millis(long nanos) {
        return nanos / 1_000_000.0;
    }

    private static void delete(Path dir) throws IOException {
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path directory, IOException e) throws IOException {
                Files.delete(directory);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
