package dev.plumbline.agent.githost;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The HTTP side of one Git host's API: sends JSON with the host's authentication headers, turns an answer
 * that is not 2xx into a {@link GitHostException} and keeps the token out of every message.
 */
final class HostClient {

    /** How long one request may take before it counts as a failure to answer. */
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    /** How much of an answer's body a message quotes. */
    static final int SNIPPET = 200;

    static final ObjectMapper JSON = new ObjectMapper();

    /** An answer: its status, body and headers. */
    record Answer(int status, String body, HttpHeaders headers) {
    }

    private final String hostName;
    private final URI apiUrl;
    private final String base;
    private final HttpClient http;
    private final String token;
    private final List<String> headers;

    /**
     * @param hostName how messages name the host, e.g. {@code GitHub}
     * @param headers  name, value, name, value…: what every request carries besides User-Agent and Accept
     */
    HostClient(String hostName, URI apiUrl, HttpClient http, String token, List<String> headers) {
        this.apiUrl = Objects.requireNonNull(apiUrl, "apiUrl");
        this.hostName = hostName + " at " + apiUrl.getHost() + (apiUrl.getPort() == -1 ? "" : ":" + apiUrl.getPort());
        String text = apiUrl.toString();
        while (text.endsWith("/")) {
            text = text.substring(0, text.length() - 1);
        }
        this.base = text;
        this.http = Objects.requireNonNull(http, "http");
        this.token = Objects.requireNonNull(token, "token");
        if (token.chars().anyMatch(c -> (c < 0x20 && c != '\t') || c == 0x7f)) {
            // said without the token: the JDK's own complaint about a header value would quote it
            throw new IllegalArgumentException("the API token for " + this.hostName
                    + " has a line break or control character, which an HTTP header cannot carry");
        }
        this.headers = List.copyOf(headers);
        if (headers.size() % 2 != 0) {
            throw new IllegalArgumentException("headers come in name, value pairs");
        }
    }

    /** The API's base URL without a trailing slash. */
    String base() {
        return base;
    }

    /** {@code base() + pathAndQuery}, whose path segments the caller has encoded ({@link #segment}). */
    URI uri(String pathAndQuery) {
        return URI.create(base + pathAndQuery);
    }

    /** Whether {@code uri} is on the API's own scheme, host and port, which alone are sent the token. */
    boolean sameOrigin(URI uri) {
        return uri.isAbsolute() && apiUrl.getScheme().equalsIgnoreCase(uri.getScheme())
                && apiUrl.getHost() != null && apiUrl.getHost().equalsIgnoreCase(uri.getHost())
                && port(apiUrl) == port(uri);
    }

    private static int port(URI uri) {
        if (uri.getPort() != -1) {
            return uri.getPort();
        }
        return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    static ObjectNode object() {
        return JSON.createObjectNode();
    }

    /**
     * Sends the request and answers it when its status is 2xx or one of {@code tolerated}; anything else is a
     * {@link GitHostException}.
     *
     * @param call what the request does, for messages: {@code create commit status}
     */
    Answer send(String call, String method, URI uri, JsonNode body, Set<Integer> tolerated) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT)
                .header("User-Agent", "plumbline");
        boolean acceptSet = false;
        for (int i = 0; i < headers.size(); i += 2) {
            request.header(headers.get(i), headers.get(i + 1));
            acceptSet |= headers.get(i).equalsIgnoreCase("Accept");
        }
        if (!acceptSet) {
            request.header("Accept", "application/json");
        }
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            byte[] bytes;
            try {
                bytes = JSON.writeValueAsBytes(body);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("cannot write a request body as JSON", e);
            }
            request.header("Content-Type", "application/json").method(method,
                    HttpRequest.BodyPublishers.ofByteArray(bytes));
        }
        String what = hostName + ": " + call + " (" + method + " " + uri.getRawPath() + ")";
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new GitHostException(redact(what + " got no answer: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage())), 0, true, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GitHostException(what + " was interrupted", 0, false, null);
        }
        int status = response.statusCode();
        String text = response.body() == null ? "" : response.body();
        if ((status >= 200 && status < 300) || tolerated.contains(status)) {
            return new Answer(status, text, response.headers());
        }
        throw new GitHostException(redact(what + " answered HTTP " + status + snippet(text)), status);
    }

    Answer send(String call, String method, URI uri, JsonNode body) {
        return send(call, method, uri, body, Set.of());
    }

    /** The answer's body as JSON; a body that is not JSON is a failure that will not pass by trying again. */
    JsonNode json(String call, Answer answer) {
        if (answer.body().isBlank()) {
            return JSON.missingNode();
        }
        try {
            return JSON.readTree(answer.body());
        } catch (JsonProcessingException e) {
            throw new GitHostException(redact(hostName + ": " + call + " answered HTTP " + answer.status()
                    + " with a body that is not JSON" + snippet(answer.body())), answer.status(), false, null);
        }
    }

    /** A failure of an answer whose JSON is not what the host documents. */
    GitHostException unexpected(String call, Answer answer, String what) {
        return new GitHostException(redact(hostName + ": " + call + " answered HTTP " + answer.status() + " with "
                + what + snippet(answer.body())), answer.status(), false, null);
    }

    private static String snippet(String body) {
        String flat = body.strip().replaceAll("\\s+", " ");
        if (flat.isEmpty()) {
            return "";
        }
        return ": " + CommitStatus.cut(flat, SNIPPET);
    }

    /** {@code text} without the token, should a host have echoed it. */
    String redact(String text) {
        if (token.isEmpty()) {
            return text;
        }
        return text.replace(token, "***");
    }

    /**
     * One path segment, percent-encoded: all but the unreserved characters of RFC 3986, so that a slash in a
     * GitLab project path reaches the host as {@code %2F}.
     */
    static String segment(String text) {
        StringBuilder out = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
                    || c == '_' || c == '~') {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }
}
