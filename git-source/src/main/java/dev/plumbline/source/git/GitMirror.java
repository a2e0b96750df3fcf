package dev.plumbline.source.git;

import dev.plumbline.snapshot.Shas;
import dev.plumbline.snapshot.Snapshot;
import dev.plumbline.snapshot.CommitInfo;
import dev.plumbline.snapshot.TreeReader;
import dev.plumbline.config.SourceConfig;
import dev.plumbline.problem.PlumblineException;
import dev.plumbline.problem.StalledException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.RefSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bare mirror of one source at {@code <mirrorsDir>/<source name>.git}: fetches every branch and tag of
 * the remote (pruning deleted ones) and remembers its default branch, resolves the source's ref to a
 * commit without the network, and hands out {@link Snapshot}s that read a commit's tree straight from the
 * object database. Fetches of one mirror run one at a time; resolving and reading may run from several
 * threads at once, also while a fetch runs. Another process fetching into the same mirror is tolerated.
 */
public final class GitMirror implements AutoCloseable {

    private static final String REMOTE = "origin";
    private static final Logger log = LoggerFactory.getLogger(GitMirror.class);

    private final SourceConfig source;
    private final Path directory;
    private final Repository repository;
    private final RefResolver refs;
    private final MirrorFetch fetch;
    /** The listings of the directories of the trees read so far, for the next commit's ({@link TreeListings}). */
    private final TreeListings listings = new TreeListings();
    private volatile PlumblineException lastFailure;

    private GitMirror(SourceConfig source, Path directory, Repository repository, MirrorFetch.Pause pause) {
        this.source = source;
        this.directory = directory;
        this.repository = repository;
        this.refs = new RefResolver(repository, source.name(), source.url());
        this.fetch = new MirrorFetch(repository, pause);
    }

    /** Opens the mirror of {@code source} under {@code mirrorsDir}, creating it (empty) when missing. */
    public static GitMirror open(SourceConfig source, Path mirrorsDir) {
        return open(source, mirrorsDir, MirrorFetch.Pause.SLEEP);
    }

    static GitMirror open(SourceConfig source, Path mirrorsDir, MirrorFetch.Pause pause) {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(mirrorsDir, "mirrorsDir");
        if (!source.name().matches("[A-Za-z0-9][-A-Za-z0-9_.]*")) {
            throw new IllegalArgumentException("a source name makes a directory name; '" + source.name()
                    + "' does not");
        }
        Path directory = mirrorsDir.resolve(source.name() + ".git").toAbsolutePath();
        Repository repository = null;
        try {
            Files.createDirectories(mirrorsDir);
            repository = new FileRepositoryBuilder().setGitDir(directory.toFile()).setBare().build();
            if (!repository.getObjectDatabase().exists()) {
                create(repository);
            }
            configure(repository, source);
            return new GitMirror(source, directory, repository, pause);
        } catch (IOException e) {
            if (repository != null) {
                repository.close();
            }
            throw MirrorReadFailure.opening(source.name(), directory, e);
        }
    }

    /**
     * Fetches the remote into the mirror and resolves the source's ref. A fetch that fails is a
     * {@link dev.plumbline.problem.TransientException} ({@code FetchFailed}); a ref that names nothing
     * after the fetch is a {@link StalledException} ({@code RevisionNotFound}).
     */
    public synchronized FetchResult fetch() {
        try {
            FetchResult result = fetchOnce();
            lastFailure = null;
            return result;
        } catch (PlumblineException e) {
            lastFailure = e;
            throw e;
        }
    }

    /**
     * Why the newest fetch failed; empty when it succeeded (or none was tried yet). The mirror still answers
     * {@link #resolve()} with what it last fetched, so a run can say that it works on that.
     */
    public Optional<PlumblineException> lastFetchFailure() {
        return Optional.ofNullable(lastFailure);
    }

    private FetchResult fetchOnce() {
        long start = System.nanoTime();
        String previous = previous();
        org.eclipse.jgit.transport.FetchResult fetched = fetch.run(source.name(), source.url());
        Optional<String> defaultBranch = Optional.empty();
        try {
            defaultBranch = RemoteHead.record(source.name(), repository, fetched);
        } catch (IOException e) {
            log.debug("source '{}': cannot record the default branch: {}", source.name(), e.getMessage());
        }
        // HEAD is resolved through the branch this fetch saw it name: another mirror of the same directory may be
        // rewriting the HEAD file at this moment (its lock makes our link fail), which must not look like none
        String ref = Constants.HEAD.equals(source.ref()) ? defaultBranch.orElse(source.ref()) : source.ref();
        String sha = refs.require(ref).name();
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        log.debug("fetched source '{}' from {} in {} ms: {} is {} ({})", source.name(),
                SourceUrl.redact(source.url()), took.toMillis(), source.ref(), sha,
                previous == null ? "first resolved" : sha.equals(previous) ? "unchanged" : "was " + previous);
        return new FetchResult(sha, previous, took);
    }

    /**
     * Fetches one ref of the remote that the mirror does not follow, such as a pull request's head
     * ({@code refs/pull/7/head}), or a branch of another repository ({@code url}: a fork's), into the mirror's
     * {@code local} ref under {@code refs/plumbline/}, and returns the commit it names. Failures are as for
     * {@link #fetch()}; a ref the remote does not have is a {@link StalledException} ({@code RevisionNotFound}).
     */
    public synchronized String fetchRef(String remoteRef, Optional<String> url, String local) {
        Objects.requireNonNull(remoteRef, "remoteRef");
        if (!remoteRef.startsWith("refs/") || remoteRef.contains("*") || remoteRef.contains(":")) {
            throw new IllegalArgumentException("not a full ref: " + remoteRef);
        }
        if (!local.matches("[a-z]+(/[A-Za-z0-9._-]+)+") || local.contains("..")) {
            throw new IllegalArgumentException("not a local ref name: " + local);
        }
        String target = "refs/plumbline/" + local;
        fetch.run(source.name(), url.orElse(source.url()), List.of(new RefSpec("+" + remoteRef + ":" + target)), false);
        try {
            org.eclipse.jgit.lib.Ref fetched = repository.exactRef(target);
            if (fetched == null || fetched.getObjectId() == null) {
                throw new StalledException(dev.plumbline.problem.Reasons.REVISION_NOT_FOUND, "source '"
                        + source.name() + "': " + remoteRef + " is not in " + SourceUrl.redact(url.orElse(source.url())));
            }
            return fetched.getObjectId().name();
        } catch (IOException e) {
            throw MirrorReadFailure.opening(source.name(), directory, e);
        }
    }

    /**
     * Fetches every pull-request head the remote publishes ({@code refs/pull/N/head} of GitHub and Gitea,
     * {@code refs/merge-requests/N/head} of GitLab, {@code refs/pull-requests/N/from} of Bitbucket Server) under
     * {@code refs/plumbline/<local>/}, so that a commit only a pull request leads to can be read. A remote that
     * publishes none of them leaves the mirror as it was.
     */
    public synchronized void fetchPullRequestRefs(String local) {
        if (!local.matches("[a-z]+")) {
            throw new IllegalArgumentException("not a local ref name: " + local);
        }
        String target = "refs/plumbline/" + local + "/";
        fetch.run(source.name(), source.url(), List.of(
                new RefSpec("+refs/pull/*/head:" + target + "pull/*"),
                new RefSpec("+refs/merge-requests/*/head:" + target + "merge-requests/*"),
                new RefSpec("+refs/pull-requests/*/from:" + target + "pull-requests/*")), false);
    }

    /** Removes a ref {@link #fetchRef} made; nothing when there is none. */
    public synchronized void forgetRef(String local) {
        try {
            org.eclipse.jgit.lib.RefUpdate delete = repository.updateRef("refs/plumbline/" + local);
            delete.setForceUpdate(true);
            delete.delete();
        } catch (IOException e) {
            log.debug("source '{}': cannot remove refs/plumbline/{}: {}", source.name(), local, e.getMessage());
        }
    }

    /** The commit the source's ref names in the mirror, without the network; empty when it names none. */
    public Optional<String> resolve() {
        return refs.find(source.ref()).map(RevCommit::name);
    }

    /**
     * The commit a branch, a tag (peeled), a full SHA present in the mirror or {@code HEAD} (the remote's
     * default branch) names; a {@link StalledException} ({@code RevisionNotFound}) when it names none.
     */
    public String resolve(String refOrSha) {
        Objects.requireNonNull(refOrSha, "refOrSha");
        return refs.require(refOrSha.strip()).name();
    }

    /**
     * The remote's default branch as a full ref ({@code refs/heads/main}), as recorded at the last fetch;
     * empty before the first fetch or when the remote did not say.
     */
    public Optional<String> defaultBranch() {
        try {
            org.eclipse.jgit.lib.Ref head = repository.exactRef(org.eclipse.jgit.lib.Constants.HEAD);
            return head != null && head.isSymbolic() && head.getObjectId() != null
                    ? Optional.of(head.getTarget().getName()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Whether the mirror holds the commit with this full SHA. */
    public boolean hasCommit(String sha) {
        if (sha == null || !Shas.isFull(sha.toLowerCase(Locale.ROOT))) {
            return false;
        }
        try {
            return refs.find(sha).isPresent();
        } catch (StalledException notACommit) {
            return false;
        }
    }

    /** The commit {@code sha} (or any ref {@link #resolve(String)} accepts) with a reader over its tree. */
    public Snapshot snapshot(String sha) {
        RevCommit commit = refs.require(Objects.requireNonNull(sha, "sha").strip());
        TreeReader tree = new CommitTreeReader(repository, source.name(), commit.name(), commit.getTree().getId(),
                listings);
        return new Snapshot(source.name(), source.ref(), commitInfo(commit), tree);
    }

    public SourceConfig source() {
        return source;
    }

    /** Where the bare mirror lives on disk. */
    public Path directory() {
        return directory;
    }

    @Override
    public void close() {
        repository.close();
    }

    private String previous() {
        try {
            return resolve().orElse(null);
        } catch (StalledException notACommit) {
            return null;
        }
    }

    private static CommitInfo commitInfo(RevCommit commit) {
        PersonIdent author = commit.getAuthorIdent();
        PersonIdent committer = commit.getCommitterIdent();
        return new CommitInfo(commit.name(), author.getName(), author.getEmailAddress(), author.getWhenAsInstant(),
                committer.getWhenAsInstant(), commit.getFullMessage());
    }

    private static void create(Repository repository) throws IOException {
        try {
            repository.create(true);
        } catch (IllegalStateException createdMeanwhile) {
            log.debug("mirror {} was created by another process meanwhile", repository.getDirectory());
        }
    }

    /**
     * Records the source's URL (credentials masked: they are never written to disk) as the mirror's remote,
     * and keeps JGit's automatic housekeeping inside the fetch that triggers it: detached, it would run on
     * after the fetch, unserialised with the next one. Housekeeping removes the packs it has repacked at
     * once ({@code gc.prunePackExpire=now}, as {@code git gc --auto} does): JGit's default keeps them an hour,
     * so a source pushed to more than once a minute stayed over the pack limit, and every fetch repacked the
     * whole repository (a push to a 10,000-file stack took 200 ms more to fetch, and more with every push).
     */
    private static void configure(Repository repository, SourceConfig source) throws IOException {
        String url = SourceUrl.redact(source.url());
        StoredConfig config = repository.getConfig();
        String before = config.getString("remote", REMOTE, "url");
        boolean detachedGc = config.getBoolean("gc", "autoDetach", true);
        boolean packsKept = !"now".equals(config.getString("gc", null, "prunePackExpire"));
        if (url.equals(before) && !detachedGc && !packsKept) {
            return;
        }
        config.setString("remote", REMOTE, "url", url);
        config.setStringList("remote", REMOTE, "fetch",
                MirrorFetch.REF_SPECS.stream().map(RefSpec::toString).toList());
        config.setBoolean("remote", REMOTE, "prune", true);
        config.setBoolean("gc", null, "autoDetach", false);
        config.setString("gc", null, "prunePackExpire", "now");
        config.save();
        if (before != null && !url.equals(before)) {
            log.info("source '{}' now fetches from {} (was {})", source.name(), url, before);
        }
    }
}
