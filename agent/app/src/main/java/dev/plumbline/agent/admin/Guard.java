package dev.plumbline.agent.admin;

import dev.plumbline.agent.operate.Operations;
import dev.plumbline.agent.telemetry.LogText;
import dev.plumbline.config.AdminConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Authentication, roles and the audit log around each API handler. A request without a valid token is
 * refused (401) and counted, never audited; an address that fails too often is refused before its token is
 * checked (429 with {@code Retry-After}; {@link FailedAuthLimit}); both go to the bounded sample of
 * {@link DeniedRequests}, as a token refused for its role (403) does. An operator's call with a valid token is
 * audited whatever becomes of it: refused for its role (403), a body over {@link #MAX_BODY_BYTES} (413), a
 * refusal of the operation (404, 409, 400), a failure (500) or done. What the audit log and the log keep of
 * the request's stack name and of the result is clipped and escaped ({@link LogText}).
 */
final class Guard {

    private static final Logger LOG = LoggerFactory.getLogger(Guard.class);

    /** The largest body an API call may send (a rollback's is some 60 bytes). */
    static final int MAX_BODY_BYTES = 64 * 1024;
    /** How much of a stack name, and of a result, the audit log keeps. */
    static final int TARGET_CHARS = 200;
    static final int RESULT_CHARS = 1000;

    private final Tokens tokens;
    private final Json json;
    private final Operations operations;
    private final FailedAuthLimit limit;
    private final DeniedRequests denied;

    Guard(Tokens tokens, Json json, Operations operations, FailedAuthLimit limit, DeniedRequests denied) {
        this.tokens = tokens;
        this.json = json;
        this.operations = operations;
        this.limit = limit;
        this.denied = denied;
    }

    Handler viewer(Handler handler) {
        return ctx -> {
            require(ctx, AdminConfig.Role.VIEWER, "read");
            handler.handle(ctx);
        };
    }

    Handler metrics(boolean requireToken, Handler handler) {
        return requireToken ? viewer(handler) : handler;
    }

    /**
     * An operator's call, audited whatever its outcome once the caller is known (a call without a valid token
     * is not); {@code handler} returns the words the audit log records as the result.
     */
    Handler operator(String action, Function<Context, String> handler) {
        return ctx -> {
            Caller caller = authenticate(ctx);
            String target = "stack/" + LogText.escape(LogText.clip(ctx.pathParam("name"), TARGET_CHARS));
            int status;
            String result;
            try {
                authorize(ctx, caller, AdminConfig.Role.OPERATOR, action);
                readBody(ctx);
                result = handler.apply(ctx);
                status = ctx.status().getCode();
            } catch (RuntimeException failure) {
                ApiError error = ApiError.of(failure, ctx.method().name(), ctx.path());
                if (error.status() >= 500) {
                    LOG.error("{} {} {}: failed", caller.name(), action, target, failure);
                }
                json.error(ctx, error);
                status = error.status();
                result = error.reason() + ": " + error.getMessage();
            }
            result = LogText.escape(LogText.clip(result, RESULT_CHARS));
            operations.audited(caller.name(), action, target, status, result);
            LOG.info("{} {} {}: {} ({})", caller.name(), action, target, result, status);
        };
    }

    /**
     * Reads the body, at most {@link #MAX_BODY_BYTES} of it, for {@link Json#read}; a larger one (declared or
     * sent) is refused with 413 without reading the rest.
     */
    private void readBody(Context ctx) {
        ApiError tooLarge = ApiError.tooLarge("the body is larger than " + MAX_BODY_BYTES + " bytes, the most an API"
                + " call may send");
        if (ctx.contentLength() > MAX_BODY_BYTES) {
            throw tooLarge;
        }
        byte[] body;
        try (InputStream in = ctx.bodyInputStream()) {
            body = in.readNBytes(MAX_BODY_BYTES + 1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (body.length > MAX_BODY_BYTES) {
            throw tooLarge;
        }
        ctx.attribute(Json.BODY, body);
    }

    private Caller require(Context ctx, AdminConfig.Role role, String action) {
        Caller caller = authenticate(ctx);
        authorize(ctx, caller, role, action);
        return caller;
    }

    /**
     * The caller the request's token names. An address over the failed-authentication limit is refused before
     * its token is checked; a request without a valid token takes from its address's allowance.
     */
    private Caller authenticate(Context ctx) {
        String address = ctx.ip();
        Optional<Duration> wait = limit.wait(address);
        if (wait.isPresent()) {
            long seconds = Math.max(1, (wait.get().toMillis() + 999) / 1000);
            ctx.header("Retry-After", String.valueOf(seconds));
            denied.denied(address, ctx.method().name(), ctx.path(), DeniedRequests.RATE_LIMITED, 429);
            throw ApiError.rateLimited("too many requests without a valid token from this address; try again in "
                    + seconds + " s");
        }
        Optional<Caller> caller = tokens.authenticate(ctx.header("Authorization"));
        if (caller.isEmpty()) {
            limit.failed(address);
            denied.denied(address, ctx.method().name(), ctx.path(), DeniedRequests.UNAUTHENTICATED, 401);
            throw ApiError.unauthorized("a valid token is needed: send Authorization: Bearer <token>");
        }
        return caller.get();
    }

    private void authorize(Context ctx, Caller caller, AdminConfig.Role role, String action) {
        if (!caller.may(role)) {
            denied.denied(ctx.ip(), ctx.method().name(), ctx.path(), DeniedRequests.FORBIDDEN, 403);
            throw ApiError.forbidden("token '" + caller.name() + "' has role " + caller.role().word() + "; "
                    + action + " needs " + role.word());
        }
    }
}
