package dev.plumbline.snapshot;

import java.util.Objects;

/**
 * One regular file in a commit's tree: its repository-relative path (forward slashes, no leading slash),
 * its blob id and its size in bytes. The blob id is a free content hash: two files with the same blob id
 * have the same bytes, so a file whose blob id did not change need not be read or parsed again.
 */
public record TreeFile(String path, String blobId, long size) {

    public TreeFile {
        Objects.requireNonNull(path, "path");
        if (path.isEmpty() || path.startsWith("/") || path.endsWith("/") || path.contains("\\")) {
            throw new IllegalArgumentException("path must be repository-relative with forward slashes, not '"
                    + path + "'");
        }
        Shas.requireFull(blobId, "blobId");
        if (size < 0) {
            throw new IllegalArgumentException("size must not be negative");
        }
    }

    /** The last part of the path. */
    public String name() {
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
