package dev.plumbline.engine.state;

import java.util.List;

/**
 * The webhook deliveries seen per source, so that a replayed delivery is recognised and dropped. A store
 * may forget deliveries older than a host would retry (the SQLite store: as {@code admin.retention} says).
 */
public interface WebhookDeliveries {

    /** Remembers a delivery; false when this source saw this delivery id before (a replay). */
    boolean remember(WebhookDelivery delivery);

    /**
     * The newest deliveries of a source first (by the time received, then by delivery id), at most
     * {@code limit}.
     *
     * @throws IllegalArgumentException when {@code limit} is below 1
     */
    List<WebhookDelivery> recent(String source, int limit);
}
