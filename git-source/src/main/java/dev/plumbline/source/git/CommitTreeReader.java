package dev.plumbline.source.git;

import dev.plumbline.problem.Reasons;
import dev.plumbline.snapshot.TreeReader;
import dev.plumbline.snapshot.TreeFile;
import dev.plumbline.problem.StalledException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
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

    private final Repository repository;
    private final String source;
    private final String sha;
    private final ObjectId tree;

    CommitTreeReader(Repository repository, String source, String sha, ObjectId tree) {
        this.repository = Objects.requireNonNull(repository, "repository");
        this.source = Objects.requireNonNull(source, "source");
        this.sha = Objects.requireNonNull(sha, "sha");
        this.tree = Objects.requireNonNull(tree, "tree");
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
            String prefix = base.isEmpty() ? "" : base + "/";
            List<TreeFile> files = new ArrayList<>();
            try (TreeWalk walk = new TreeWalk(reader)) {
                walk.addTree(start);
                walk.setRecursive(true);
                while (walk.next()) {
                    if ((walk.getRawMode(0) & FileMode.TYPE_MASK) != FileMode.TYPE_FILE) {
                        continue; // a symbolic link or a submodule
                    }
                    String path = prefix + walk.getPathString();
                    if (pathFilter.test(path)) {
                        ObjectId blob = walk.getObjectId(0);
                        files.add(new TreeFile(path, blob.name(), reader.getObjectSize(blob, Constants.OBJ_BLOB)));
                    }
                }
            }
            return List.copyOf(files);
        } catch (IOException e) {
            throw MirrorReadFailure.of(source, "directory '" + base + "' of commit " + shortSha(), e);
        }
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
