package dev.plumbline.engine.state;

import java.time.Instant;
import java.util.Objects;

/**
 * The last known state of a stack. {@code condition} is one of {@code Ready}, {@code Reconciling},
 * {@code Drifted}, {@code OutOfSync}, {@code Failed}, {@code Stalled}; {@code reason} is a stable CamelCase
 * word; {@code message} a sentence for a person. Revisions are full commit SHAs, null when none yet.
 */
public record StackStatus(String stack, String lastAttemptedRevision, Instant lastAttemptedAt,
                          String lastAppliedRevision, Instant lastAppliedAt, String condition, String reason,
                          String message, int drifted, Instant updatedAt) {

    public StackStatus {
        Objects.requireNonNull(stack, "stack");
        Objects.requireNonNull(condition, "condition");
        reason = reason == null ? "" : reason;
        message = message == null ? "" : message;
        Objects.requireNonNull(updatedAt, "updatedAt");
    }
}
