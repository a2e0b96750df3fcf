package dev.plumbline.source.webhook;

import java.util.Objects;

/**
 * A delivery of an event that is neither a push, a pull request nor a ping (an issue, a release, a review
 * comment...). The hook may send more events than Plumbline needs; such a delivery is answered but changes
 * nothing.
 *
 * @param event the event type as the host names it in its event header, e.g. {@code issues},
 *              {@code Issue Hook}, {@code repo:fork}
 */
public record Ignored(GitHost host, String deliveryId, String event) implements WebhookEvent {

    public Ignored {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(deliveryId, "deliveryId");
        Objects.requireNonNull(event, "event");
    }
}
