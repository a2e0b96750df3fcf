package dev.plumbline.agent.admin;

import dev.plumbline.agent.operate.Refusal;
import dev.plumbline.agent.telemetry.LogText;
import dev.plumbline.problem.Reasons;
import io.javalin.http.HttpResponseException;

/**
 * A refusal of an API call, with its HTTP status, a stable reason and a sentence for a person. The
 * server turns it into {@code {"error": {"reason": ..., "message": ...}}}, the one shape of every error answer.
 */
final class ApiError extends RuntimeException {

    /** How much of a request's path an error message repeats. */
    static final int PATH_IN_MESSAGE = 200;

    private final int status;
    private final String reason;

    ApiError(int status, String reason, String message) {
        super(message, null, false, false);
        this.status = status;
        this.reason = reason;
    }

    static ApiError unauthorized(String message) {
        return new ApiError(401, Reasons.UNAUTHORIZED, message);
    }

    static ApiError forbidden(String message) {
        return new ApiError(403, Reasons.FORBIDDEN, message);
    }

    static ApiError notFound(String message) {
        return new ApiError(404, Reasons.NOT_FOUND, message);
    }

    static ApiError badRequest(String reason, String message) {
        return new ApiError(400, reason, message);
    }

    static ApiError conflict(String reason, String message) {
        return new ApiError(409, reason, message);
    }

    static ApiError tooLarge(String message) {
        return new ApiError(413, Reasons.TOO_LARGE, message);
    }

    static ApiError rateLimited(String message) {
        return new ApiError(429, Reasons.RATE_LIMITED, message);
    }

    static ApiError internal(Throwable failure) {
        return new ApiError(500, Reasons.INTERNAL_ERROR, "the agent failed to answer (" + failure.getClass()
                .getSimpleName() + "); its log says more");
    }

    /** The answer to a refused operation: 404 for an unknown stack, 409 for "not now", 400 for "never so". */
    static ApiError of(Refusal refusal) {
        return switch (refusal.kind()) {
            case NOT_FOUND -> notFound(refusal.getMessage());
            case CONFLICT -> conflict(refusal.reason(), refusal.getMessage());
            case INVALID -> badRequest(refusal.reason(), refusal.getMessage());
        };
    }

    /**
     * An answer of the HTTP layer (no such endpoint, a method the path does not take, a body over the size
     * the server reads) in the API's words; {@code method} and {@code path} are the request's.
     */
    static ApiError of(HttpResponseException answer, String method, String path) {
        String where = method + " " + LogText.clip(path, PATH_IN_MESSAGE);
        return switch (answer.getStatus()) {
            case 404 -> notFound("there is no endpoint " + where);
            case 405 -> new ApiError(405, Reasons.METHOD_NOT_ALLOWED, "there is no endpoint " + where
                    + "; the path takes " + answer.getDetails().getOrDefault("availableMethods", "other methods"));
            case 413 -> tooLarge("the body of " + where + " is larger than the agent reads");
            default -> new ApiError(answer.getStatus(), reasonOf(answer.getStatus()), String.valueOf(answer
                    .getMessage()));
        };
    }

    /** Any failure of a handler as the answer it gets: refusals as they are, anything unexpected a 500. */
    static ApiError of(Throwable failure, String method, String path) {
        if (failure instanceof ApiError error) {
            return error;
        }
        if (failure instanceof Refusal refusal) {
            return of(refusal);
        }
        if (failure instanceof HttpResponseException answer) {
            return of(answer, method, path);
        }
        return internal(failure);
    }

    /** The reason of an answer the HTTP server gives by its status alone. */
    static String reasonOf(int status) {
        return switch (status) {
            case 401 -> Reasons.UNAUTHORIZED;
            case 403 -> Reasons.FORBIDDEN;
            case 404 -> Reasons.NOT_FOUND;
            case 405 -> Reasons.METHOD_NOT_ALLOWED;
            case 413, 414, 431 -> Reasons.TOO_LARGE;
            case 429 -> Reasons.RATE_LIMITED;
            default -> status >= 500 ? Reasons.INTERNAL_ERROR : Reasons.BAD_REQUEST;
        };
    }

    int status() {
        return status;
    }

    String reason() {
        return reason;
    }
}
