package dev.plumbline.provider.files;

import dev.plumbline.problem.Reasons;
import dev.plumbline.problem.TransientException;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * A write the file system refused for want of space: {@code ENOSPC} ("No space left on device") or
 * {@code EDQUOT} ("Disk quota exceeded"), which Java reports as a plain {@link IOException} from a write or
 * as a {@link FileSystemException} with that reason. It fails as {@code DiskFull}, retried with backoff, in
 * a sentence naming the file and how much room its file system has left; nothing part-written stays behind
 * ({@link AtomicFile} removes its temporary file).
 */
final class DiskFull {

    private static final String NO_SPACE = "no space left on device";
    private static final String QUOTA = "disk quota exceeded";

    private DiskFull() {
    }

    /** Whether {@code e}, or an exception it was caused by, says there is no room left. */
    static boolean is(IOException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            String words = words(cause).toLowerCase(Locale.ROOT);
            if (words.contains(NO_SPACE) || words.contains(QUOTA)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The failure of {@code doing} ("write") {@code path} for want of space on the file system of
     * {@code root}: "cannot write /srv/www/big.txt: no space left on device (/srv/www has 0 bytes free); free
     * some space there, and the next try writes it". It names the file the change is for, whichever of the
     * files that go with it (a temporary file, its ownership record, a directory) found the disk full.
     */
    static TransientException failure(String doing, IOException e, Path path, Path root) {
        boolean quota = words(e).toLowerCase(Locale.ROOT).contains(QUOTA);
        String why = quota ? QUOTA + " for the user running Plumbline" : NO_SPACE;
        String room = usable(root).map(bytes -> " (" + root + " has " + size(bytes) + " free)").orElse("");
        return new TransientException(Reasons.DISK_FULL, "cannot " + doing + " " + path + ": " + why
                + room + "; free some space there" + (quota ? " or raise the quota" : "")
                + ", and the next try writes it", e);
    }

    private static String words(Throwable e) {
        if (e instanceof FileSystemException failure && failure.getReason() != null) {
            return failure.getReason();
        }
        return String.valueOf(e.getMessage());
    }

    private static Optional<Long> usable(Path root) {
        try {
            return Optional.of(Files.getFileStore(root).getUsableSpace());
        } catch (IOException | SecurityException e) {
            return Optional.empty(); // the sentence does without it
        }
    }

    /** {@code 0 bytes}, {@code 812 KiB}, {@code 3.2 GiB}. */
    static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + (bytes == 1 ? " byte" : " bytes");
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return (value < 10 ? String.format(Locale.ROOT, "%.1f", value) : String.valueOf(Math.round(value))) + " "
                + units[unit];
    }
}
