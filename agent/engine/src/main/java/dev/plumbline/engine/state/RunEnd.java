package dev.plumbline.engine.state;

import java.time.Instant;
import java.util.Objects;

/**
 * How a run ended. {@code result} is the word of a {@link dev.plumbline.engine.ReconcileOutcome.Result}:
 * {@code applied}, {@code unchanged}, {@code drifted} (drift found and only reported), {@code outofsync}
 * (manual stack: changes reported), {@code failed}, {@code abandoned} (the agent stopped mid-run). Counts are of changes done (or found, when only reported).
 */
public record RunEnd(String revision, String result, String reason, String message, int created, int updated,
                     int deleted, int unchanged, Instant finishedAt) {

    public RunEnd {
        Objects.requireNonNull(result, "result");
        reason = reason == null ? "" : reason;
        message = message == null ? "" : message;
        Objects.requireNonNull(finishedAt, "finishedAt");
    }
}
