package dev.plumbline.engine.state;

import java.time.Instant;
import java.util.Objects;

/**
 * How a run ended. {@code result}: {@code applied}, {@code unchanged}, {@code drifted} (differences found
 * and only reported), {@code planned} (manual stack: reported), {@code failed}, {@code abandoned} (the agent
 * stopped mid-run). Counts are of changes done (or found, when only reported).
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
