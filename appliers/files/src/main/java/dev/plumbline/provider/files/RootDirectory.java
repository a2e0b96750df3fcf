package dev.plumbline.provider.files;

import dev.plumbline.problem.Reasons;
import dev.plumbline.problem.StalledException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The provider's root directory, and every path under it reached without following a symbolic link. Each
 * component below the root is looked at with {@code NOFOLLOW_LINKS}: a link anywhere on the way, or at
 * the file itself, is refused ({@code UnsafePath}), whether it points inside the root or out of it. The
 * root itself may be a link (that is the operator's choice, made in the config). Reads, writes and removals
 * all go through here, so nothing outside the root is ever touched.
 *
 * <p>The check and the operation are separate system calls; someone who can write inside the root could
 * swap a directory for a link between the two. Files opened here use {@code NOFOLLOW_LINKS} for the last
 * component and created directories are checked against the root's real path, which narrows that window
 * to the directories; a root writable by untrusted users is not supported.
 */
final class RootDirectory {

    private final Path root;
    private final Set<Path> swept = ConcurrentHashMap.newKeySet();

    RootDirectory(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    Path root() {
        return root;
    }

    /** Where {@code path} is on disk, unchecked: for messages. */
    Path resolve(RelativePath path) {
        Path target = root;
        for (String segment : path.segments()) {
            target = target.resolve(segment);
        }
        return target;
    }

    /**
     * The file at {@code path} as it is now, or empty when there is none: its bytes (text when they are UTF-8)
     * and its mode.
     */
    Optional<FileSpec> read(RelativePath path) throws IOException {
        Optional<PosixFileAttributes> attributes = inspect(path);
        if (attributes.isEmpty()) {
            return Optional.empty();
        }
        return contents(path, attributes.get());
    }

    /** Reads for one pass over many files; see {@link Reads}. */
    Reads reads() {
        return new Reads();
    }

    /**
     * Reads many files in one pass (an observe), with the same checks as {@link #read} at a lower cost: the root
     * is checked once, each directory on the way once (the first time a file in it is read), and then each file
     * with one look at its last component before it is opened without following a link. A directory swapped for
     * a link during the pass is the window the class comment describes, no wider than between any check and its
     * use.
     */
    final class Reads {

        /** Directories checked already; several threads may read through one {@code Reads}. */
        private final Set<List<String>> checked = java.util.concurrent.ConcurrentHashMap.newKeySet();

        private Reads() {
        }

        /** As {@link RootDirectory#read}. */
        Optional<FileSpec> read(RelativePath path) throws IOException {
            Optional<PosixFileAttributes> attributes = inspect(path);
            return attributes.isEmpty() ? Optional.empty() : contents(path, attributes.get());
        }

        /** As {@link RootDirectory#inspect}. */
        Optional<PosixFileAttributes> inspect(RelativePath path) throws IOException {
            List<String> directories = path.directories();
            if (!checked.contains(directories)) {
                Optional<PosixFileAttributes> attributes = RootDirectory.this.inspect(path);
                if (attributes.isPresent()) {
                    checked.add(List.copyOf(directories));
                }
                return attributes;
            }
            return regularFileOrNothing(path, resolve(path));
        }
    }

    /**
     * The bytes of the regular file at {@code path}, which a walk or an inspection of its way just found (no
     * link on it, see {@link #walk} and {@link #inspect}), opened without following a link; empty if it went
     * since. A record found by a walk is read with one open, not a look at every directory on its way again.
     */
    Optional<byte[]> bytes(RelativePath path, BasicFileAttributes attributes) throws IOException {
        try (FileChannel channel = FileChannel.open(resolve(path), Set.of(StandardOpenOption.READ,
                LinkOption.NOFOLLOW_LINKS))) {
            return Optional.of(readAll(channel, attributes.size()));
        } catch (NoSuchFileException gone) {
            return Optional.empty();
        }
    }

    /** The bytes and mode of the regular file at {@code path}, whose attributes were just read; empty if it went. */
    private Optional<FileSpec> contents(RelativePath path, PosixFileAttributes attributes) throws IOException {
        byte[] bytes;
        try (FileChannel channel = FileChannel.open(resolve(path), Set.of(StandardOpenOption.READ,
                LinkOption.NOFOLLOW_LINKS))) {
            bytes = readAll(channel, attributes.size());
        } catch (NoSuchFileException gone) {
            return Optional.empty();
        }
        return Optional.of(new FileSpec(path, FileContent.read(bytes), FileMode.of(attributes.permissions())));
    }

    /** Everything in {@code channel}: {@code expected} bytes in one read as a rule, more if the file grew. */
    private static byte[] readAll(FileChannel channel, long expected) throws IOException {
        if (expected <= 0 || expected > Integer.MAX_VALUE - 8) {
            return Channels.newInputStream(channel).readAllBytes();
        }
        ByteBuffer buffer = ByteBuffer.allocate((int) expected + 1);
        while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
            // a short read means the end of the file, which the next read confirms with -1
        }
        if (buffer.hasRemaining()) {
            return java.util.Arrays.copyOf(buffer.array(), buffer.position());
        }
        byte[] rest = Channels.newInputStream(channel).readAllBytes(); // it grew since its size was read
        byte[] all = java.util.Arrays.copyOf(buffer.array(), buffer.position() + rest.length);
        System.arraycopy(rest, 0, all, buffer.position(), rest.length);
        return all;
    }

    /**
     * Whether the file at {@code spec.path()} already holds {@code spec}'s bytes and mode. Size and mode are
     * compared first, so a file that differs in either is not read.
     */
    boolean holds(FileSpec spec) throws IOException {
        Optional<PosixFileAttributes> attributes = inspect(spec.path());
        if (attributes.isEmpty() || attributes.get().size() != spec.content().size()
                || !FileMode.of(attributes.get().permissions()).equals(spec.mode())) {
            return false;
        }
        return read(spec.path()).filter(spec::sameOnDisk).isPresent();
    }

    /** Whether a regular file is at {@code path}. */
    boolean exists(RelativePath path) throws IOException {
        return inspect(path).isPresent();
    }

    /** An entry of a directory under the root: its name and whether it is a directory (else a regular file). */
    record Entry(String name, boolean directory) {
    }

    /**
     * The regular files and directories in {@code directory} (a path of directory names under the root),
     * sorted by name; empty when the directory does not exist. A link on the way is refused; links and
     * other special files in the directory are left out.
     */
    List<Entry> entries(RelativePath directory) throws IOException {
        Optional<Path> found = directory(directory);
        if (found.isEmpty()) {
            return List.of();
        }
        List<Entry> entries = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(found.get())) {
            for (Path entry : stream) {
                Optional<PosixFileAttributes> attributes = attributes(entry);
                if (attributes.isPresent() && (attributes.get().isRegularFile() || attributes.get().isDirectory())) {
                    entries.add(new Entry(entry.getFileName().toString(), attributes.get().isDirectory()));
                }
            }
        }
        entries.sort(Comparator.comparing(Entry::name));
        return entries;
    }

    /**
     * What {@link #walk} hands over for each regular file: where it is below the walked directory, as text
     * ({@code a/b.yaml}), and its attributes. The path under the root is the walked directory, a {@code /} and
     * that text.
     */
    interface Visitor {
        void visit(String below, BasicFileAttributes attributes) throws IOException;
    }

    /**
     * Visits every regular file below {@code directory}, in one pass over the tree; nothing when the
     * directory does not exist. A symbolic link anywhere on the way or in the tree is refused, and the
     * provider's temporary files are skipped.
     */
    void walk(RelativePath directory, Visitor visitor) throws IOException {
        Optional<Path> top = directory(directory);
        if (top.isPresent()) {
            walkTree(directory, top.get(), "", visitor);
        }
    }

    /**
     * As {@link #walk}, with the directories right below {@code directory} walked on as many cores as there
     * are (a ledger of 100,000 records is one {@code lstat} each): {@code visitor} is called from several
     * threads at once, in no particular order.
     */
    void walkParallel(RelativePath directory, Visitor visitor) throws IOException {
        Optional<Path> top = directory(directory);
        if (top.isEmpty()) {
            return;
        }
        List<Path> below = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(top.get())) {
            for (Path entry : entries) {
                BasicFileAttributes attributes = Files.readAttributes(entry, BasicFileAttributes.class,
                        LinkOption.NOFOLLOW_LINKS);
                if (attributes.isDirectory()) {
                    below.add(entry);
                } else {
                    visitEntry(directory, entry, "", attributes, visitor);
                }
            }
        }
        Parallel.forEach(below.size(), 2, index ->
                walkTree(directory, below.get(index), below.get(index).getFileName() + "/", visitor));
    }

    /** Walks the tree at {@code start}, a directory {@code prefix} below {@code directory}'s top. */
    private void walkTree(RelativePath directory, Path start, String prefix, Visitor visitor) throws IOException {
        Files.walkFileTree(start, new SimpleFileVisitor<>() {
            /** Where the directory being visited is below the top, with a trailing '/' ({@code prefix} for the start). */
            private final java.util.ArrayDeque<String> below = new java.util.ArrayDeque<>();

            @Override
            public FileVisitResult preVisitDirectory(Path at, BasicFileAttributes attributes) {
                below.push(below.isEmpty() ? prefix : below.peek() + at.getFileName() + "/");
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path at, IOException e) throws IOException {
                below.pop();
                return super.postVisitDirectory(at, e);
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                visitEntry(directory, file, below.peek(), attributes, visitor);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /** A file of a walk: a link is refused, a regular file visited unless it is a temporary one. */
    private void visitEntry(RelativePath directory, Path file, String below, BasicFileAttributes attributes,
                            Visitor visitor) throws IOException {
        if (attributes.isSymbolicLink()) {
            throw unsafe(directory, file);
        }
        String name = file.getFileName().toString();
        if (attributes.isRegularFile() && !RelativePath.isTempName(name)) {
            visitor.visit(below + name, attributes);
        }
    }

    /**
     * Removes temporary files a crash left in {@code directory}, the first time this is asked for that
     * directory; later calls cost nothing, so writing many files into one directory stays O(1) per file.
     */
    void sweep(RelativePath directory) throws IOException {
        Optional<Path> found = directory(directory);
        if (found.isPresent() && swept.add(found.get())) {
            AtomicFile.removeLeftovers(found.get());
        }
    }

    /**
     * Creates the root and the directories above {@code path} as needed, clears leftover temporary files
     * from the file's directory (once per directory, see {@link #sweep}), and returns the checked target,
     * ready for {@link AtomicFile#write}.
     */
    Path prepare(RelativePath path) throws IOException {
        inspect(path);
        if (attributes(root).isEmpty()) {
            Files.createDirectories(root);
        }
        Path directory = root;
        for (String segment : path.directories()) {
            directory = directory.resolve(segment);
            Optional<PosixFileAttributes> attributes = attributes(directory);
            if (attributes.isEmpty()) {
                try {
                    Files.createDirectory(directory);
                } catch (FileAlreadyExistsException exists) {
                    // someone else made it meanwhile; checked below like one that was there before
                }
                attributes = attributes(directory);
            }
            if (attributes.isPresent() && attributes.get().isSymbolicLink()) {
                throw unsafe(path, directory);
            }
            if (attributes.isEmpty() || !attributes.get().isDirectory()) {
                throw new StalledException(Reasons.PATH_CONFLICT, "cannot create the directory " + directory + " for '"
                        + path + "': something else took its place");
            }
        }
        if (!directory.toRealPath().startsWith(root.toRealPath())) {
            throw new StalledException(Reasons.UNSAFE_PATH, "refusing '" + path + "': " + directory + " resolves to "
                    + directory.toRealPath() + ", outside the root " + root.toRealPath());
        }
        if (swept.add(directory)) {
            AtomicFile.removeLeftovers(directory);
        }
        return resolve(path);
    }

    /**
     * As {@link #prepare} for many paths at once, in order: each directory is created and checked once (the
     * first time a path in it comes), and for the other paths in it only the last component is checked.
     */
    List<Path> prepareAll(List<RelativePath> paths) throws IOException {
        Map<List<String>, Path> ready = new HashMap<>();
        List<Path> targets = new ArrayList<>(paths.size());
        for (RelativePath path : paths) {
            Path directory = ready.get(path.directories());
            if (directory == null) {
                Path target = prepare(path);
                ready.put(path.directories(), target.getParent());
                targets.add(target);
            } else {
                Path target = directory.resolve(path.fileName());
                regularFileOrNothing(path, target);
                targets.add(target);
            }
        }
        return targets;
    }

    /**
     * Removes the file at {@code path}, if there is one, then every directory above it that is left empty,
     * up to but not including the root. Returns whether a file was removed.
     */
    boolean remove(RelativePath path) throws IOException {
        if (inspect(path).isEmpty()) {
            return false;
        }
        Path target = resolve(path);
        Files.deleteIfExists(target);
        Path directory = target.getParent();
        if (swept.add(directory)) {
            AtomicFile.removeLeftovers(directory);
        }
        while (!directory.equals(root)) {
            try {
                Files.deleteIfExists(directory);
            } catch (DirectoryNotEmptyException stillUsed) {
                break;
            }
            directory = directory.getParent();
        }
        AtomicFile.syncDirectory(directory);
        return true;
    }

    /**
     * Walks {@code path} from the root without following links; returns the file's attributes, or empty
     * when the file (or a directory above it) does not exist. Anything but a regular file there is refused.
     */
    Optional<PosixFileAttributes> inspect(RelativePath path) throws IOException {
        if (Files.exists(root) && !Files.isDirectory(root)) {
            throw new StalledException(Reasons.PATH_CONFLICT, "the files provider's root " + root + " is not a directory");
        }
        Path current = root;
        Optional<PosixFileAttributes> attributes = Optional.empty();
        int last = path.segments().size() - 1;
        for (int index = 0; index <= last; index++) {
            current = current.resolve(path.segments().get(index));
            attributes = attributes(current);
            if (attributes.isEmpty()) {
                return attributes;
            }
            if (attributes.get().isSymbolicLink()) {
                throw unsafe(path, current);
            }
            if (index < last && !attributes.get().isDirectory()) {
                throw new StalledException(Reasons.PATH_CONFLICT, "cannot reach '" + path + "': " + current
                        + " is a file, not a directory; remove it or change spec.path");
            }
            if (index == last && !attributes.get().isRegularFile()) {
                throw new StalledException(Reasons.PATH_CONFLICT, "cannot use '" + path + "': " + current + " is "
                        + (attributes.get().isDirectory() ? "a directory" : "not a regular file")
                        + "; remove it or change spec.path");
            }
        }
        return attributes;
    }

    /** The directory {@code directory} on disk, checked on the way down; empty when it does not exist. */
    private Optional<Path> directory(RelativePath directory) throws IOException {
        Path current = root;
        for (String segment : directory.segments()) {
            current = current.resolve(segment);
            Optional<PosixFileAttributes> attributes = attributes(current);
            if (attributes.isEmpty()) {
                return Optional.empty();
            }
            if (attributes.get().isSymbolicLink()) {
                throw unsafe(directory, current);
            }
            if (!attributes.get().isDirectory()) {
                throw new StalledException(Reasons.PATH_CONFLICT, current + " should be a directory, but is not");
            }
        }
        return Optional.of(current);
    }

    private static Optional<PosixFileAttributes> attributes(Path path) throws IOException {
        try {
            return Optional.of(Files.readAttributes(path, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS));
        } catch (NoSuchFileException absent) {
            return Optional.empty();
        }
    }

    private StalledException unsafe(RelativePath path, Path link) {
        String pointsTo = "";
        try {
            pointsTo = " (to " + Files.readSymbolicLink(link) + ")";
        } catch (IOException | UnsupportedOperationException unreadable) {
            // the link is named either way; where it points only helps the reader
        }
        return new StalledException(Reasons.UNSAFE_PATH, "refusing '" + path + "' under " + root + ": " + link
                + " is a symbolic link" + pointsTo + ", and the files provider never follows one; replace it"
                + " with a real directory or file, or change spec.path");
    }

    /**
     * The attributes of {@code target}, the place of {@code path}, when it is a regular file; empty when nothing
     * is there. A link there is unsafe, and anything else (a directory, a device) a path conflict.
     */
    private Optional<PosixFileAttributes> regularFileOrNothing(RelativePath path, Path target) throws IOException {
        Optional<PosixFileAttributes> attributes = attributes(target);
        if (attributes.isPresent() && attributes.get().isSymbolicLink()) {
            throw unsafe(path, target);
        }
        if (attributes.isPresent() && !attributes.get().isRegularFile()) {
            throw new StalledException(Reasons.PATH_CONFLICT, "cannot use '" + path + "': " + target + " is "
                    + (attributes.get().isDirectory() ? "a directory" : "not a regular file")
                    + "; remove it or change spec.path");
        }
        return attributes;
    }
}
