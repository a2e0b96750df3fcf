package dev.plumbline.source.webhook;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Names a delivery so that the receiver can tell a redelivery from a new event: the first of the host's
 * delivery headers that is present, or, when the host sent none, {@code sha256:} followed by the first 16
 * hex digits of the SHA-256 of the raw body. The latter is stable only as long as the bytes are: two
 * deliveries of the same bytes are taken for one.
 */
final class DeliveryId {

    static final String DERIVED_PREFIX = "sha256:";

    private DeliveryId() {
    }

    /** The value of the first of {@code headers} present and not blank, else the id derived from the body. */
    static String of(WebhookRequest request, List<String> headers) {
        for (String header : headers) {
            Optional<String> value = request.header(header).filter(text -> !text.isEmpty());
            if (value.isPresent()) {
                return value.get();
            }
        }
        return ofBody(request.body());
    }

    static String ofBody(byte[] body) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(body);
            return DERIVED_PREFIX + HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this Java runtime cannot compute SHA-256", e);
        }
    }
}
