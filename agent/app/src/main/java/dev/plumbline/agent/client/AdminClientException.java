package dev.plumbline.agent.client;

import dev.plumbline.problem.Reasons;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.plumbline.problem.PlumblineException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;

/**
 * The admin API said no, or could not be asked. {@link #status()} is the HTTP status (0 when no answer
 * came), {@link #reason()} the API's error reason (or {@code Unreachable}, {@code NoAnswer},
 * {@code BadResponse}, {@code WaitTimedOut}), {@link #getMessage()} one sentence that says what to do.
 */
public final class AdminClientException extends PlumblineException {

    private static final Pattern TOKEN_NAME = Pattern.compile("token '([^']*)'");

    private final int status;

    private AdminClientException(int status, String reason, String message, Throwable cause) {
        super(reason, message, cause);
        this.status = status;
    }

    public int status() {
        return status;
    }

    /** A refusal: turns the status and the API's {@code {"error": {reason, message}}} into a sentence. */
    static AdminClientException refused(AdminEndpoint endpoint, AdminCall call, int status, String body) {
        ApiError error = ApiError.parse(body);
        String message = switch (status) {
            case 401 -> "the agent at " + endpoint.display() + " refused the token (401): set "
                    + AdminEndpoint.TOKEN_VARIABLE + " or --token-file to a valid token";
            case 403 -> tokenName(error.message()) + " may not " + call.action()
                    + " (403): it needs the operator role";
            case 404 -> call.stack() != null ? "no stack named " + call.stack()
                    : "the agent at " + endpoint.display() + " has no " + call.path() + " (404)";
            case 400, 409 -> error.message().isEmpty() ? error.reason() + " (" + status + ")" : error.message();
            default -> "the agent at " + endpoint.display() + " answered " + status
                    + (error.message().isEmpty() ? "" : ": " + error.message());
        };
        return new AdminClientException(status, error.reason().isEmpty() ? "Http" + status : error.reason(),
                message, null);
    }

    /** No answer: the connection failed, or the agent did not answer in time. */
    /** The agent took the connection (and the request) but sent no answer within the client's time. */
    static AdminClientException noAnswer(AdminEndpoint endpoint, IOException failure) {
        return new AdminClientException(0, Reasons.NO_ANSWER, "the agent at " + endpoint.display()
                + " accepted the connection but did not answer in time", failure);
    }

    static AdminClientException unreachable(AdminEndpoint endpoint, IOException failure) {
        return new AdminClientException(0, "Unreachable", "cannot reach the agent at " + endpoint.display() + ": "
                + why(failure), failure);
    }

    /** A 2xx answer that is not the JSON the API promises. */
    static AdminClientException badResponse(AdminEndpoint endpoint, AdminCall call, int status) {
        return new AdminClientException(status, Reasons.BAD_RESPONSE, "the agent at " + endpoint.display() + " answered "
                + call.method() + " " + call.path() + " with " + status + " but no JSON: is it a Plumbline agent?",
                null);
    }

    /** {@code sync --wait} ran out of time. */
    static AdminClientException waitTimedOut(String message) {
        return new AdminClientException(0, Reasons.WAIT_TIMED_OUT, message, null);
    }

    private static String why(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof UnknownHostException || cause instanceof UnresolvedAddressException) {
                return "unknown host";
            }
            if (cause instanceof java.net.SocketTimeoutException) {
                return "timed out";
            }
            if (cause instanceof SSLException) {
                return "TLS failed (" + cause.getMessage() + ")";
            }
        }
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConnectException) {
                return "connection refused";
            }
        }
        return failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
    }

    private static String tokenName(String message) {
        Matcher name = TOKEN_NAME.matcher(message);
        return name.find() ? "token '" + name.group(1) + "'" : "the token";
    }

    /** The API's error shape; empty strings when the body is not of it. */
    private record ApiError(String reason, String message) {

        private static final ObjectMapper JSON = new ObjectMapper();

        static ApiError parse(String body) {
            try {
                JsonNode error = JSON.readTree(body == null ? "" : body).path("error");
                return new ApiError(error.path("reason").asText(""), error.path("message").asText(""));
            } catch (IOException e) {
                return new ApiError("", "");
            }
        }
    }
}
