package dev.plumbline.agent.githost;

/**
 * A call to a Git host's API failed: {@link #status()} is the HTTP status it answered (0 when no answer
 * came: a connection that failed or timed out), and {@link #transientFailure()} says whether trying again
 * later may succeed (no answer, 408, 429 and 5xx) or not (any other 4xx, an answer that cannot be read).
 * The message names the host, the call and the status, with the start of the answer's body; it never holds
 * the API token.
 */
public final class GitHostException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final boolean transientFailure;

    /** A failure whose transience follows from {@code status} ({@link #transientStatus(int)}). */
    public GitHostException(String message, int status) {
        this(message, status, transientStatus(status), null);
    }

    public GitHostException(String message, int status, boolean transientFailure, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.transientFailure = transientFailure;
    }

    /** The HTTP status the host answered, or 0 when it did not answer. */
    public int status() {
        return status;
    }

    /** Whether trying the same call again later may succeed. */
    public boolean transientFailure() {
        return transientFailure;
    }

    /** No answer (0), a timeout (408), throttling (429) and server errors (5xx) pass; other answers do not. */
    public static boolean transientStatus(int status) {
        return status == 0 || status == 408 || status == 429 || status >= 500;
    }
}
