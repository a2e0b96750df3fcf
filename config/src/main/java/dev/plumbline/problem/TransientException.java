package dev.plumbline.problem;

/**
 * A failure that may pass by itself (a server unreachable, a lock held, a conflict with a concurrent
 * writer). The loop retries it with backoff.
 */
public class TransientException extends PlumblineException {

    public TransientException(String reason, String message) {
        super(reason, message, null);
    }

    public TransientException(String reason, String message, Throwable cause) {
        super(reason, message, cause);
    }
}
