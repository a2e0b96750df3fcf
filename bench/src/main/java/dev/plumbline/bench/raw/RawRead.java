package dev.plumbline.bench.raw;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.PathFilter;

/**
 * The raw read, the baseline of the drift check and of {@code plumbline plan}: every manifest blob under the
 * stack's path at a commit, read from the repository with JGit, and every live file under the target root
 * (its bytes and its mode), with nothing else done. The provider's own records ({@code .plumbline/}) are
 * not read: keeping them is part of what Plumbline's time pays for.
 *
 * <p>As a main it is the fresh-JVM baseline: {@code RawRead GIT_DIR COMMIT STACK_PATH LIVE_ROOT}.
 */
public final class RawRead {

    /** How much was read: blobs and live files, and their bytes. */
    public record Result(int blobs, int files, long bytes) {
    }

    private RawRead() {
    }

    public static void main(String[] args) {
        Result result = read(Path.of(args[0]), args[1], args[2], Path.of(args[3]));
        System.out.println("read " + result.blobs() + " blobs and " + result.files() + " files, " + result.bytes()
                + " bytes");
    }

    public static Result read(Path gitDir, String commit, String stackPath, Path liveRoot) {
        long[] bytes = {0};
        int blobs = 0;
        try (Repository repository = new FileRepositoryBuilder().setGitDir(gitDir.toFile()).setMustExist(true)
                .build();
             ObjectReader reader = repository.newObjectReader();
             RevWalk walk = new RevWalk(reader);
             TreeWalk tree = new TreeWalk(reader)) {
            RevCommit revision = walk.parseCommit(ObjectId.fromString(commit));
            tree.addTree(revision.getTree());
            tree.setRecursive(true);
            tree.setFilter(PathFilter.create(stackPath));
            while (tree.next()) {
                bytes[0] += reader.open(tree.getObjectId(0), Constants.OBJ_BLOB).getBytes().length;
                blobs++;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + gitDir, e);
        }
        int[] files = {0};
        try {
            Files.walkFileTree(liveRoot, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    return dir.equals(liveRoot.resolve(".plumbline")) ? FileVisitResult.SKIP_SUBTREE
                            : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.readAttributes(file, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS).permissions();
                    bytes[0] += Files.readAllBytes(file).length;
                    files[0]++;
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + liveRoot, e);
        }
        return new Result(blobs, files[0], bytes[0]);
    }
}
