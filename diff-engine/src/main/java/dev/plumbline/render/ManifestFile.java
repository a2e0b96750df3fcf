package dev.plumbline.render;

import dev.plumbline.snapshot.TreeFile;
import dev.plumbline.snapshot.TreeReader;
import java.util.Objects;

/**
 * One manifest file of a snapshot: its repository path (how errors name it), the Git blob id of its
 * content (a free content hash that keys the render cache), its size, and its bytes: all of them, or none
 * for a file larger than {@link #MAX_BYTES}, which {@link #read} leaves unread and the renderer reports.
 */
public record ManifestFile(String path, String blobId, long size, byte[] content) {

    /** The largest manifest file rendered: 4 MiB. A larger one is a problem naming it, without being parsed. */
    public static final long MAX_BYTES = 4L * 1024 * 1024;

    public ManifestFile {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(blobId, "blobId");
        Objects.requireNonNull(content, "content");
        if (content.length != size && !(content.length == 0 && tooLarge(size))) {
            throw new IllegalArgumentException("file " + path + " has " + content.length + " bytes, not " + size);
        }
    }

    /** A file whose bytes are all at hand. */
    public ManifestFile(String path, String blobId, byte[] content) {
        this(path, blobId, content.length, content);
    }

    /** The manifest file {@code file} of {@code tree}; a file too large to render is left unread. */
    public static ManifestFile read(TreeReader tree, TreeFile file) {
        if (tooLarge(file.size())) {
            return new ManifestFile(file.path(), file.blobId(), file.size(), new byte[0]);
        }
        return new ManifestFile(file.path(), file.blobId(), tree.read(file));
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
