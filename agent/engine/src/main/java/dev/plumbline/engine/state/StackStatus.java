package dev.plumbline.engine.state;

import java.time.Instant;
import java.util.Objects;

/**
 * The last known state of a stack. {@code condition} is the word of a {@link dev.plumbline.engine.Condition}
 * ({@code Ready}, {@code OutOfSync}, {@code Drifted}, {@code Waiting}, {@code Stalled}, ...); {@code reason} is
 * a stable CamelCase word from {@link dev.plumbline.problem.Reasons}; {@code message} a sentence for a person. Revisions are full commit SHAs, null when none yet.
 * {@code health}: {@code Healthy}, {@code Progressing} or {@code Degraded} as the stack's last wait for health
 * found its objects ({@code sync.healthTimeout}), with {@code healthMessage} naming the object at fault; empty
 * for a stack that does not wait.
 */
public record StackStatus(String stack, String lastAttemptedRevision, Instant lastAttemptedAt,
                          String lastAppliedRevision, Instant lastAppliedAt, String condition, String reason,
                          String message, int drifted, Instant updatedAt, String health, String healthMessage) {

    public StackStatus {
        Objects.requireNonNull(stack, "stack");
        Objects.requireNonNull(condition, "condition");
        reason = reason == null ? "" : reason;
        message = message == null ? "" : message;
        Objects.requireNonNull(updatedAt, "updatedAt");
        health = health == null ? "" : health;
        healthMessage = healthMessage == null ? "" : healthMessage;
    }

    /** A status without health (a stack that does not wait for it). */
    public StackStatus(String stack, String lastAttemptedRevision, Instant lastAttemptedAt, String lastAppliedRevision,
                       Instant lastAppliedAt, String condition, String reason, String message, int drifted,
                       Instant updatedAt) {
        this(stack, lastAttemptedRevision, lastAttemptedAt, lastAppliedRevision, lastAppliedAt, condition, reason,
                message, drifted, updatedAt, "", "");
    }
}
