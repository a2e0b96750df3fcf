package dev.plumbline.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The bench's temporary directory and everything it started (agents, etcd, PostgreSQL): closed in the
 * reverse order of starting when the bench ends, and by a shutdown hook should it be interrupted, so that no
 * process is left running. The directory is deleted unless the bench was asked to keep it.
 */
public final class Scratch implements AutoCloseable {

    private final Path dir;
    private final boolean keep;
    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private final Thread hook = new Thread(this::closeQuietly, "bench cleanup");

    private Scratch(Path dir, boolean keep) {
        this.dir = dir;
        this.keep = keep;
    }

    public static Scratch create(boolean keep) {
        try {
            Scratch scratch = new Scratch(Files.createTempDirectory("plumbline-bench-"), keep);
            Runtime.getRuntime().addShutdownHook(scratch.hook);
            return scratch;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make the bench's temporary directory", e);
        }
    }

    public Path dir() {
        return dir;
    }

    /** A new directory under the scratch directory. */
    public Path directory(String name) {
        try {
            return Files.createDirectories(dir.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Remembers something started, to close it when the bench ends (or earlier, by {@link #stop}). */
    public synchronized <T extends AutoCloseable> T started(T thing) {
        started.push(thing);
        return thing;
    }

    /** Closes something started before the bench ends. */
    public void stop(AutoCloseable thing) {
        synchronized (this) {
            started.remove(thing);
        }
        close(thing);
    }

    @Override
    public void close() {
        closeQuietly();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // shutting down already: the hook is running this
        }
    }

    private void closeQuietly() {
        dev.plumbline.bench.agent.Timed.killRunning();
        while (true) {
            AutoCloseable next;
            synchronized (this) {
                next = started.poll();
            }
            if (next == null) {
                break;
            }
            close(next);
        }
        if (keep) {
            Progress.say("kept %s", dir);
        } else {
            delete(dir);
        }
    }

    private static void close(AutoCloseable thing) {
        try {
            thing.close();
        } catch (Exception e) {
            Progress.say("could not stop %s: %s", thing, e);
        }
    }

    /** Deletes a directory tree; what cannot be deleted is reported, not thrown. */
    public static void delete(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path directory, IOException e) throws IOException {
                    Files.deleteIfExists(directory);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            Progress.say("could not delete all of %s: %s", root, e);
        }
    }
}
