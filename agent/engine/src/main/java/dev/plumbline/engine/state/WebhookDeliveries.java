package dev.plumbline.engine.state;

import java.util.List;

/** The webhook deliveries seen per source, so that a replayed delivery is recognised and dropped. */
public interface WebhookDeliveries {

    /** Remembers a delivery; false when this source saw this delivery id before (a replay). */
    boolean remember(WebhookDelivery delivery);

    /** The newest deliveries of a source first. */
    List<WebhookDelivery> recent(String source, int limit);
}
