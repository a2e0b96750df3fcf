package dev.plumbline.provider;

import java.util.Objects;

/** What one apply or delete did, with a sentence for a person. */
public record ApplyResult(Outcome outcome, String message) {

    public enum Outcome {
        CREATED, UPDATED, DELETED,
        /** Nothing was done on purpose (for example an adopted object left in place on prune). */
        SKIPPED
    }

    public ApplyResult {
        Objects.requireNonNull(outcome, "outcome");
        message = message == null ? "" : message;
    }

    public static ApplyResult created(String message) {
        return new ApplyResult(Outcome.CREATED, message);
    }

    public static ApplyResult updated(String message) {
        return new ApplyResult(Outcome.UPDATED, message);
    }

    public static ApplyResult deleted(String message) {
        return new ApplyResult(Outcome.DELETED, message);
    }

    public static ApplyResult skipped(String message) {
        return new ApplyResult(Outcome.SKIPPED, message);
    }
}
