package dev.plumbline.source.webhook;

/**
 * What one host's deliveries look like: how they are signed and where the event, the delivery id, the
 * refs and the repository are. One implementation per {@link GitHost}; {@link Webhooks} picks it.
 */
interface HostFormat {

    /** Whether the delivery carries proof of {@code secret} (never empty) in this host's way. */
    Verification verify(WebhookRequest request, byte[] secret);

    /** The event the delivery carries; {@link MalformedWebhookException} if it is not what this host sends. */
    WebhookEvent parse(WebhookRequest request);

    /** The event type from the first of {@code headers} present; a delivery without one is malformed. */
    static String event(GitHost host, WebhookRequest request, String... headers) {
        for (String header : headers) {
            if (request.hasHeader(header)) {
                return request.header(header).orElseThrow();
            }
        }
        throw new MalformedWebhookException("the " + host.displayName() + " delivery has no " + headers[0]
                + " header, so its event type is unknown; " + host.displayName() + " always sends one");
    }
}
