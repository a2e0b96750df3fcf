package dev.plumbline.snapshot;

import java.util.List;
import java.util.function.Predicate;

/**
 * Reads one commit's tree straight from a mirror's object database, with no working checkout. Safe to use
 * from several threads at once; valid while the source it came from (a Git mirror) is open.
 */
public interface TreeReader {

    /** The largest file {@link #read} accepts: 10 MiB. */
    long MAX_FILE_BYTES = 10L * 1024 * 1024;

    /**
     * The regular files under {@code dir}, recursively, in path order (Git's byte order). {@code dir} is
     * repository-relative without leading or trailing slash; {@code ""} is the repository root. A symbolic
     * link to a file or directory of the same commit is followed (its files are listed at the link's path);
     * a link out of the repository, to nothing, or round in a circle is a
     * {@link dev.plumbline.problem.StalledException} naming every such link. Submodules are left out. A
     * directory that does not exist, or is a file, gives an empty list. {@code pathFilter} sees each file's
     * repository-relative path (as listed) and keeps those it accepts.
     */
    List<TreeFile> files(String dir, Predicate<String> pathFilter);

    /** Whether {@code dir} is a directory of the commit's tree ({@code ""}, the root, always is). */
    boolean isDirectory(String dir);

    /** The regular files under {@code dir}, recursively, in path order. */
    default List<TreeFile> files(String dir) {
        return files(dir, path -> true);
    }

    /**
     * The bytes of a file listed by {@link #files}. A file above {@link #MAX_FILE_BYTES} is refused with a
     * {@link dev.plumbline.problem.StalledException} naming its path: manifests are not that big.
     */
    byte[] read(TreeFile file);
}
