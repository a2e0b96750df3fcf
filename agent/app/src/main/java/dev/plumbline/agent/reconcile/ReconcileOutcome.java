package dev.plumbline.agent.reconcile;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How a reconcile ended, typed by what the loop does next: nothing ({@link Result#APPLIED},
 * {@link Result#UNCHANGED}, {@link Result#REPORTED}), wait for new input ({@link Result#STALLED}), or retry
 * after {@code requeueAfter} ({@link Result#FAILED}, {@link Result#WAITING}). {@code reason} is a stable
 * word, {@code message} a sentence; {@code revision} the commit worked on, when one was resolved.
 */
public record ReconcileOutcome(Result result, String reason, String message, Optional<String> revision,
                               Optional<Duration> requeueAfter) {

    public enum Result { APPLIED, UNCHANGED, REPORTED, STALLED, FAILED, WAITING, ABANDONED, PAUSED }

    public ReconcileOutcome {
        Objects.requireNonNull(result, "result");
        reason = reason == null ? "" : reason;
        message = message == null ? "" : message;
        revision = revision == null ? Optional.empty() : revision;
        requeueAfter = requeueAfter == null ? Optional.empty() : requeueAfter;
    }

    public static ReconcileOutcome applied(String revision, String message) {
        return new ReconcileOutcome(Result.APPLIED, "ReconciliationSucceeded", message, Optional.of(revision),
                Optional.empty());
    }

    public static ReconcileOutcome unchanged(String revision, String message) {
        return new ReconcileOutcome(Result.UNCHANGED, "ReconciliationSucceeded", message, Optional.of(revision),
                Optional.empty());
    }

    public static ReconcileOutcome reported(String revision, String reason, String message) {
        return new ReconcileOutcome(Result.REPORTED, reason, message, Optional.of(revision), Optional.empty());
    }

    public static ReconcileOutcome stalled(String revision, String reason, String message) {
        return new ReconcileOutcome(Result.STALLED, reason, message, Optional.ofNullable(revision), Optional.empty());
    }

    public static ReconcileOutcome failed(String revision, String reason, String message, Duration retryAfter) {
        return new ReconcileOutcome(Result.FAILED, reason, message, Optional.ofNullable(revision),
                Optional.of(retryAfter));
    }

    public static ReconcileOutcome waiting(String reason, String message, Duration retryAfter) {
        return new ReconcileOutcome(Result.WAITING, reason, message, Optional.empty(), Optional.of(retryAfter));
    }

    public static ReconcileOutcome abandoned(String revision) {
        return new ReconcileOutcome(Result.ABANDONED, "Abandoned",
                "the agent stopped mid-run; the next run continues from what was written",
                Optional.ofNullable(revision), Optional.empty());
    }

    public static ReconcileOutcome paused(String stack) {
        return new ReconcileOutcome(Result.PAUSED, "Paused", "stack '" + stack + "' is paused; nothing is applied"
                + " until it is resumed", Optional.empty(), Optional.empty());
    }

    /** Whether live state matches (or was made to match) Git. */
    public boolean converged() {
        return result == Result.APPLIED || result == Result.UNCHANGED;
    }
}
