package dev.plumbline.it.crash.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What is on disk under a files provider's root, read in one walk (safe while a process writes there: a
 * file renamed or removed under the walk is left out): the managed files with their content and the
 * directories that hold them (the provider's bookkeeping under {@code .plumbline/} aside), the ledger
 * records of one stack by the managed path they record, and the provider's temporary files anywhere under
 * the root, the ledger included ({@code .<name>.plumbline-tmp-<hex>}, see {@code AtomicFile}).
 */
record LiveTree(Map<String, String> files, Set<String> directories, Map<String, String> records,
                List<String> tempFiles) {

    /** The part of a temporary file's name that marks it as the files provider's ({@code AtomicFile.TEMP_MARKER}). */
    static final String TEMP_MARKER = ".plumbline-tmp-";

    private static final String BOOKKEEPING = ".plumbline";
    private static final String RECORD_SUFFIX = ".yaml";

    static LiveTree read(Path root, String stack) {
        Map<String, String> files = new TreeMap<>();
        Set<String> directories = new TreeSet<>();
        Map<String, String> records = new TreeMap<>();
        List<String> temps = new ArrayList<>();
        Path ledger = root.resolve(BOOKKEEPING).resolve("stacks").resolve(stack);
        if (!Files.isDirectory(root)) {
            return new LiveTree(files, directories, records, temps);
        }
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
                    String relative = relative(root, dir);
                    if (!relative.isEmpty() && !relative.startsWith(BOOKKEEPING)) {
                        directories.add(relative);
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                    String relative = relative(root, file);
                    if (file.getFileName().toString().contains(TEMP_MARKER)) {
                        temps.add(relative);
                    } else if (file.startsWith(ledger) && relative.endsWith(RECORD_SUFFIX)) {
                        String recorded = ledger.relativize(file).toString();
                        content(file).ifPresent(text -> records.put(
                                recorded.substring(0, recorded.length() - RECORD_SUFFIX.length()), text));
                    } else if (!relative.startsWith(BOOKKEEPING + "/")) {
                        content(file).ifPresent(text -> files.put(relative, text));
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE; // renamed or removed under our feet
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new LiveTree(files, directories, records, temps);
    }

    private static String relative(Path root, Path path) {
        return root.relativize(path).toString();
    }

    private static java.util.Optional<String> content(Path file) {
        try {
            return java.util.Optional.of(Files.readString(file, StandardCharsets.UTF_8));
        } catch (NoSuchFileException gone) {
            return java.util.Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
