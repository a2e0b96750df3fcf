package dev.plumbline.source.webhook;

import java.util.Objects;

/**
 * The host checking that the hook is reachable: GitHub's {@code ping} event, sent when a hook is created,
 * and Bitbucket Server's {@code diagnostics:ping}, sent by its "Test connection" button. Nothing to fetch.
 */
public record Ping(GitHost host, String deliveryId) implements WebhookEvent {

    public Ping {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(deliveryId, "deliveryId");
    }
}
