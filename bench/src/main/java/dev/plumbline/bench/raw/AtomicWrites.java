package dev.plumbline.bench.raw;

import dev.plumbline.bench.stack.FileManifests;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The baseline of the initial apply, run in a fresh JVM: writes the stack's files (the same paths, bytes and
 * mode the files provider writes) with the same durability: each to a temporary file beside it, fsync,
 * rename over the target; then each directory is fsynced once, at the end.
 *
 * <p>{@code AtomicWrites ROOT COUNT}.
 */
public final class AtomicWrites {

    private static final FileAttribute<Set<PosixFilePermission>> MODE =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r--r--"));

    private AtomicWrites() {
    }

    public static void main(String[] args) throws IOException {
        Path root = Path.of(args[0]);
        int count = Integer.parseInt(args[1]);
        Set<Path> directories = new LinkedHashSet<>();
        directories.add(Files.createDirectories(root));
        for (int index = 0; index < count; index++) {
            Path target = root.resolve(FileManifests.livePath(index));
            Path directory = target.getParent();
            if (directories.add(directory)) {
                Files.createDirectories(directory);
            }
            write(target, FileManifests.liveContent(index, 0).getBytes(StandardCharsets.UTF_8));
        }
        for (Path directory : directories) {
            try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
                channel.force(true);
            }
        }
        System.out.println("wrote " + count + " files in " + directories.size() + " directories");
    }

    /** Temporary file, fsync, rename: a reader or a crash sees the old file or the new one. */
    public static void write(Path target, byte[] bytes) throws IOException {
        Path temp = target.resolveSibling("." + target.getFileName() + ".tmp");
        try (FileChannel channel = FileChannel.open(temp, Set.of(StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE), MODE)) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        }
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
    }
}
