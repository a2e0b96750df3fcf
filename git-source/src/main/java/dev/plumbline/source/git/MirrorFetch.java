package dev.plumbline.source.git;

import dev.plumbline.problem.PlumblineException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.errors.LockFailedException;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.SubmoduleConfig.FetchRecurseSubmodulesMode;
import org.eclipse.jgit.transport.FetchResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.TagOpt;
import org.eclipse.jgit.transport.TrackingRefUpdate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One fetch into a bare mirror: every branch and tag of the remote, mirrored as they are (moved refs
 * forced, deleted refs pruned), with a network timeout. A ref another process holds locked (the CLI
 * fetching into the same mirror while the agent runs) fails the attempt; it is tried again a few times
 * after a growing pause before the fetch fails as transient.
 */
final class MirrorFetch {

    static final List<RefSpec> REF_SPECS = List.of(
            new RefSpec("+refs/heads/*:refs/heads/*"),
            new RefSpec("+refs/tags/*:refs/tags/*"));
    static final Duration TIMEOUT = Duration.ofSeconds(60);
    static final int ATTEMPTS = 5;
    static final Duration FIRST_PAUSE = Duration.ofMillis(100);

    private static final Logger log = LoggerFactory.getLogger(MirrorFetch.class);

    /** Waits between attempts; tests hand in one that frees the lock instead of waiting. */
    @FunctionalInterface
    interface Pause {
        void pause(Duration duration) throws InterruptedException;

        Pause SLEEP = duration -> Thread.sleep(duration.toMillis());
    }

    private final Repository repository;
    private final Pause pause;

    MirrorFetch(Repository repository, Pause pause) {
        this.repository = repository;
        this.pause = pause;
    }

    /** Fetches {@code url} into the mirror; the JGit result carries what the remote advertised. */
    FetchResult run(String source, String url) {
        return run(source, url, REF_SPECS, true);
    }

    /**
     * Fetches {@code specs} of {@code url} into the mirror; {@code prune} removes local refs under the specs'
     * destinations that the remote no longer has.
     */
    FetchResult run(String source, String url, List<RefSpec> specs, boolean prune) {
        Duration wait = FIRST_PAUSE;
        for (int attempt = 1; ; attempt++) {
            String locked;
            try {
                FetchResult result = once(url, specs, prune);
                locked = lockedRef(source, url, result);
                if (locked == null) {
                    return result;
                }
            } catch (GitAPIException | RuntimeException e) {
                if (e instanceof PlumblineException plumbline) {
                    throw plumbline;
                }
                locked = lockedFile(e);
                if (locked == null) {
                    throw FetchFailure.of(source, url, e);
                }
            }
            if (attempt == ATTEMPTS) {
                throw FetchFailure.of(source, url, "the mirror's " + locked + " stayed locked by another fetch"
                        + " (" + ATTEMPTS + " attempts)", null);
            }
            log.debug("source '{}': {} in the mirror is locked by another fetch; trying again in {} ms",
                    source, locked, wait.toMillis());
            try {
                pause.pause(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw FetchFailure.of(source, url, "interrupted while waiting for a lock on " + locked, e);
            }
            wait = wait.multipliedBy(2);
        }
    }

    private FetchResult once(String url, List<RefSpec> specs, boolean prune) throws GitAPIException {
        return Git.wrap(repository).fetch()
                .setRemote(url)
                .setRefSpecs(specs)
                .setRemoveDeletedRefs(prune)
                .setTagOpt(TagOpt.NO_TAGS)
                .setRecurseSubmodules(FetchRecurseSubmodulesMode.NO)
                .setTimeout((int) TIMEOUT.toSeconds())
                .call();
    }

    /** The first ref another writer held locked, or null; any other failed update fails the fetch. */
    private static String lockedRef(String source, String url, FetchResult result) {
        String locked = null;
        for (TrackingRefUpdate update : result.getTrackingRefUpdates()) {
            RefUpdate.Result outcome = update.getResult();
            switch (outcome) {
                case NEW, FORCED, FAST_FORWARD, NO_CHANGE, RENAMED -> {
                }
                case LOCK_FAILURE -> locked = locked == null ? update.getLocalName() : locked;
                default -> throw FetchFailure.of(source, url, "cannot update " + update.getLocalName()
                        + " in the mirror (" + outcome.name().toLowerCase(Locale.ROOT) + ")", null);
            }
        }
        return locked;
    }

    /**
     * The file a lock failure names, when that is what went wrong. Two fetches of the same new commits
     * receive the same pack, and each removes the pack's {@code .keep} file when done: the slower one then
     * fails to remove a file that is already gone, after its refs were updated. That is a collision too.
     */
    private static String lockedFile(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof LockFailedException lock) {
                return lock.getFile() == null ? "a ref" : lock.getFile().getName();
            }
            String message = cause.getMessage();
            if (message != null && message.contains("delete") && message.strip().endsWith(".keep")) {
                return message.substring(message.lastIndexOf('/') + 1).strip();
            }
        }
        return null;
    }
}
