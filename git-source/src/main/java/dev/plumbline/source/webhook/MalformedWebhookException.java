package dev.plumbline.source.webhook;

import dev.plumbline.problem.Reasons;
import dev.plumbline.problem.StalledException;

/**
 * A delivery that claims to be a push or a pull request (or names no event at all) but whose body is not
 * what that host sends for it: not JSON, or JSON without the ref, a SHA that is not a SHA, and so on. Sending the same
 * bytes again cannot help, hence a {@link StalledException}; the message says which field is wrong and
 * never quotes a secret.
 */
public class MalformedWebhookException extends StalledException {

    public static final String REASON = Reasons.MALFORMED_WEBHOOK;

    public MalformedWebhookException(String message) {
        super(REASON, message);
    }
}
