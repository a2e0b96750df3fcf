package dev.plumbline.render;

import java.util.Objects;

/**
 * One manifest file of a snapshot: its repository path (how errors name it), the Git blob id of its
 * content (a free content hash that keys the render cache), and its bytes.
 */
public record ManifestFile(String path, String blobId, byte[] content) {

    /**
     * The largest manifest file rendered: 4 MiB. A larger one is a problem naming it, without being parsed;
     * the tree lists each file's size ({@link dev.plumbline.snapshot.TreeFile#size}), so a reader can leave
     * its bytes unread.
     */
    public static final long MAX_BYTES = 4L * 1024 * 1024;

    public ManifestFile {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(blobId, "blobId");
        Objects.requireNonNull(content, "content");
    }

    /** Whether a file of {@code size} bytes is larger than a manifest may be. */
    public static boolean tooLarge(long size) {
        return size > MAX_BYTES;
    }

    /** Whether a repository path names a manifest: a {@code .yaml} or {@code .yml} file. */
    public static boolean isManifest(String path) {
        return path.endsWith(".yaml") || path.endsWith(".yml");
    }
}
