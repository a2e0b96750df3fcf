package dev.plumbline.engine.state;

import java.time.Instant;
import java.util.Objects;

/**
 * The last known state of a stack. {@code condition} is the word of a {@link dev.plumbline.engine.Condition}
 * ({@code Ready}, {@code OutOfSync}, {@code Drifted}, {@code Waiting}, {@code Stalled}, ...); {@code reason} is
 * a stable CamelCase word from {@link dev.plumbline.problem.Reasons}; {@code message} a sentence for a person. Revisions are full commit SHAs, null when none yet.
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
