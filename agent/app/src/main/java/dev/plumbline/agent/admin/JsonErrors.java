package dev.plumbline.agent.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.plumbline.agent.telemetry.LogText;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * The answers Jetty gives before a request reaches the API (a path it cannot decode: 400; headers over its
 * limit: 431) in the API's error shape, {@code {"error": {"reason", "message"}}}, instead of an HTML page.
 */
final class JsonErrors extends ErrorHandler {

    private final ObjectMapper mapper = new ObjectMapper();

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                    Callback callback) throws IOException {
        String text = message == null || message.isBlank() ? HttpStatus.getMessage(code) : message;
        byte[] body = mapper.writeValueAsBytes(Map.of("error", Map.of("reason", ApiError.reasonOf(code),
                "message", LogText.clip(text, ApiError.PATH_IN_MESSAGE))));
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        ByteBuffer buffer = ByteBuffer.allocate(body.length + 1).put(body).put((byte) '\n').flip();
        response.write(true, buffer, callback);
    }
}
