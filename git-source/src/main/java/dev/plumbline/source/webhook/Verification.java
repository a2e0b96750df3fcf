package dev.plumbline.source.webhook;

import dev.plumbline.problem.Reasons;
import java.util.Objects;

/**
 * Whether a delivery proved that it knows the hook's secret, as a stable reason word for status, logs and
 * metrics ({@value #VERIFIED}, {@value #MISSING_SIGNATURE}, {@value #MALFORMED_SIGNATURE},
 * {@value #BAD_SIGNATURE}) and a sentence that names the header it looked at. Neither ever holds the
 * secret, the signature expected or the signature received.
 */
public record Verification(boolean valid, String reason, String message) {

    public static final String VERIFIED = "Verified";
    /** The header is absent, or empty as Gitea sends it when the hook has no secret. */
    public static final String MISSING_SIGNATURE = Reasons.MISSING_SIGNATURE;
    /** The header is there but is not of the form the host writes (wrong prefix, not hex, wrong length). */
    public static final String MALFORMED_SIGNATURE = Reasons.MALFORMED_SIGNATURE;
    /** The header is well formed but does not match: another secret, or a body changed on the way. */
    public static final String BAD_SIGNATURE = Reasons.BAD_SIGNATURE;

    public Verification {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(message, "message");
        if (valid != reason.equals(VERIFIED)) {
            throw new IllegalArgumentException("a verification is valid exactly when its reason is " + VERIFIED);
        }
    }

    public static Verification verified(GitHost host, String header) {
        return new Verification(true, VERIFIED, "the " + header + " header of the " + host.displayName()
                + " delivery matches the configured secret");
    }

    public static Verification missing(GitHost host, String header) {
        return new Verification(false, MISSING_SIGNATURE, "the " + host.displayName() + " delivery has no "
                + header + " header, or an empty one; " + host.displayName()
                + " sends it only when the webhook has a secret, so set the same secret on the webhook");
    }

    public static Verification malformed(GitHost host, String header, String expected) {
        return new Verification(false, MALFORMED_SIGNATURE, "the " + header + " header of the "
                + host.displayName() + " delivery is not " + expected);
    }

    public static Verification mismatch(GitHost host, String header) {
        return new Verification(false, BAD_SIGNATURE, "the " + header + " header of the " + host.displayName()
                + " delivery does not match the configured secret; the webhook has another secret,"
                + " or the body was changed on the way");
    }
}
