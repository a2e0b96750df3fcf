package dev.plumbline.snapshot;

import java.util.Objects;

/**
 * One commit of a source, ready to render: the source's name, the ref it was asked for, the commit's
 * metadata and a reader over the commit's tree. Cheap to make: nothing is read until the tree is asked.
 */
public record Snapshot(String source, String ref, CommitInfo commit, TreeReader tree) {

    public Snapshot {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(ref, "ref");
        Objects.requireNonNull(commit, "commit");
        Objects.requireNonNull(tree, "tree");
    }

    /** The commit's full SHA. */
    public String sha() {
        return commit.sha();
    }
}
