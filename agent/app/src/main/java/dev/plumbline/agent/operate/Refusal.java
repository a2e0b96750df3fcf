package dev.plumbline.agent.operate;

import dev.plumbline.problem.Reasons;
import java.util.Objects;

/**
 * An operation refused, with what kind of refusal it is, a stable reason and a sentence for a person. The
 * admin API answers it with 404, 409 or 400; a page or the CLI shows the sentence.
 */
public final class Refusal extends RuntimeException {

    /** Why the operation cannot be done. */
    public enum Kind {
        /** No such stack. */
        NOT_FOUND,
        /** Not now: the stack's state forbids it (paused, not fetched yet). */
        CONFLICT,
        /** Never as asked: the request itself is wrong (a malformed or unknown revision). */
        INVALID
    }

    private final Kind kind;
    private final String reason;

    private Refusal(Kind kind, String reason, String message) {
        super(message, null, false, false);
        this.kind = Objects.requireNonNull(kind, "kind");
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    static Refusal notFound(String message) {
        return new Refusal(Kind.NOT_FOUND, Reasons.NOT_FOUND, message);
    }

    static Refusal conflict(String reason, String message) {
        return new Refusal(Kind.CONFLICT, reason, message);
    }

    public static Refusal invalid(String reason, String message) {
        return new Refusal(Kind.INVALID, reason, message);
    }

    public Kind kind() {
        return kind;
    }

    public String reason() {
        return reason;
    }
}
