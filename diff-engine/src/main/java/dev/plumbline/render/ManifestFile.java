package dev.plumbline.render;

import java.util.Objects;

/**
 * One manifest file of a snapshot: its repository path (how errors name it), the Git blob id of its
 * content (a free content hash that keys the render cache), and its bytes.
 */
public record ManifestFile(String path, String blobId, byte[] content) {

    public ManifestFile {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(blobId, "blobId");
        Objects.requireNonNull(content, "content");
    }

    /** Whether a repository path names a manifest: a {@code .yaml} or {@code .yml} file. */
    public static boolean isManifest(String path) {
        return path.endsWith(".yaml") || path.endsWith(".yml");
    }
}
