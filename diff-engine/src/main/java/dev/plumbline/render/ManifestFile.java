package dev.plumbline.render;

import dev.plumbline.snapshot.TreeFile;
import dev.plumbline.snapshot.TreeReader;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * One manifest file of a snapshot: its repository path (how errors name it), the Git blob id of its
 * content (a free content hash that keys the render cache), its size, and its bytes, read only when asked
 * for (a file the renderer has seen before is not read at all): all of them, or none for a file larger than
 * {@link #MAX_BYTES}, which {@link #read} leaves unread and the renderer reports.
 */
public final class ManifestFile {

    /** The largest manifest file rendered: 4 MiB. A larger one is a problem naming it, without being parsed. */
    public static final long MAX_BYTES = 4L * 1024 * 1024;

    private final String path;
    private final String blobId;
    private final long size;
    private final Supplier<byte[]> reader;

    private ManifestFile(String path, String blobId, long size, Supplier<byte[]> reader) {
        this.path = Objects.requireNonNull(path, "path");
        this.blobId = Objects.requireNonNull(blobId, "blobId");
        this.size = size;
        this.reader = reader;
    }

    /** A file whose bytes are all at hand. */
    public ManifestFile(String path, String blobId, byte[] content) {
        this(path, blobId, content.length, () -> content);
    }

    /** The manifest file {@code file} of {@code tree}, read from it when its content is asked for. */
    public static ManifestFile read(TreeReader tree, TreeFile file) {
        return new ManifestFile(file.path(), file.blobId(), file.size(), () -> tooLarge(file.size()) ? new byte[0]
                : tree.read(file));
    }

    public String path() {
        return path;
    }

    public String blobId() {
        return blobId;
    }

    public long size() {
        return size;
    }

    /** The bytes: read now from the tree (each call reads again); none for a file too large to render. */
    public byte[] content() {
        byte[] content = Objects.requireNonNull(reader.get(), "content");
        if (content.length != size && !(content.length == 0 && tooLarge(size))) {
            throw new IllegalStateException("file " + path + " has " + content.length + " bytes, not " + size);
        }
        return content;
    }

    /** Whether a file of {@code size} bytes is larger than a manifest may be. */
    public static boolean tooLarge(long size) {
        return size > MAX_BYTES;
    }

    /** Whether a repository path names a manifest: a {@code .yaml} or {@code .yml} file. */
    public static boolean isManifest(String path) {
        return path.endsWith(".yaml") || path.endsWith(".yml");
    }

    @Override
    public String toString() {
        return path + " (" + blobId + ", " + size + " bytes)";
    }
}
