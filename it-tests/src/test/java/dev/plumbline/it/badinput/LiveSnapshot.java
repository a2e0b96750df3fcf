package dev.plumbline.it.badinput;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Everything under a files provider's root, its ledgers included, as one comparable value: for each path
 * (relative, links not followed) what it is, and for a file its permissions, modification time and the
 * SHA-256 of its bytes. Two equal snapshots mean nothing was written, removed or touched. Directories are
 * listed without times, since writing a file beside them changes those.
 */
record LiveSnapshot(Map<String, String> entries) {

    static LiveSnapshot of(Path root) {
        Map<String, String> entries = new TreeMap<>();
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return new LiveSnapshot(entries);
        }
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
                    entries.put(root.relativize(dir) + "/", "directory");
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                    String relative = root.relativize(file).toString();
                    if (attributes.isSymbolicLink()) {
                        entries.put(relative, "link to " + Files.readSymbolicLink(file));
                    } else if (attributes.isRegularFile()) {
                        entries.put(relative, "file " + PosixFilePermissions.toString(
                                Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS))
                                + " " + attributes.lastModifiedTime().toMillis() + " " + sha256(Files.readAllBytes(file)));
                    } else {
                        entries.put(relative, "other");
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new LiveSnapshot(entries);
    }

    /** This snapshot without the given paths (what a stack was meant to change). */
    LiveSnapshot without(Set<String> paths) {
        Map<String, String> kept = new TreeMap<>(entries);
        kept.keySet().removeAll(paths);
        return new LiveSnapshot(kept);
    }

    /** The regular files only, by path, as permissions and SHA-256 (no times): what a fresh apply reproduces. */
    Map<String, String> contents() {
        Map<String, String> kept = new TreeMap<>();
        entries.forEach((path, what) -> {
            if (what.startsWith("file ")) {
                String[] parts = what.split(" ");
                kept.put(path, parts[1] + " " + parts[3]);
            }
        });
        return kept;
    }

    /**
     * What a fresh apply of the same revision must reproduce for one stack: its files (those under
     * {@code prefix}) by permissions and content, and its ledger records without the lines that say when and
     * from which commit each was written.
     */
    Map<String, String> stackState(Path root, String stack, String prefix) {
        Map<String, String> state = new TreeMap<>();
        contents().forEach((path, what) -> {
            if (path.startsWith(prefix)) {
                state.put(path, what);
            }
        });
        String ledger = ".plumbline/stacks/" + stack + "/";
        for (String path : entries.keySet()) {
            if (path.startsWith(ledger) && entries.get(path).startsWith("file ")) {
                try {
                    state.put(path, Files.readString(root.resolve(path)).lines()
                            .filter(line -> !line.startsWith("revision:") && !line.startsWith("appliedAt:"))
                            .collect(java.util.stream.Collectors.joining("\n")));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        return state;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
