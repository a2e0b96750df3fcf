package dev.plumbline.provider.files;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Set;

/**
 * Replaces a file so that a reader, or a crash, sees either the old bytes or the new, never a part: write a
 * hidden temporary file beside the target ({@code .<name>.plumbline-tmp-<hex>}), set its mode, fsync it,
 * rename it over the target, fsync the directory. A crash may leave a temporary file behind;
 * {@link #removeLeftovers} clears them the first time the provider writes to (or removes from) that
 * directory after it starts ({@link RootDirectory#sweep}).
 */
final class AtomicFile {

    /** The part of a temporary file's name that marks it as the files provider's. */
    static final String TEMP_MARKER = ".plumbline-tmp-";

    private static final int MAX_NAME_PART = 64;
    /** How many hex digits of randomness a temporary file's name ends with. */
    static final int RANDOM_HEX = 16;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private AtomicFile() {
    }

    /**
     * Writes {@code bytes} to {@code target} with the given permissions. The caller has checked that the
     * directory is a real one under the root and that the target is not a symlink or a directory. Returns
     * the attributes of the file written, read before it was renamed into place (a rename keeps the file's
     * identity, size and modification time), so they describe these bytes even if someone replaces the
     * target right after.
     */
    static BasicFileAttributes write(Path target, byte[] bytes, Set<PosixFilePermission> permissions)
            throws IOException {
        BasicFileAttributes written = replace(target, bytes, permissions);
        syncDirectory(target.getParent());
        return written;
    }

    /**
     * As {@link #write}, without the fsync of the directory: the bytes are durable and the rename is done when
     * this returns, but the rename is durable only once the caller fsyncs the directory ({@link #syncDirectory}),
     * which it may do once for many files ({@link DurableWrites}).
     */
    static BasicFileAttributes replace(Path target, byte[] bytes, Set<PosixFilePermission> permissions)
            throws IOException {
        Path directory = target.getParent();
        Path temp = directory.resolve(tempName(target.getFileName().toString()));
        BasicFileAttributes written;
        try {
            try (FileChannel channel = FileChannel.open(temp,
                    Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS),
                    PosixFilePermissions.asFileAttribute(OWNER_ONLY))) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                Files.getFileAttributeView(temp, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                        .setPermissions(permissions);
                channel.force(true);
                written = Files.readAttributes(temp, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
        return written;
    }

    /** Makes a rename or removal in {@code directory} durable. */
    static void syncDirectory(Path directory) throws IOException {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    /** Removes temporary files of ours that a crash left in {@code directory}; returns how many. */
    static int removeLeftovers(Path directory) throws IOException {
        if (!Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)) {
            return 0;
        }
        int removed = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory,
                entry -> RelativePath.isTempName(entry.getFileName().toString()))) {
            for (Path entry : entries) {
                if (!Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS) && Files.deleteIfExists(entry)) {
                    removed++;
                }
            }
        }
        if (removed > 0) {
            syncDirectory(directory);
        }
        return removed;
    }

    /**
     * A fresh name for a temporary file beside {@code fileName}: {@code .<its start>.plumbline-tmp-<hex>}, the
     * start being the longest run of whole characters of at most 64 bytes in UTF-8 (never half a character).
     */
    static String tempName(String fileName) {
        byte[] random = new byte[RANDOM_HEX / 2];
        RANDOM.nextBytes(random);
        return tempName(fileName, HexFormat.of().formatHex(random));
    }

    /** The temporary file name {@link #tempName(String)} gives, with {@code hex} as its random part. */
    static String tempName(String fileName, String hex) {
        int end = 0;
        int bytes = 0;
        while (end < fileName.length()) {
            int codePoint = fileName.codePointAt(end);
            int size = codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint >= 0x10000 ? 4
                    : Character.isSurrogate((char) codePoint) ? 1 : 3; // a lone surrogate is encoded as '?'
            if (bytes + size > MAX_NAME_PART) {
                break;
            }
            bytes += size;
            end += Character.charCount(codePoint);
        }
        return "." + fileName.substring(0, end) + TEMP_MARKER + hex;
    }
}
