package dev.plumbline.source.git;

import dev.plumbline.problem.Reasons;
import dev.plumbline.snapshot.TreeReader;
import dev.plumbline.snapshot.TreeFile;
import dev.plumbline.problem.Location;
import dev.plumbline.problem.Problem;
import dev.plumbline.problem.StalledException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * The {@link TreeReader} over one commit's tree in a mirror. Every call opens its own JGit
 * {@link ObjectReader} (they are not thread-safe; the repository is), so one snapshot may be read from
 * several threads at once.
 */
final class CommitTreeReader implements TreeReader {

    static final String TOO_LARGE = Reasons.FILE_TOO_LARGE;

    /** How many links one path may go through before it counts as a circle. */
    static final int MAX_LINK_HOPS = 8;

    private final Repository repository;
    private final String source;
    private final String sha;
    private final ObjectId tree;
    private final TreeListings listings;

    CommitTreeReader(Repository repository, String source, String sha, ObjectId tree) {
        this(repository, source, sha, tree, new TreeListings());
    }

    /** A reader that takes the listings of directories whose trees it has seen before from {@code listings}. */
    CommitTreeReader(Repository repository, String source, String sha, ObjectId tree, TreeListings listings) {
        this.repository = Objects.requireNonNull(repository, "repository");
        this.source = Objects.requireNonNull(source, "source");
        this.sha = Objects.requireNonNull(sha, "sha");
        this.tree = Objects.requireNonNull(tree, "tree");
        this.listings = Objects.requireNonNull(listings, "listings");
    }

    @Override
    public List<TreeFile> files(String dir, Predicate<String> pathFilter) {
        Objects.requireNonNull(pathFilter, "pathFilter");
        String base = normalise(dir);
        try (ObjectReader reader = repository.newObjectReader()) {
            ObjectId start = base.isEmpty() ? tree : subtree(reader, base);
            if (start == null) {
                return List.of();
            }
            List<TreeFile> files = new ArrayList<>();
            List<Problem> problems = new ArrayList<>();
            for (TreeFile file : list(reader, start, base, base, problems, 0).files()) {
                if (pathFilter.test(file.path())) {
                    files.add(file);
                }
            }
            if (!problems.isEmpty()) {
                throw new StalledException(Reasons.RENDER_FAILED, problems);
            }
            files.sort(java.util.Comparator.comparing(TreeFile::path, CommitTreeReader::gitOrder));
            return List.copyOf(files);
        } catch (IOException e) {
            throw MirrorReadFailure.of(source, "directory '" + base + "' of commit " + shortSha(), e);
        }
    }

    /** The regular files below a directory, and whether a link was followed on the way (its listing is not kept). */
    private record Listed(List<TreeFile> files, boolean linked) {
    }

    /**
     * The regular files of tree {@code start}, which is at {@code real} in the repository and shown at
     * {@code shown} (they differ below a followed link). Links are followed when they lead to a file or
     * directory of the commit; one leading out of the repository, to nothing, or round in a circle is a
     * problem at the link. Submodules are left out. One directory at a time: a directory whose tree was
     * listed before at the same place is taken from {@link TreeListings}, and one listed now is kept there
     * unless a link below it was followed.
     */
    private Listed list(ObjectReader reader, ObjectId start, String real, String shown, List<Problem> problems,
                        int hops) throws IOException {
        boolean keepable = real.equals(shown);
        List<TreeFile> known = keepable ? listings.find(shown, start) : null;
        if (known != null) {
            return new Listed(known, false);
        }
        List<TreeFile> files = new ArrayList<>();
        boolean linked = false;
        try (TreeWalk walk = new TreeWalk(reader)) {
            walk.addTree(start);
            walk.setRecursive(false);
            while (walk.next()) {
                int type = walk.getRawMode(0) & FileMode.TYPE_MASK;
                String name = walk.getNameString();
                String realPath = join(real, name);
                String shownPath = join(shown, name);
                if (type == FileMode.TYPE_FILE) {
                    ObjectId blob = walk.getObjectId(0);
                    files.add(new TreeFile(shownPath, blob.name(), reader.getObjectSize(blob, Constants.OBJ_BLOB)));
                } else if (type == FileMode.TYPE_TREE) {
                    Listed below = list(reader, walk.getObjectId(0), realPath, shownPath, problems, hops);
                    files.addAll(below.files());
                    linked |= below.linked();
                } else if (type == FileMode.TYPE_SYMLINK) {
                    follow(reader, walk.getObjectId(0), realPath, shownPath, files, problems, hops + 1);
                    linked = true;
                }
            }
        }
        if (keepable && !linked) {
            listings.keep(shown, start, files);
        }
        return new Listed(files, linked);
    }

    /** Follows the link at {@code realPath} (shown at {@code shownPath}) to what it names in the commit. */
    private void follow(ObjectReader reader, ObjectId link, String realPath, String shownPath, List<TreeFile> files,
                        List<Problem> problems, int hops) throws IOException {
        String target = new String(reader.open(link, Constants.OBJ_BLOB).getBytes(4096), StandardCharsets.UTF_8);
        if (hops > MAX_LINK_HOPS) {
            problems.add(Problem.at(Location.file(shownPath), "the link '" + shownPath + "' goes round in a circle"
                    + " or through more than " + MAX_LINK_HOPS + " links; point it at a file or directory"));
            return;
        }
        Optional<String> resolved = resolve(parent(realPath), target);
        if (resolved.isEmpty()) {
            problems.add(Problem.at(Location.file(shownPath), "the link '" + shownPath + "' points to '" + target
                    + "', outside the repository; Plumbline follows links only to files and directories of the"
                    + " same commit"));
            return;
        }
        if (resolved.get().isEmpty() || realPath.startsWith(resolved.get() + "/")) {
            problems.add(Problem.at(Location.file(shownPath), "the link '" + shownPath + "' points to '" + target
                    + "', a directory that holds the link itself, so its files would repeat without end; point it"
                    + " at a file or at a directory beside it"));
            return;
        }
        try (TreeWalk found = TreeWalk.forPath(reader, resolved.get(), tree)) {
            int type = found == null ? -1 : found.getRawMode(0) & FileMode.TYPE_MASK;
            if (type == FileMode.TYPE_FILE) {
                ObjectId blob = found.getObjectId(0);
                files.add(new TreeFile(shownPath, blob.name(), reader.getObjectSize(blob, Constants.OBJ_BLOB)));
            } else if (type == FileMode.TYPE_TREE) {
                files.addAll(list(reader, found.getObjectId(0), resolved.get(), shownPath, problems, hops).files());
            } else if (type == FileMode.TYPE_SYMLINK) {
                follow(reader, found.getObjectId(0), resolved.get(), shownPath, files, problems, hops + 1);
            } else {
                problems.add(Problem.at(Location.file(shownPath), "the link '" + shownPath + "' points to '"
                        + target + "', which is not a file or directory of commit " + shortSha()));
            }
        }
    }

    /** {@code target} seen from directory {@code dir}, normalised; empty when it leaves the repository. */
    private static Optional<String> resolve(String dir, String target) {
        if (target.startsWith("/") || target.isEmpty() || target.indexOf('\0') >= 0) {
            return Optional.empty();
        }
        java.util.Deque<String> parts = new java.util.ArrayDeque<>();
        for (String part : (dir.isEmpty() ? target : dir + "/" + target).split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (parts.isEmpty()) {
                    return Optional.empty();
                }
                parts.removeLast();
            } else {
                parts.addLast(part);
            }
        }
        return Optional.of(String.join("/", parts));
    }

    private static String parent(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? "" : path.substring(0, slash);
    }

    private static String join(String dir, String name) {
        return dir.isEmpty() ? name : dir + "/" + name;
    }

    /** Git's order of paths: by their UTF-8 bytes, which is the order of their code points (nothing encoded). */
    static int gitOrder(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int one = a.codePointAt(i);
            int other = b.codePointAt(j);
            if (one != other) {
                return Integer.compare(one, other);
            }
            i += Character.charCount(one);
            j += Character.charCount(other);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    @Override
    public boolean isDirectory(String dir) {
        String base = normalise(dir);
        if (base.isEmpty()) {
            return true;
        }
        try (ObjectReader reader = repository.newObjectReader()) {
            return subtree(reader, base) != null;
        } catch (IOException e) {
            throw MirrorReadFailure.of(source, "directory '" + base + "' of commit " + shortSha(), e);
        }
    }

    @Override
    public byte[] read(TreeFile file) {
        Objects.requireNonNull(file, "file");
        if (file.size() > MAX_FILE_BYTES) {
            throw tooLarge(file.path(), file.size());
        }
        try (ObjectReader reader = repository.newObjectReader()) {
            ObjectLoader loader = reader.open(ObjectId.fromString(file.blobId()), Constants.OBJ_BLOB);
            if (loader.getSize() > MAX_FILE_BYTES) {
                throw tooLarge(file.path(), loader.getSize());
            }
            return loader.getBytes((int) MAX_FILE_BYTES);
        } catch (IOException e) {
            throw MirrorReadFailure.of(source, "file '" + file.path() + "' of commit " + shortSha(), e);
        }
    }

    /** The tree at {@code dir}, or null when there is none (missing, or a file). */
    private ObjectId subtree(ObjectReader reader, String dir) throws IOException {
        try (TreeWalk walk = TreeWalk.forPath(reader, dir, tree)) {
            if (walk == null || (walk.getRawMode(0) & FileMode.TYPE_MASK) != FileMode.TYPE_TREE) {
                return null;
            }
            return walk.getObjectId(0);
        }
    }

    private StalledException tooLarge(String path, long size) {
        return new StalledException(TOO_LARGE, String.format(Locale.ROOT,
                "file '%s' in commit %s of source '%s' is %.1f MiB; Plumbline reads files up to %d MiB",
                path, shortSha(), source, size / (1024.0 * 1024), MAX_FILE_BYTES / (1024 * 1024)));
    }

    private String shortSha() {
        return sha.substring(0, 7);
    }

    private static String normalise(String dir) {
        Objects.requireNonNull(dir, "dir");
        String trimmed = dir.replaceAll("^/+|/+$", "");
        return trimmed.equals(".") ? "" : trimmed;
    }
}
