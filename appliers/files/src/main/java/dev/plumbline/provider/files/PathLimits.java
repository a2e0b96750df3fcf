package dev.plumbline.provider.files;

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

    /** As long as the random part of a temporary file's name, which is all that counts here. */
    private static final String SOME_HEX = "0".repeat(AtomicFile.RANDOM_HEX);

    /** One path the provider writes for a file, what it is (for messages), and whether the stack's name is in it. */
    private record Written(String what, RelativePath path, boolean namesStack) {
    }

    private PathLimits() {
    }

    /** How many bytes {@code text} takes in UTF-8, as {@code getBytes(UTF_8).length} counts them, without copying. */
    static int bytes(String text) {
        int bytes = 0;
        for (int index = 0; index < text.length(); index++) {
            char c = text.charAt(index);
            if (c < 0x80) {
                bytes++;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && index + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(index + 1))) {
                bytes += 4;
                index++;
            } else if (Character.isSurrogate(c)) {
                bytes++; // a lone surrogate is encoded as '?'
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    /**
     * Why the provider could not write {@code path} under {@code root}: some path it writes for the file
     * (the file, its temporary file, its ledger record or the record's temporary file) is longer than
     * {@value #PATH_MAX} bytes, or has a name longer than {@value #NAME_MAX}; empty when all fit.
     */
    static Optional<String> underRoot(Path root, RelativePath path) {
        String rootText = root.toString();
        int rootBytes = bytes(rootText) + (rootText.endsWith("/") ? 0 : 1); // and the '/' before the path
        return fits(rootBytes, path) ? Optional.empty() : explain(root, path);
    }

    /** As {@link #underRoot}, by building every path the provider writes for {@code path}: the message's source. */
    static Optional<String> explain(Path root, RelativePath path) {
        String rootText = root.toString();
        int rootBytes = bytes(rootText) + (rootText.endsWith("/") ? 0 : 1);
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
            int bytes = rootBytes + bytes(written.path().toString());
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

    /**
     * Whether every path {@link #written} names fits, counted without building them: the usual answer, found
     * cheaply, since a stack may validate 100,000 paths at every drift check. Where this says no, the paths are
     * built and the message says which one and by how much.
     */
    private static boolean fits(int rootBytes, RelativePath path) {
        String place = RecordLayout.place(path);
        int slash = place.lastIndexOf('/');
        String recordDirectories = place.substring(0, slash + 1);
        int start = 0;
        for (int end = recordDirectories.indexOf('/'); end >= 0; end = recordDirectories.indexOf('/', start)) {
            if (bytes(recordDirectories.substring(start, end)) > NAME_MAX) {
                return false; // a directory that gets a '_' in the ledger
            }
            start = end + 1;
        }
        String text = path.toString();
        int directories = bytes(text) - bytes(path.fileName());
        int ledger = bytes(RecordLayout.STACKS.toString()) + 1 + LONGEST_STACK + 1;
        int longest = Math.max(
                Math.max(bytes(text), directories + bytes(AtomicFile.tempName(path.fileName(), SOME_HEX))),
                Math.max(ledger + bytes(place), ledger + bytes(recordDirectories)
                        + bytes(AtomicFile.tempName(place.substring(slash + 1), SOME_HEX))));
        return rootBytes + longest <= PATH_MAX;
    }

    private static List<Written> written(RelativePath path) {
        RelativePath record = RecordLayout.record("s".repeat(LONGEST_STACK), path);
        return List.of(new Written("the file", path, false),
                new Written("its temporary file", beside(path, AtomicFile.tempName(path.fileName(), SOME_HEX)), false),
                new Written("its ledger record, .plumbline/stacks/<stack>/<the path>" + RecordLayout.SUFFIX, record,
                        true),
                new Written("the ledger record's temporary file", beside(record,
                        AtomicFile.tempName(record.fileName(), SOME_HEX)), true));
    }

    /** {@code path} with its file name replaced by {@code name}. */
    private static RelativePath beside(RelativePath path, String name) {
        List<String> segments = new ArrayList<>(path.directories());
        segments.add(name);
        return new RelativePath(segments);
    }
}
