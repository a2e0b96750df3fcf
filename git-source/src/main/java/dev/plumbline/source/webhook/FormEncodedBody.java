package dev.plumbline.source.webhook;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Reads the JSON out of a delivery sent as {@code application/x-www-form-urlencoded}: GitHub and Gitea
 * can be set to send the payload as the form field {@code payload} instead of as the body. Whether the
 * signature is over the form body or over the JSON in it differs by host; see the host's format.
 */
final class FormEncodedBody {

    static final String MEDIA_TYPE = "application/x-www-form-urlencoded";
    private static final String FIELD = "payload";

    private FormEncodedBody() {
    }

    /** Whether the request's {@code Content-Type} says the body is a form. */
    static boolean isForm(WebhookRequest request) {
        return request.header("Content-Type")
                .map(type -> type.split(";", 2)[0].strip().toLowerCase(Locale.ROOT))
                .filter(MEDIA_TYPE::equals)
                .isPresent();
    }

    /** The JSON the delivery carries: the {@code payload} field of a form, else the body itself. */
    static byte[] json(WebhookRequest request, String delivery) {
        byte[] body = request.body();
        return isForm(request) ? payload(body, delivery) : body;
    }

    /** The decoded {@code payload} field of a form body, as UTF-8 bytes. */
    static byte[] payload(byte[] form, String delivery) {
        String payload = null;
        for (String pair : new String(form, StandardCharsets.UTF_8).split("&")) {
            int equals = pair.indexOf('=');
            String name = decode(equals < 0 ? pair : pair.substring(0, equals), delivery);
            if (!name.equals(FIELD)) {
                continue;
            }
            if (payload != null) {
                throw new MalformedWebhookException("the form-encoded " + delivery + " has more than one '"
                        + FIELD + "' field; it should have exactly one, holding the JSON");
            }
            payload = equals < 0 ? "" : decode(pair.substring(equals + 1), delivery);
        }
        if (payload == null) {
            throw new MalformedWebhookException("the form-encoded " + delivery + " has no '" + FIELD
                    + "' field; it should hold the JSON (Content-Type is " + MEDIA_TYPE + ")");
        }
        return payload.getBytes(StandardCharsets.UTF_8);
    }

    private static String decode(String text, String delivery) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new MalformedWebhookException("the form-encoded " + delivery
                    + " has a broken %-escape; it is not valid " + MEDIA_TYPE);
        }
    }
}
