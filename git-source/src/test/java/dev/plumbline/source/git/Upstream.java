package dev.plumbline.source.git;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.TagBuilder;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/**
 * A bare "upstream" repository for tests, written straight through JGit's object inserter: files (also
 * symbolic links and submodule entries, which a work tree makes awkward) are staged in memory and
 * committed onto the current branch with chosen times; branches, tags and the default branch are set
 * directly. Its {@link #url()} is a {@code file://} URL a {@link GitMirror} can fetch.
 */
final class Upstream implements AutoCloseable {

    static final Instant DEFAULT_TIME = Instant.parse("2024-05-01T10:00:00Z");

    private record Entry(FileMode mode, ObjectId id) {
    }

    private final Path directory;
    private final Repository repository;
    private final Map<String, Entry> staged = new TreeMap<>();
    private String branch;
    private Instant clock = DEFAULT_TIME;

    private Upstream(Path directory, Repository repository, String branch) {
        this.directory = directory;
        this.repository = repository;
        this.branch = branch;
    }

    /** A new, empty bare repository whose default branch (HEAD) is {@code defaultBranch}. */
    static Upstream create(Path directory, String defaultBranch) throws IOException {
        Repository repository = new FileRepositoryBuilder().setGitDir(directory.toFile()).setBare().build();
        repository.create(true);
        Upstream upstream = new Upstream(directory, repository, defaultBranch);
        upstream.setDefaultBranch(defaultBranch);
        return upstream;
    }

    String url() {
        return directory.toUri().toString();
    }

    Path directory() {
        return directory;
    }

    Upstream write(String path, String content) throws IOException {
        return write(path, content.getBytes(StandardCharsets.UTF_8));
    }

    Upstream write(String path, byte[] content) throws IOException {
        return stage(path, FileMode.REGULAR_FILE, insert(Constants.OBJ_BLOB, content));
    }

    Upstream symlink(String path, String target) throws IOException {
        return stage(path, FileMode.SYMLINK, insert(Constants.OBJ_BLOB, target.getBytes(StandardCharsets.UTF_8)));
    }

    Upstream submodule(String path, String commitSha) {
        return stage(path, FileMode.GITLINK, ObjectId.fromString(commitSha));
    }

    Upstream delete(String path) {
        staged.remove(path);
        return this;
    }

    /** Commits the staged files onto the current branch; author and committer times advance by a minute. */
    String commit(String message) throws IOException {
        clock = clock.plusSeconds(60);
        return commit(message, clock, clock);
    }

    String commit(String message, Instant authorTime, Instant commitTime) throws IOException {
        DirCache index = DirCache.newInCore();
        DirCacheBuilder builder = index.builder();
        staged.forEach((path, entry) -> {
            DirCacheEntry cacheEntry = new DirCacheEntry(path);
            cacheEntry.setFileMode(entry.mode());
            cacheEntry.setObjectId(entry.id());
            builder.add(cacheEntry);
        });
        builder.finish();
        try (ObjectInserter inserter = repository.newObjectInserter()) {
            CommitBuilder commit = new CommitBuilder();
            commit.setTreeId(index.writeTree(inserter));
            Ref tip = repository.exactRef(Constants.R_HEADS + branch);
            if (tip != null) {
                commit.setParentId(tip.getObjectId());
            }
            commit.setAuthor(new PersonIdent(new PersonIdent("Ada Author", "ada@example.com"), authorTime,
                    ZoneOffset.ofHours(2)));
            commit.setCommitter(new PersonIdent(new PersonIdent("Cy Committer", "cy@example.com"), commitTime,
                    ZoneOffset.UTC));
            commit.setMessage(message);
            ObjectId id = inserter.insert(commit);
            inserter.flush();
            setRef(Constants.R_HEADS + branch, id);
            return id.name();
        }
    }

    /** Makes {@code name} the branch the next commits go to, starting at {@code fromSha}. */
    Upstream branch(String name, String fromSha) throws IOException {
        setRef(Constants.R_HEADS + name, ObjectId.fromString(fromSha));
        branch = name;
        return this;
    }

    /** Makes the existing branch {@code name} the one the next commits go to; staged files stay. */
    Upstream onBranch(String name) {
        branch = name;
        return this;
    }

    /** Points any full ref at a commit, as a host does with {@code refs/pull/7/head}. */
    void ref(String fullName, String sha) throws IOException {
        setRef(fullName, ObjectId.fromString(sha));
    }

    void deleteBranch(String name) throws IOException {
        deleteRef(Constants.R_HEADS + name);
    }

    void lightweightTag(String name, String sha) throws IOException {
        setRef(Constants.R_TAGS + name, ObjectId.fromString(sha));
    }

    /** An annotated tag object pointing at {@code sha}; returns the tag object's own id. */
    String annotatedTag(String name, String sha, String message) throws IOException {
        TagBuilder tag = new TagBuilder();
        tag.setTag(name);
        tag.setObjectId(ObjectId.fromString(sha), Constants.OBJ_COMMIT);
        tag.setTagger(new PersonIdent("Ada Author", "ada@example.com"));
        tag.setMessage(message);
        try (ObjectInserter inserter = repository.newObjectInserter()) {
            ObjectId id = inserter.insert(tag);
            inserter.flush();
            setRef(Constants.R_TAGS + name, id);
            return id.name();
        }
    }

    void deleteTag(String name) throws IOException {
        deleteRef(Constants.R_TAGS + name);
    }

    void setDefaultBranch(String name) throws IOException {
        RefUpdate.Result result = repository.updateRef(Constants.HEAD).link(Constants.R_HEADS + name);
        check(result, "HEAD");
    }

    String tip(String branchName) throws IOException {
        return repository.exactRef(Constants.R_HEADS + branchName).getObjectId().name();
    }

    @Override
    public void close() {
        repository.close();
    }

    private Upstream stage(String path, FileMode mode, ObjectId id) {
        staged.put(path, new Entry(mode, id));
        return this;
    }

    private ObjectId insert(int type, byte[] content) throws IOException {
        try (ObjectInserter inserter = repository.newObjectInserter()) {
            ObjectId id = inserter.insert(type, content);
            inserter.flush();
            return id;
        }
    }

    private void setRef(String name, ObjectId id) throws IOException {
        RefUpdate update = repository.updateRef(name);
        update.setNewObjectId(id);
        update.setForceUpdate(true);
        check(update.update(), name);
    }

    private void deleteRef(String name) throws IOException {
        RefUpdate update = repository.updateRef(name);
        update.setForceUpdate(true);
        check(update.delete(), name);
    }

    private static void check(RefUpdate.Result result, String name) {
        switch (result) {
            case NEW, FORCED, FAST_FORWARD, NO_CHANGE -> {
            }
            default -> throw new IllegalStateException("cannot update " + name + " in the upstream: " + result);
        }
    }
}
