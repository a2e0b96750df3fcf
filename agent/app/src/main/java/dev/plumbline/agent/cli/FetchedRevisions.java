package dev.plumbline.agent.cli;

import dev.plumbline.agent.Workspace;
import dev.plumbline.config.StackConfig;
import dev.plumbline.snapshot.Snapshot;
import java.util.HashMap;
import java.util.Map;

/**
 * For a one-shot command: fetches each source once, the first time a stack of it is worked on, and
 * remembers the revision its ref resolved to (or the one asked for), so that every stack of a source sees the
 * same commit.
 */
final class FetchedRevisions {

    private final Workspace workspace;
    private final Map<String, String> bySource = new HashMap<>();
    /** A commit or ref to plan instead of each source's followed ref ({@code plan --revision}). */
    private final java.util.Optional<String> revision;

    FetchedRevisions(Workspace workspace) {
        this(workspace, java.util.Optional.empty());
    }

    FetchedRevisions(Workspace workspace, java.util.Optional<String> revision) {
        this.workspace = workspace;
        this.revision = revision;
    }

    /** The commit the stack's source is at; fetches the source on first use. */
    String revision(StackConfig stack) {
        String known = bySource.get(stack.source());
        if (known == null) {
            var mirror = workspace.mirror(stack.source());
            String followed = mirror.fetch().sha();
            known = revision.isEmpty() ? followed : resolve(mirror, revision.get());
            bySource.put(stack.source(), known);
        }
        return known;
    }

    /**
     * A branch, tag, full ref or SHA in the fetched mirror; else a ref fetched on its own ({@code refs/pull/7/head});
     * else a commit that only a pull request leads to, after fetching every pull-request head the remote publishes.
     */
    private static String resolve(dev.plumbline.source.git.GitMirror mirror, String wanted) {
        try {
            return mirror.resolve(wanted);
        } catch (dev.plumbline.problem.StalledException notFetched) {
            if (wanted.startsWith("refs/") && !wanted.startsWith("refs/plumbline/")) {
                return mirror.fetchRef(wanted, java.util.Optional.empty(), "cli/" + wanted.substring(5)
                        .replaceAll("[^A-Za-z0-9._/-]", "_").replace("..", "_"));
            }
            if (!wanted.matches("[0-9a-fA-F]{40}|[0-9a-fA-F]{64}")) {
                throw notFetched;
            }
            mirror.fetchPullRequestRefs("cli");
            return mirror.resolve(wanted);
        }
    }

    Snapshot snapshot(StackConfig stack) {
        return workspace.mirror(stack.source()).snapshot(revision(stack));
    }
}
