package dev.plumbline.bench.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEditor;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * A bare Git repository holding a generated stack, written straight into its object database with JGit (no
 * work tree: 100,000 files are committed in seconds), then packed by {@code git repack} as a real repository
 * would be. {@link #commit(int, int)} commits a change to one file, as a person's commit would.
 */
public final class ManifestRepo implements AutoCloseable {

    public static final String BRANCH = "main";
    private static final PersonIdent AUTHOR = new PersonIdent("Plumbline Bench", "bench@plumbline.dev");

    private final Path dir;
    private final String stackPath;
    private final StackManifests manifests;
    private final DirCache tree;
    private Repository repository;
    private ObjectId head;

    private ManifestRepo(Path dir, String stackPath, StackManifests manifests, Repository repository) {
        this.dir = dir;
        this.stackPath = stackPath;
        this.manifests = manifests;
        this.repository = repository;
        this.tree = DirCache.newInCore();
    }

    /** A new repository at {@code dir} with {@code count} files of {@code manifests} under {@code stackPath}. */
    public static ManifestRepo create(Path dir, String stackPath, int count, StackManifests manifests) {
        try {
            Repository repository = Git.init().setBare(true).setInitialBranch(BRANCH).setDirectory(dir.toFile())
                    .call().getRepository();
            ManifestRepo repo = new ManifestRepo(dir, stackPath, manifests, repository);
            repo.fill(count);
            repo.pack();
            return repo;
        } catch (GitAPIException e) {
            throw new IllegalStateException("cannot create " + dir, e);
        }
    }

    /**
     * A bare clone of this repository at {@code dir} ({@code git clone --bare}) with the same stack, for
     * commits kept apart from this one's.
     */
    public ManifestRepo cloneTo(Path dir) {
        git("clone", "--bare", "-q", this.dir.toString(), dir.toString());
        try {
            Repository clone = Git.open(dir.toFile()).getRepository();
            ManifestRepo repo = new ManifestRepo(dir, stackPath, manifests, clone);
            repo.head = clone.resolve(Constants.R_HEADS + BRANCH);
            DirCacheBuilder builder = repo.tree.builder();
            try (ObjectReader reader = clone.newObjectReader(); RevWalk walk = new RevWalk(reader)) {
                builder.addTree(new byte[0], 0, reader, walk.parseCommit(repo.head).getTree());
            }
            builder.finish();
            return repo;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open " + dir, e);
        }
    }

    public Path dir() {
        return dir;
    }

    /** The URL a source config names: {@code file:///...}. */
    public String url() {
        return dir.toUri().toString();
    }

    public String stackPath() {
        return stackPath;
    }

    /** The SHA the branch is at. */
    public String head() {
        return head.name();
    }

    /** Commits file {@code index} as it is in {@code round}, the one change; returns the commit's SHA. */
    public synchronized String commit(int index, int round) {
        try (ObjectInserter inserter = repository.newObjectInserter()) {
            ObjectId blob = blob(inserter, manifests.manifest(index, round));
            DirCacheEditor editor = tree.editor();
            editor.add(new DirCacheEditor.PathEdit(stackPath + "/" + manifests.path(index)) {
                @Override
                public void apply(DirCacheEntry entry) {
                    entry.setFileMode(FileMode.REGULAR_FILE);
                    entry.setObjectId(blob);
                }
            });
            editor.finish();
            return commit(inserter, "Change " + manifests.path(index) + " (round " + round + ")");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot commit to " + dir, e);
        }
    }

    private void fill(int count) {
        try (ObjectInserter inserter = repository.newObjectInserter()) {
            DirCacheBuilder builder = tree.builder();
            for (int index = 0; index < count; index++) {
                DirCacheEntry entry = new DirCacheEntry(stackPath + "/" + manifests.path(index));
                entry.setFileMode(FileMode.REGULAR_FILE);
                entry.setObjectId(blob(inserter, manifests.manifest(index, 0)));
                builder.add(entry);
            }
            builder.finish();
            commit(inserter, "A stack of " + count + " files");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir, e);
        }
    }

    private static ObjectId blob(ObjectInserter inserter, String text) throws IOException {
        return inserter.insert(Constants.OBJ_BLOB, text.getBytes(StandardCharsets.UTF_8));
    }

    private String commit(ObjectInserter inserter, String message) throws IOException {
        CommitBuilder commit = new CommitBuilder();
        commit.setTreeId(tree.writeTree(inserter));
        if (head != null) {
            commit.setParentId(head);
        }
        PersonIdent now = new PersonIdent(AUTHOR, java.time.Instant.now());
        commit.setAuthor(now);
        commit.setCommitter(now);
        commit.setMessage(message);
        ObjectId id = inserter.insert(commit);
        inserter.flush();
        RefUpdate update = repository.updateRef(Constants.R_HEADS + BRANCH);
        update.setNewObjectId(id);
        update.setExpectedOldObjectId(head == null ? ObjectId.zeroId() : head);
        RefUpdate.Result result = update.update();
        if (result != RefUpdate.Result.NEW && result != RefUpdate.Result.FAST_FORWARD) {
            throw new IOException("cannot move " + BRANCH + " of " + dir + " to " + id.name() + ": " + result);
        }
        head = id;
        return id.name();
    }

    /** Packs the loose objects with the git CLI, and opens the repository again to see the pack. */
    private void pack() {
        git("-C", dir.toString(), "repack", "-a", "-d", "-q");
        repository.close();
        try {
            repository = Git.open(dir.toFile()).getRepository();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open " + dir, e);
        }
    }

    /** Runs the git CLI to its end; fails unless it exits 0. */
    public static void git(String... args) {
        List<String> command = new ArrayList<>(List.of("git"));
        command.addAll(List.of(args));
        try {
            Process git = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!git.waitFor(10, TimeUnit.MINUTES) || git.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run git", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        repository.close();
    }

    @Override
    public String toString() {
        return "repository " + dir;
    }
}
