package dev.plumbline.agent.admin;

import dev.plumbline.problem.Reasons;
import dev.plumbline.agent.operate.Refusal;

/**
 * A refusal of an API call, with its HTTP status, a stable reason and a sentence for a person. The
 * server turns it into {@code {"error": {"reason": ..., "message": ...}}}.
 */
final class ApiError extends RuntimeException {

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

    /** The answer to a refused operation: 404 for an unknown stack, 409 for "not now", 400 for "never so". */
    static ApiError of(Refusal refusal) {
        return switch (refusal.kind()) {
            case NOT_FOUND -> notFound(refusal.getMessage());
            case CONFLICT -> conflict(refusal.reason(), refusal.getMessage());
            case INVALID -> badRequest(refusal.reason(), refusal.getMessage());
        };
    }

    int status() {
        return status;
    }

    String reason() {
        return reason;
    }
}
