package dev.plumbline.problem;

import java.time.Duration;
import java.util.Optional;

/**
 * A failure that may pass by itself (a server unreachable, a lock held, a conflict with a concurrent
 * writer). The loop retries it with backoff, waiting at least {@link #retryAfter} when the target said how
 * long (an HTTP {@code Retry-After}, say).
 */
public class TransientException extends PlumblineException {

    private final Duration retryAfter;

    public TransientException(String reason, String message) {
        this(reason, message, null, null);
    }

    public TransientException(String reason, String message, Throwable cause) {
        this(reason, message, cause, null);
    }

    /** A failure whose target asked not to be called again before {@code retryAfter} (may be null). */
    public TransientException(String reason, String message, Throwable cause, Duration retryAfter) {
        super(reason, message, cause);
        this.retryAfter = retryAfter == null || retryAfter.isNegative() ? null : retryAfter;
    }

    /** How long the target asked to be left alone, if it said. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
