package dev.plumbline.provider.files;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a Linux file system can hold, in UTF-8 bytes as the kernel counts them: a name (one component) of at
 * most {@value #NAME_MAX} bytes, and a whole path, as the provider hands it to the kernel (absolute, under
 * the root), of at most {@value #PATH_MAX} bytes ({@code PATH_MAX} less its NUL). For one file the provider
 * writes more than the file: a temporary file beside it ({@link AtomicFile}), and the stack's ledger record
 * ({@link RecordLayout}) with its own temporary file. {@link #underRoot} checks the longest of them, counting
 * the stack's name at the longest the config allows, so that a path that passes validation can be written by
 * any stack; a path that cannot fails validation rather than every apply.
 */
final class PathLimits {

    /** The most bytes in one name (NAME_MAX). */
    static final int NAME_MAX = 255;
    /** The most bytes in a whole path (PATH_MAX, 4096, less the NUL that ends it). */
    static final int PATH_MAX = 4095;
    /** The longest stack name the agent config accepts (63 characters, all ASCII). */
    static final int LONGEST_STACK = 63;

    /** One path the provider writes for a file, what it is (for messages), and whether the stack's name is in it. */
    private record Written(String what, RelativePath path, boolean namesStack) {
    }

    private PathLimits() {
    }

    static int bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }

    /**
     * Why the provider could not write {@code path} under {@code root}: some path it writes for the file
     * (the file, its temporary file, its ledger record or the record's temporary file) is longer than
     * {@value #PATH_MAX} bytes, or has a name longer than {@value #NAME_MAX}; empty when all fit.
     */
    static Optional<String> underRoot(Path root, RelativePath path) {
        Written longest = null;
        int longestBytes = 0;
        for (Written written : written(path)) {
            for (String name : written.path().segments()) {
                if (bytes(name) > NAME_MAX) {
                    return Optional.of(written.what() + " would need a name of " + bytes(name) + " bytes ('"
                            + RelativePath.shown(name) + "'), more than the " + NAME_MAX + " bytes a name may have"
                            + " (NAME_MAX); shorten the directory name it comes from");
                }
            }
            int bytes = bytes(root.resolve(written.path().toString()).toString());
            if (bytes > longestBytes) {
                longest = written;
                longestBytes = bytes;
            }
        }
        int over = longestBytes - PATH_MAX;
        if (over <= 0) {
            return Optional.empty();
        }
        return Optional.of("under the root " + root + ", the longest path the provider writes for it ("
                + longest.what() + ") comes to " + (longest.namesStack() ? "up to " : "") + longestBytes + " bytes"
                + " in UTF-8, more than the " + PATH_MAX + " bytes a path may have (PATH_MAX); shorten the path by at"
                + " least " + over + (over == 1 ? " byte" : " bytes"));
    }

    private static List<Written> written(RelativePath path) {
        RelativePath record = RecordLayout.record("s".repeat(LONGEST_STACK), path);
        return List.of(new Written("the file", path, false),
                new Written("its temporary file", beside(path, AtomicFile.tempName(path.fileName())), false),
                new Written("its ledger record, .plumbline/stacks/<stack>/<the path>" + RecordLayout.SUFFIX, record,
                        true),
                new Written("the ledger record's temporary file", beside(record,
                        AtomicFile.tempName(record.fileName())), true));
    }

    /** {@code path} with its file name replaced by {@code name}. */
    private static RelativePath beside(RelativePath path, String name) {
        List<String> segments = new ArrayList<>(path.directories());
        segments.add(name);
        return new RelativePath(segments);
    }
}
