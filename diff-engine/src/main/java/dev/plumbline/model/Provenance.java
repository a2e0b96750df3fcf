package dev.plumbline.model;

import java.time.Instant;
import java.util.Objects;

/** Which stack wrote a live object, from which commit, and when. */
public record Provenance(String stack, String revision, Instant appliedAt) {

    public Provenance {
        Objects.requireNonNull(stack, "stack");
        Objects.requireNonNull(revision, "revision");
        Objects.requireNonNull(appliedAt, "appliedAt");
    }
}
