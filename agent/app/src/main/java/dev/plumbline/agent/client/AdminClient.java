package dev.plumbline.agent.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.plumbline.plan.PlanDocument;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
    private final HttpClient http;

    public AdminClient(AdminEndpoint endpoint) {
        this.endpoint = endpoint;
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER);
        if (endpoint.server().getScheme().equalsIgnoreCase("http")) {
            builder.sslContext(plainOnly()); // never used; spares loading the JDK's trust store on every start
        }
        this.http = builder.build();
    }

    /**
     * A TLS context that trusts nothing, for a client that speaks plain HTTP only: the client would otherwise
     * build the JDK's default one (reading its trust store) though no TLS is ever spoken.
     */
    private static javax.net.ssl.SSLContext plainOnly() {
        try {
            javax.net.ssl.SSLContext context = javax.net.ssl.SSLContext.getInstance("TLS");
            context.init(new javax.net.ssl.KeyManager[0], new javax.net.ssl.TrustManager[0], null);
            return context;
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("TLS is part of every Java runtime", e);
        }
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

    private JsonNode send(AdminCall call) {
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint.resolve(call.path()))
                .timeout(ANSWER_TIMEOUT)
                .header("Accept", "application/json");
        endpoint.token().ifPresent(token -> request.header("Authorization", "Bearer " + token));
        if (call.body() == null) {
            request.method(call.method(), HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .method(call.method(), HttpRequest.BodyPublishers.ofString(call.body(), StandardCharsets.UTF_8));
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw AdminClientException.unreachable(endpoint, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw AdminClientException.unreachable(endpoint, new IOException("interrupted", e));
        }
        if (response.statusCode() / 100 != 2) {
            throw AdminClientException.refused(endpoint, call, response.statusCode(), response.body());
        }
        try {
            JsonNode body = JSON.readTree(response.body());
            if (body == null || !body.isObject()) {
                throw AdminClientException.badResponse(endpoint, call, response.statusCode());
            }
            return body;
        } catch (JsonProcessingException e) {
            throw AdminClientException.badResponse(endpoint, call, response.statusCode());
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
