package dev.plumbline.it.faults;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A small tmpfs mounted on a directory for one test, so that the directory runs out of space for real:
 * filled to the last byte by a filler file, emptied again by removing it, or remounted bigger. Mounting
 * needs root (the tests run as root in CI); a mount that fails fails the test, it never skips it.
 * {@link #close} unmounts (lazily if something still holds a file open there).
 */
final class Tmpfs implements AutoCloseable {

    private static final String FILLER = "filler";
    private static final int CHUNK = 64 * 1024;

    private final Path mountPoint;
    private boolean mounted;

    private Tmpfs(Path mountPoint) {
        this.mountPoint = mountPoint;
    }

    /** Mounts a tmpfs of {@code size} ({@code 1m}, {@code 512k}) on {@code directory}, creating it. */
    static Tmpfs mount(Path directory, String size) {
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Tmpfs tmpfs = new Tmpfs(directory);
        run("mount a tmpfs of " + size + " on " + directory + " (the test needs root, as in CI)",
                "mount", "-t", "tmpfs", "-o", "size=" + size + ",mode=0755", "tmpfs", directory.toString());
        tmpfs.mounted = true;
        tmpfs.requireTmpfs(); // filling anything else would fill a real disk
        return tmpfs;
    }

    /** Gives the file system a new size, keeping what is on it. */
    void resize(String size) {
        run("remount the tmpfs on " + mountPoint + " with size " + size,
                "mount", "-o", "remount,size=" + size, mountPoint.toString());
    }

    /**
     * Writes a filler file until the file system refuses more for want of space (a write that does not fit
     * fills what is left, then fails), so that not one page is free; returns about how many bytes it took.
     */
    long fill() {
        requireTmpfs();
        Path filler = mountPoint.resolve(FILLER);
        long written = 0;
        byte[] chunk = new byte[CHUNK];
        try (OutputStream out = Files.newOutputStream(filler)) {
            while (true) {
                out.write(chunk);
                written += chunk.length;
            }
        } catch (IOException full) {
            if (!String.valueOf(full.getMessage()).contains("No space left on device")) {
                throw new AssertionError("filling " + mountPoint + " failed otherwise than for want of space", full);
            }
        }
        return written;
    }

    private void requireTmpfs() {
        try {
            String type = Files.getFileStore(mountPoint).type();
            if (!type.equals("tmpfs")) {
                throw new AssertionError(mountPoint + " is on " + type + " after mounting a tmpfs on it");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Removes the filler: the space it took is free again. */
    void free() {
        try {
            Files.deleteIfExists(mountPoint.resolve(FILLER));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        if (!mounted) {
            return;
        }
        mounted = false;
        try {
            run("unmount " + mountPoint, "umount", mountPoint.toString());
        } catch (AssertionError busy) {
            run("unmount " + mountPoint + " lazily", "umount", "-l", mountPoint.toString());
        }
    }

    private static void run(String what, String... command) {
        List<String> line = new ArrayList<>(List.of(command));
        try {
            Process process = new ProcessBuilder(line).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("cannot " + what + ": " + String.join(" ", line) + " did not finish in 30 s");
            }
            if (process.exitValue() != 0) {
                throw new AssertionError("cannot " + what + ": " + String.join(" ", line) + " failed (exit "
                        + process.exitValue() + "): " + output);
            }
        } catch (IOException e) {
            throw new AssertionError("cannot " + what + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
