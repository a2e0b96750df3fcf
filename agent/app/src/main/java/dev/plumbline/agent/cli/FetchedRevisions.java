package dev.plumbline.agent.cli;

import dev.plumbline.agent.Workspace;
import dev.plumbline.config.StackConfig;
import dev.plumbline.snapshot.Snapshot;
import java.util.HashMap;
import java.util.Map;

/**
 * For a one-shot command: fetches each source once, the first time a stack of it is worked on, and
 * remembers the revision its ref resolved to, so that every stack of a source sees the same commit.
 */
final class FetchedRevisions {

    private final Workspace workspace;
    private final Map<String, String> bySource = new HashMap<>();

    FetchedRevisions(Workspace workspace) {
        this.workspace = workspace;
    }

    /** The commit the stack's source is at; fetches the source on first use. */
    String revision(StackConfig stack) {
        String known = bySource.get(stack.source());
        if (known == null) {
            known = workspace.mirror(stack.source()).fetch().sha();
            bySource.put(stack.source(), known);
        }
        return known;
    }

    Snapshot snapshot(StackConfig stack) {
        return workspace.mirror(stack.source()).snapshot(revision(stack));
    }
}
