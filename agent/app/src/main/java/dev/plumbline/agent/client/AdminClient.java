package dev.plumbline.agent.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.plumbline.plan.PlanDocument;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * The agent's admin HTTP API (docs/api.md) as typed calls: each returns the answer's JSON as received, or
 * throws {@link AdminClientException} with a sentence a person can act on. Sends {@code Authorization:
 * Bearer <token>} when the endpoint has a token; HTTPS uses the JDK's default trust store.
 */
public final class AdminClient {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** A plan observes live state, so an answer may take a while. */
    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final AdminEndpoint endpoint;

    public AdminClient(AdminEndpoint endpoint) {
        this.endpoint = endpoint;
    }

    public AdminEndpoint endpoint() {
        return endpoint;
    }

    /** {@code GET /api/v1/stacks}: {@code {"stacks": [...]}}. */
    public JsonNode stacks() {
        return send(AdminCall.get("/api/v1/stacks", "list stacks", null));
    }

    /** {@code GET /api/v1/stacks/{name}}: one stack's status. */
    public JsonNode stack(String name) {
        return send(AdminCall.get(stackPath(name), "read stacks", name));
    }

    /** {@code GET /api/v1/stacks/{name}/plan}: the plan document, or {@code {stack, error}}. */
    public JsonNode plan(String name) {
        return send(AdminCall.get(stackPath(name) + "/plan", "plan", name));
    }

    /** An answer of {@link #plan} as the typed plan document, which {@code PlanText} prints. */
    public static PlanDocument planDocument(JsonNode answer) {
        return PlanDocument.fromMap(JSON.convertValue(answer, new TypeReference<Map<String, Object>>() { }));
    }

    /** {@code GET /api/v1/stacks/{name}/history}: newest first; {@code limit} null for the agent's default. */
    public JsonNode history(String name, Integer limit) {
        return send(AdminCall.get(stackPath(name) + "/history" + (limit == null ? "" : "?limit=" + limit),
                "read history", name));
    }

    /** {@code POST /api/v1/stacks/{name}/sync}: {@code {stack, requestId, hard, allowMassPrune}}. */
    public JsonNode sync(String name, boolean hard) {
        return sync(name, hard, false);
    }

    /** As above; {@code allowMassPrune} lets this one run through the prune guard. */
    public JsonNode sync(String name, boolean hard, boolean allowMassPrune) {
        String query = hard && allowMassPrune ? "?hard=true&allowMassPrune=true"
                : hard ? "?hard=true" : allowMassPrune ? "?allowMassPrune=true" : "";
        return send(AdminCall.post(stackPath(name) + "/sync" + query, "sync", name, null));
    }

    /** {@code POST /api/v1/stacks/{name}/pause}: {@code {stack, paused, pinnedRevision}}. */
    public JsonNode pause(String name) {
        return send(AdminCall.post(stackPath(name) + "/pause", "pause", name, null));
    }

    /** {@code POST /api/v1/stacks/{name}/resume}: {@code {stack, paused, pinnedRevision, requestId}}. */
    public JsonNode resume(String name) {
        return send(AdminCall.post(stackPath(name) + "/resume", "resume", name, null));
    }

    /** {@code POST /api/v1/stacks/{name}/rollback}: {@code {stack, pinnedRevision, requestId}}. */
    public JsonNode rollback(String name, String revision) {
        return send(AdminCall.post(stackPath(name) + "/rollback", "roll back", name,
                write(Map.of("revision", revision))));
    }

    /** JSON as people and scripts read it: indented, fields in the order received. */
    public static String pretty(JsonNode body) {
        return write(JSON.writer().with(SerializationFeature.INDENT_OUTPUT), body);
    }

    /**
     * One call, over {@link HttpURLConnection}: a client command makes one or two calls and ends, and the
     * JDK's {@code java.net.http} client costs several times as long to start as the call itself.
     */
    private JsonNode send(AdminCall call) {
        HttpURLConnection connection;
        try {
            connection = (HttpURLConnection) endpoint.resolve(call.path()).toURL().openConnection();
        } catch (IOException | IllegalArgumentException e) {
            throw AdminClientException.unreachable(endpoint, e instanceof IOException io ? io : new IOException(e));
        }
        connection.setConnectTimeout((int) CONNECT_TIMEOUT.toMillis());
        connection.setReadTimeout((int) ANSWER_TIMEOUT.toMillis());
        connection.setInstanceFollowRedirects(false);
        connection.setUseCaches(false);
        connection.setRequestProperty("Accept", "application/json");
        endpoint.token().ifPresent(token -> connection.setRequestProperty("Authorization", "Bearer " + token));
        int status;
        String answer;
        try {
            connection.setRequestMethod(call.method());
            byte[] body = null;
            if (call.body() != null || call.method().equals("POST")) {
                body = call.body() == null ? new byte[0] : call.body().getBytes(StandardCharsets.UTF_8);
                connection.setDoOutput(true);
                if (call.body() != null) {
                    connection.setRequestProperty("Content-Type", "application/json");
                }
                connection.setFixedLengthStreamingMode(body.length);
            }
            try {
                connection.connect();
            } catch (SocketTimeoutException e) {
                throw AdminClientException.unreachable(endpoint, e);
            }
            if (body != null) {
                try (OutputStream out = connection.getOutputStream()) {
                    out.write(body);
                }
            }
            status = connection.getResponseCode();
            InputStream in = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
            answer = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (SocketTimeoutException e) {
            throw AdminClientException.noAnswer(endpoint, e);
        } catch (IOException e) {
            throw AdminClientException.unreachable(endpoint, e);
        } finally {
            connection.disconnect();
        }
        if (status / 100 != 2) {
            throw AdminClientException.refused(endpoint, call, status, answer);
        }
        try {
            JsonNode body = JSON.readTree(answer);
            if (body == null || !body.isObject()) {
                throw AdminClientException.badResponse(endpoint, call, status);
            }
            return body;
        } catch (JsonProcessingException e) {
            throw AdminClientException.badResponse(endpoint, call, status);
        }
    }

    private static String stackPath(String name) {
        return "/api/v1/stacks/" + URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String write(Object value) {
        return write(JSON.writer(), value);
    }

    private static String write(ObjectWriter writer, Object value) {
        try {
            return writer.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }
}
