package dev.plumbline.problem;

import java.util.Objects;

/**
 * The root of every failure Plumbline raises on purpose. Its subclasses tell the reconcile loop what to do
 * next ({@link StalledException}: do not retry until the input changes; {@link TransientException}: retry
 * with backoff). {@link #reason()} is a stable CamelCase word that shows up alike in status, history,
 * logs and metrics; {@link #getMessage()} is a sentence for a person.
 */
public abstract class PlumblineException extends RuntimeException {

    private final String reason;

    protected PlumblineException(String reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public String reason() {
        return reason;
    }
}
