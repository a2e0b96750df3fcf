package dev.plumbline.agent.admin;

import dev.plumbline.problem.Reasons;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/** JSON in and out of the admin server, with one mapper: pretty, ordered as the views build it. */
final class Json {

    private final ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    void write(Context ctx, int status, Object body) {
        try {
            ctx.status(status).contentType("application/json").result(mapper.writeValueAsString(body) + "\n");
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    void error(Context ctx, ApiError error) {
        write(ctx, error.status(), Map.of("error", Map.of("reason", error.reason(), "message", error.getMessage())));
    }

    /** The request attribute under which the body is kept once read (with a size limit) by {@link Guard}. */
    static final String BODY = "plumbline.body";

    /** The body as JSON: the one {@link Guard} read if it did, else the request's. */
    JsonNode read(Context ctx) {
        byte[] body = ctx.attribute(BODY);
        try {
            return mapper.readTree(body != null ? body : ctx.bodyAsBytes());
        } catch (JsonProcessingException e) {
            throw ApiError.badRequest(Reasons.INVALID_JSON, "the body is not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    ObjectMapper mapper() {
        return mapper;
    }
}
