package dev.plumbline.it.badinput;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A stack's directory in the work tree of the test repository: what a case writes its files into, as text,
 * as raw bytes, or as a symbolic link (which JGit commits as a link, mode 120000). Paths are relative to the
 * stack's directory; {@link #repoPath} gives the path an error message names.
 */
record StackDir(Path dir, String repoPrefix) {

    StackDir write(String path, String text) {
        return write(path, text.getBytes(StandardCharsets.UTF_8));
    }

    StackDir write(String path, byte[] bytes) {
        Path file = dir.resolve(path);
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** A symbolic link at {@code path} whose target is {@code target}, as written (it need not exist). */
    StackDir link(String path, String target) {
        Path file = dir.resolve(path);
        try {
            Files.createDirectories(file.getParent());
            Files.createSymbolicLink(file, Path.of(target));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** The repository path of a file of this stack, as messages name it. */
    String repoPath(String path) {
        return repoPrefix + "/" + path;
    }
}
