package dev.plumbline.engine.port;

import dev.plumbline.problem.PlumblineException;
import dev.plumbline.snapshot.Snapshot;
import java.util.Optional;

/**
 * The engine's port to the sources: which revision a source is at, fetching it, and reading one commit.
 * The agent's implementation is a JGit mirror per source; the engine never sees Git itself.
 *
 * <p>Failures are {@link dev.plumbline.problem.PlumblineException}s with a stable reason (a fetch that failed
 * is transient, a commit that is gone is stalled).
 */
public interface SnapshotReader {

    /** The revision the source's ref points at now, as last fetched; empty when never fetched. */
    Optional<String> current(String source);

    /** Fetches the source and returns the revision its ref points at. */
    String fetch(String source);

    /** The commit {@code revision} of the source, with a reader over its tree. */
    Snapshot read(String source, String revision);

    /**
     * Why the source's newest fetch failed (a remote unreachable, credentials refused, the ref deleted);
     * empty when it succeeded. A run then still works on the revision last fetched, and says so.
     */
    default Optional<PlumblineException> fetchFailure(String source) {
        return Optional.empty();
    }
}
