package dev.plumbline.source.webhook;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A webhook delivery as it arrived over HTTP: its headers and its body, the raw bytes exactly as received
 * (signatures are over those bytes, so the body must not be decoded and re-encoded on the way here).
 * Header names are looked up in any case, as HTTP wants; values of a header sent twice are kept in order.
 * {@link #toString()} names the headers but shows no values, since GitLab sends its secret as a header.
 */
public record WebhookRequest(Map<String, List<String>> headers, byte[] body) {

    public WebhookRequest {
        Objects.requireNonNull(headers, "headers");
        Objects.requireNonNull(body, "body");
        Map<String, List<String>> byName = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((name, values) -> {
            Objects.requireNonNull(name, "header name");
            List<String> merged = new ArrayList<>(byName.getOrDefault(name, List.of()));
            merged.addAll(List.copyOf(values));
            byName.put(name, List.copyOf(merged));
        });
        headers = Collections.unmodifiableMap(byName);
        body = body.clone();
    }

    /** A request with one value per header. */
    public static WebhookRequest of(Map<String, String> headers, byte[] body) {
        Map<String, List<String>> lists = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((name, value) -> lists.computeIfAbsent(name, n -> new ArrayList<>())
                .add(Objects.requireNonNull(value, name)));
        return new WebhookRequest(lists, body);
    }

    /** The first value of header {@code name} (any case), without surrounding white space; empty if absent. */
    public Optional<String> header(String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0).strip());
    }

    /** Whether header {@code name} is present with a value that is not blank. */
    public boolean hasHeader(String name) {
        return header(name).filter(value -> !value.isEmpty()).isPresent();
    }

    /** A copy of the body bytes. */
    @Override
    public byte[] body() {
        return body.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof WebhookRequest that && headers.equals(that.headers) && Arrays.equals(body, that.body);
    }

    @Override
    public int hashCode() {
        return 31 * headers.hashCode() + Arrays.hashCode(body);
    }

    @Override
    public String toString() {
        return "WebhookRequest[headers=" + headers.keySet() + ", body=" + body.length + " bytes]";
    }
}
