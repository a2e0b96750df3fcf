package dev.plumbline.provider.files;

import dev.plumbline.model.Resource;
import dev.plumbline.model.ResourceKey;
import dev.plumbline.provider.StackDriver;
import dev.plumbline.provider.StackScope;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A throwaway measurement, not a test: in one JVM, the initial apply of N small Files through the provider
 * against a raw loop writing the same files atomically (temporary file, fsync, rename, one fsync per directory),
 * a no-op observe against reading every live file, and the heap the provider's caches keep per resource
 * (heap after a full GC with the provider alive, less the heap once it is dropped). Run from the test classpath:
 * {@code java -cp ... dev.plumbline.provider.files.FilesPerf 10000 [--dir DIR] [--rounds R] [--histo]}.
 */
public final class FilesPerf {

    private FilesPerf() {
    }

    public static void main(String[] args) throws Exception {
        int count = 10_000;
        Path base = Path.of(System.getProperty("java.io.tmpdir"));
        int rounds = 5;
        boolean histo = false;
        Path keep = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--keep" -> keep = Path.of(args[++i]);
                case "--dir" -> base = Path.of(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--histo" -> histo = true;
                default -> count = Integer.parseInt(args[i]);
            }
        }
        List<Resource> desired = many(count);
        if (keep != null && Files.isDirectory(keep.resolve("root"))) {
            observe(keep, desired, rounds, histo); // applied by an earlier run with --keep: observe only
            return;
        }
        Path dir = keep != null ? Files.createDirectories(keep)
                : Files.createTempDirectory(Files.createDirectories(base), "files-perf");
        try {
            run(dir, desired, rounds, histo);
        } finally {
            if (keep == null) {
                delete(dir);
            }
        }
    }

    private static void run(Path dir, List<Resource> desired, int rounds, boolean histo) throws Exception {
        int count = desired.size();
        // warm up both paths on a small set
        raw(dir.resolve("warm-raw"), FileManifests.many(300, 100, "warm"));
        new StackDriver(new FilesProvider("local", dir.resolve("warm")), "bench")
                .reconcile("rev0", FileManifests.many(300, 100, "warm"), true);

        long rawStart = System.nanoTime();
        raw(dir.resolve("raw"), desired);
        double rawMs = millis(System.nanoTime() - rawStart);
        long parallelStart = System.nanoTime();
        rawParallel(dir.resolve("raw-parallel"), desired);
        double parallelMs = millis(System.nanoTime() - parallelStart);
        System.out.printf(Locale.ROOT, "%d files: raw atomic loop on 8 threads %.0f ms%n", count, parallelMs);

        FilesProvider provider = new FilesProvider("local", dir.resolve("root"));
        StackDriver stack = new StackDriver(provider, "bench");
        long applyStart = System.nanoTime();
        stack.reconcile("9fceb02d0ae598e95dc970b74767f19372d61af8", desired, true);
        double applyMs = millis(System.nanoTime() - applyStart);
        System.out.printf(Locale.ROOT, "%d files: raw atomic loop %.0f ms, provider apply %.0f ms (%.2fx)%n",
                count, rawMs, applyMs, applyMs / rawMs);
        stack = null;
        observe(dir, desired, rounds, histo);
    }

    /** A fresh provider's first observe of the root under {@code dir}, then warm rounds, then the heap it keeps. */
    private static void observe(Path dir, List<Resource> desired, int rounds, boolean histo) throws Exception {
        int count = desired.size();
        FilesProvider provider;
        // a fresh provider, as after a restart: the first observe parses every record; later ones are warm
        provider = new FilesProvider("local", dir.resolve("root"));
        List<Resource> normalised = desired.stream().map(provider::normalize).toList();
        Set<ResourceKey> inventory = new LinkedHashSet<>();
        desired.forEach(resource -> inventory.add(resource.key()));
        StackScope scope = new StackScope("bench");
        long coldStart = System.nanoTime();
        provider.observe(scope, normalised, inventory);
        double coldMs = millis(System.nanoTime() - coldStart);
        List<Double> observeMs = new ArrayList<>();
        List<Double> rawReadMs = new ArrayList<>();
        List<Double> validateMs = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            long start = System.nanoTime();
            provider.validate(desired);
            List<Resource> again = desired.stream().map(provider::normalize).toList();
            validateMs.add(millis(System.nanoTime() - start));
            start = System.nanoTime();
            int live = provider.observe(scope, again, inventory).size();
            observeMs.add(millis(System.nanoTime() - start));
            if (live != count) {
                throw new IllegalStateException("observed " + live + " of " + count);
            }
            start = System.nanoTime();
            readAll(dir.resolve("root"), desired.size());
            rawReadMs.add(millis(System.nanoTime() - start));
        }
        double observe = mean(observeMs);
        double rawRead = mean(rawReadMs);
        System.out.printf(Locale.ROOT, "no-op observe: cold %.0f ms, warm mean %.0f ms; validate+normalise %.0f ms;"
                + " raw read of every live file %.0f ms (observe %.2fx, with validate %.2fx)%n", coldMs, observe,
                mean(validateMs), rawRead, observe / rawRead, (observe + mean(validateMs)) / rawRead);

        long with = usedAfterGc();
        Map<String, long[]> histoWith = histo ? histogram() : Map.of();
        provider = null;
        long without = usedAfterGc();
        if (histo) {
            Map<String, long[]> histoWithout = histogram();
            System.out.println("retained by the provider, by class (instances, bytes per resource):");
            histoWith.entrySet().stream()
                    .map(e -> Map.entry(e.getKey(), new long[] {e.getValue()[0] - histoWithout.getOrDefault(e.getKey(),
                            new long[2])[0], e.getValue()[1] - histoWithout.getOrDefault(e.getKey(), new long[2])[1]}))
                    .filter(e -> e.getValue()[1] > count)
                    .sorted((a, b) -> Long.compare(b.getValue()[1], a.getValue()[1]))
                    .forEach(e -> System.out.printf(Locale.ROOT, "  %-60s %8d %8.1f%n", e.getKey(), e.getValue()[0],
                            e.getValue()[1] / (double) count));
        }
        System.out.printf(Locale.ROOT, "provider caches: %.1f MiB retained, %.0f bytes per resource%n",
                (with - without) / 1048576.0, (with - without) / (double) count);
        if (inventory.isEmpty() || desired.isEmpty() || normalised.isEmpty()) {
            throw new IllegalStateException(); // keeps both alive until here
        }
    }

    /** {@code count} Files as {@link FileManifests#many} makes them, parsed 10,000 documents (a file's most) at a time. */
    private static List<Resource> many(int count) {
        List<Resource> all = new ArrayList<>(count);
        for (int from = 0; from < count; from += 10_000) {
            StringBuilder yaml = new StringBuilder();
            for (int i = from; i < Math.min(count, from + 10_000); i++) {
                yaml.append("""
                        ---
                        apiVersion: files.plumbline.dev/v1
                        kind: File
                        metadata: { name: file-%1$d }
                        spec: { path: "conf/d%2$d/file-%1$d.conf", content: "one %1$d\\n" }
                        """.formatted(i, i / 100));
            }
            all.addAll(dev.plumbline.provider.Manifests.parse(FileManifests.PROVIDER, "many-" + from + ".yaml",
                    yaml.toString()));
        }
        return all;
    }

    /** The same files, written as an atomic-write loop would: temp, write, fsync, rename; each directory fsynced once. */
    private static void raw(Path root, List<Resource> desired) throws IOException {
        Set<Path> directories = new LinkedHashSet<>();
        for (Resource resource : desired) {
            String path = (String) resource.spec().get("path");
            byte[] bytes = ((String) resource.spec().get("content")).getBytes(StandardCharsets.UTF_8);
            Path target = root.resolve(path);
            Path directory = target.getParent();
            if (directories.add(directory)) {
                Files.createDirectories(directory);
            }
            Path temp = directory.resolve("." + target.getFileName() + ".tmp");
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                channel.write(ByteBuffer.wrap(bytes));
                channel.force(true);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        }
        for (Path directory : directories) {
            try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
                channel.force(true);
            }
        }
    }

    /** As {@link #raw}, the files split among 8 threads (the fsyncs then reach the disk together). */
    private static void rawParallel(Path root, List<Resource> desired) throws Exception {
        int threads = 8;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        try {
            List<java.util.concurrent.Future<?>> parts = new ArrayList<>();
            int size = (desired.size() + threads - 1) / threads;
            for (int from = 0; from < desired.size(); from += size) {
                List<Resource> part = desired.subList(from, Math.min(desired.size(), from + size));
                parts.add(pool.submit(() -> {
                    raw(root, part);
                    return null;
                }));
            }
            for (java.util.concurrent.Future<?> part : parts) {
                part.get();
            }
        } finally {
            pool.shutdown();
        }
    }

    /** Reads every regular file under {@code root} outside the ledgers. */
    private static void readAll(Path root, int expected) throws IOException {
        int[] read = {0};
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path directory, BasicFileAttributes attributes) {
                return directory.getFileName().toString().equals(".plumbline") ? FileVisitResult.SKIP_SUBTREE
                        : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                Files.readAllBytes(file);
                read[0]++;
                return FileVisitResult.CONTINUE;
            }
        });
        if (read[0] != expected) {
            throw new IllegalStateException("read " + read[0] + " files, expected " + expected);
        }
    }

    private static long usedAfterGc() throws InterruptedException {
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** A live-heap histogram of this process: instances and bytes by class. */
    private static Map<String, long[]> histogram() throws IOException {
        long pid = ProcessHandle.current().pid();
        Process jmap = new ProcessBuilder("jmap", "-histo:live", Long.toString(pid)).redirectErrorStream(true).start();
        Map<String, long[]> byClass = new java.util.HashMap<>();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(jmap.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                String[] parts = line.trim().split("\\s+");
                if (parts.length >= 4 && parts[0].endsWith(":")) {
                    byClass.put(parts[3], new long[] {Long.parseLong(parts[1]), Long.parseLong(parts[2])});
                }
            }
        }
        return byClass;
    }

    private static double mean(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).average().orElse(0);
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
