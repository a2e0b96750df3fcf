package dev.plumbline.source.webhook;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Test deliveries: the stored fixtures (bytes exactly as the host sends them), requests built from them,
 * and signatures computed here with {@link Mac} independently of the code under test.
 */
final class Deliveries {

    static final String SECRET = "plumbline-hook-secret-8f2c";
    static final byte[] SECRET_BYTES = SECRET.getBytes(StandardCharsets.UTF_8);

    private static final ObjectMapper JSON = new ObjectMapper();

    private Deliveries() {
    }

    /** The fixture's bytes exactly as stored under {@code src/test/resources/dev/plumbline/source/webhook}. */
    static byte[] fixture(String name) {
        try (InputStream in = Deliveries.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A request with {@code body} and the headers given as name, value, name, value... */
    static WebhookRequest request(byte[] body, String... headers) {
        return WebhookRequest.of(headers(headers), body);
    }

    static Map<String, String> headers(String... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("headers come as name, value pairs");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            headers.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return headers;
    }

    /** Lower-case hex HMAC-SHA256 of {@code body} under {@code secret}. */
    static String hmacSha256Hex(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The same JSON written again by another serialiser (pretty-printed): equal as JSON, other bytes. */
    static byte[] reserialised(byte[] json) {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(JSON.readTree(json));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static boolean sameJson(byte[] one, byte[] other) {
        try {
            return JSON.readTree(one).equals(JSON.readTree(other));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
