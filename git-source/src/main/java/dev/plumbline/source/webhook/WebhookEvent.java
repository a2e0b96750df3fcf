package dev.plumbline.source.webhook;

/**
 * What one webhook delivery says, once {@link Webhooks#parse parsed}: a {@link Push} of one or more refs,
 * a {@link PullRequest} opened, updated or closed, a {@link Ping} (the host testing the hook), or an
 * {@link Ignored} event of some other type.
 */
public sealed interface WebhookEvent permits Push, Ping, Ignored, PullRequest {

    GitHost host();

    /**
     * The host's id for this delivery, from its delivery header, or {@code sha256:} and 16 hex digits of
     * the body's SHA-256 when the host sent none; either way a redelivery of the same bytes has the same id.
     */
    String deliveryId();
}
