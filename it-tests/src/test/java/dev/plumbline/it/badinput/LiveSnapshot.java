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

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
