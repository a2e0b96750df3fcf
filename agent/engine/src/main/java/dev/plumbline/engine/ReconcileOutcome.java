package dev.plumbline.engine;

import dev.plumbline.problem.Reasons;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * How a reconcile ended, typed by what the loop does next: nothing ({@link Result#APPLIED},
 * {@link Result#UNCHANGED}, {@link Result#OUT_OF_SYNC}, {@link Result#DRIFTED}), wait for new input
 * ({@link Result#STALLED}), or retry after {@code requeueAfter} ({@link Result#WAITING}). {@code reason} is a
 * stable word from {@link Reasons}, {@code message} a sentence; {@code revision} the commit worked on, when
 * one was resolved.
 */
public record ReconcileOutcome(Result result, String reason, String message, Optional<String> revision,
                               Optional<Duration> requeueAfter) {

    /** What a run did, with the word history, metrics, spans and logs record and the condition it leaves. */
    public enum Result {
        APPLIED("applied", Condition.READY),
        UNCHANGED("unchanged", Condition.READY),
        /** Changes found and only reported: automatic sync is off. */
        OUT_OF_SYNC("outofsync", Condition.OUT_OF_SYNC),
        /** Drift found and only reported: selfHeal is off. */
        DRIFTED("drifted", Condition.DRIFTED),
        STALLED("failed", Condition.STALLED),
        WAITING("failed", Condition.WAITING),
        /** The agent stopped mid-run; the next run continues from what was written. */
        ABANDONED("abandoned", Condition.WAITING),
        PAUSED("paused", Condition.PAUSED);

        private final String word;
        private final Condition condition;

        Result(String word, Condition condition) {
            this.word = word;
            this.condition = condition;
        }

        /** The word of the history's {@code result}, the metrics' {@code result} label and the spans. */
        public String word() {
            return word;
        }

        public Condition condition() {
            return condition;
        }

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public ReconcileOutcome {
        Objects.requireNonNull(result, "result");
        reason = reason == null ? "" : reason;
        message = message == null ? "" : message;
        revision = revision == null ? Optional.empty() : revision;
        requeueAfter = requeueAfter == null ? Optional.empty() : requeueAfter;
    }

    public static ReconcileOutcome applied(String revision, String message) {
        return new ReconcileOutcome(Result.APPLIED, Reasons.RECONCILIATION_SUCCEEDED, message,
                Optional.of(revision), Optional.empty());
    }

    public static ReconcileOutcome unchanged(String revision, String message) {
        return new ReconcileOutcome(Result.UNCHANGED, Reasons.RECONCILIATION_SUCCEEDED, message,
                Optional.of(revision), Optional.empty());
    }

    /** Changes wait for a manual sync. */
    public static ReconcileOutcome outOfSync(String revision, String message) {
        return new ReconcileOutcome(Result.OUT_OF_SYNC, Reasons.MANUAL_SYNC, message, Optional.of(revision),
                Optional.empty());
    }

    /** Drift found and reported, not corrected. */
    public static ReconcileOutcome drifted(String revision, String message) {
        return new ReconcileOutcome(Result.DRIFTED, Reasons.DRIFT_DETECTED, message, Optional.of(revision),
                Optional.empty());
    }

    public static ReconcileOutcome stalled(String revision, String reason, String message) {
        return new ReconcileOutcome(Result.STALLED, reason, message, Optional.ofNullable(revision), Optional.empty());
    }

    /** A failure that may pass; retried after {@code retryAfter}. */
    public static ReconcileOutcome waiting(String revision, String reason, String message, Duration retryAfter) {
        return new ReconcileOutcome(Result.WAITING, reason, message, Optional.ofNullable(revision),
                Optional.of(retryAfter));
    }

    public static ReconcileOutcome abandoned(String revision) {
        return new ReconcileOutcome(Result.ABANDONED, Reasons.ABANDONED,
                "the agent stopped mid-run; the next run continues from what was written",
                Optional.ofNullable(revision), Optional.empty());
    }

    /** A paused stack looked at {@code revision}: {@code waiting} says what a resume would change ("" none). */
    public static ReconcileOutcome paused(String stack, String revision, String waiting) {
        return new ReconcileOutcome(Result.PAUSED, Reasons.PAUSED, "stack '" + stack + "' is paused; nothing is"
                + " applied until it is resumed" + (waiting.isEmpty() ? "" : ". " + waiting),
                Optional.ofNullable(revision), Optional.empty());
    }

    /** The same outcome, retried after {@code delay}. */
    public ReconcileOutcome requeueAfter(Duration delay) {
        return new ReconcileOutcome(result, reason, message, revision, Optional.of(delay));
    }

    public Condition condition() {
        return result.condition();
    }

    /** Whether live state matches (or was made to match) Git. */
    public boolean converged() {
        return result == Result.APPLIED || result == Result.UNCHANGED;
    }

    /** Whether the run found differences and only reported them. */
    public boolean reported() {
        return result == Result.OUT_OF_SYNC || result == Result.DRIFTED;
    }
}
