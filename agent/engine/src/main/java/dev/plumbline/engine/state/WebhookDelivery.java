package dev.plumbline.engine.state;

import java.time.Instant;
import java.util.Objects;

/**
 * A webhook delivery the agent received for a source: the host's delivery id, the host, the ref and new
 * revision it announced (when it was a push), and what the agent did with it.
 */
public record WebhookDelivery(String source, String deliveryId, Instant receivedAt, String host, String ref,
                              String revision, String result) {

    public WebhookDelivery {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(deliveryId, "deliveryId");
        Objects.requireNonNull(receivedAt, "receivedAt");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(result, "result");
    }
}
