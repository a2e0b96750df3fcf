package dev.plumbline.agent.state;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Flushing to disk what the state files' replacements need durable: a file's bytes before it is renamed
 * into place, and a directory after a rename in it. Never used on {@code state.db} itself while SQLite may
 * have it open in this process: closing any descriptor of a file drops the process's POSIX locks on it.
 */
final class Fsync {

    private Fsync() {
    }

    static void file(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
    }

    /** Makes a rename or a new file in {@code directory} durable (where the platform allows it). */
    static void directory(Path directory) throws IOException {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            if (!System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).startsWith("windows")) {
                throw e;
            }
        }
    }
}
