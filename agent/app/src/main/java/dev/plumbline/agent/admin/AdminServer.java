package dev.plumbline.agent.admin;

import dev.plumbline.agent.operate.Operations;
import dev.plumbline.agent.operate.Refusal;
import dev.plumbline.agent.Agent;
import dev.plumbline.config.AdminConfig;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's HTTP server (Javalin on Jetty): the admin API under {@code /api/v1} with bearer tokens and
 * roles, an audit entry for every mutating call (allowed or refused), health and readiness, Prometheus
 * metrics, and the Git hosts' webhooks under {@code /hooks/{source}}. HTTPS when a certificate is given.
 */
public final class AdminServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AdminServer.class);

    private final Javalin javalin;
    private final String scheme;

    private AdminServer(Javalin javalin, String scheme) {
        this.javalin = javalin;
        this.scheme = scheme;
    }

    /**
     * Starts serving. {@code metrics} renders the Prometheus text; {@code webhooks} handles
     * {@code POST /hooks/{source}} (it checks its own signatures).
     */
    public static AdminServer start(Agent agent, Map<String, String> environment, Supplier<String> metrics,
                                    Handler webhooks) {
        AdminConfig config = agent.workspace().config().admin();
        Tokens tokens = Tokens.of(config, environment);
        Json json = new Json();
        Operations operations = new Operations(agent);
        Guard guard = new Guard(tokens, json, operations);
        StackRoutes stacks = new StackRoutes(operations, json);
        Javalin javalin = Javalin.create(settings -> {
            settings.startup.showJavalinBanner = false;
            settings.startup.showOldJavalinVersionWarning = false;
            settings.http.maxRequestSize = Math.max(config.maxWebhookBytes() + 1, 64 * 1024);
            config.tls().ifPresent(tls -> settings.jetty.addConnector((server, http) ->
                    TlsConnector.create(server, http, tls, config.host(), config.port())));
            settings.routes.exception(ApiError.class, (error, ctx) -> json.error(ctx, error));
            settings.routes.exception(Refusal.class, (refusal, ctx) -> json.error(ctx, ApiError.of(refusal)));
            settings.routes.get("/healthz", ctx -> json.write(ctx, 200, Map.of("status", "ok")));
            settings.routes.get("/readyz", ctx -> ready(agent, json, ctx));
            settings.routes.get("/metrics", guard.metrics(config.metricsRequireToken(), ctx -> ctx
                    .contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.get())));
            settings.routes.post("/hooks/{source}", webhooks);
            settings.routes.get("/api/v1/stacks", guard.viewer(stacks::list));
            settings.routes.get("/api/v1/stacks/{name}", guard.viewer(stacks::get));
            settings.routes.get("/api/v1/stacks/{name}/plan", guard.viewer(stacks::plan));
            settings.routes.get("/api/v1/stacks/{name}/history", guard.viewer(stacks::history));
            settings.routes.get("/api/v1/audit", guard.viewer(stacks::audit));
            settings.routes.post("/api/v1/stacks/{name}/sync", guard.operator("sync", stacks::sync));
            settings.routes.post("/api/v1/stacks/{name}/pause", guard.operator("pause", stacks::pause));
            settings.routes.post("/api/v1/stacks/{name}/resume", guard.operator("resume", stacks::resume));
            settings.routes.post("/api/v1/stacks/{name}/rollback", guard.operator("rollback", stacks::rollback));
        });
        try {
            javalin.start(config.host(), config.port());
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot listen on " + config.host() + ":" + config.port()
                    + " (admin.listen): " + rootMessage(e), e);
        }
        AdminServer server = new AdminServer(javalin, config.tls().isPresent() ? "https" : "http");
        LOG.info("admin API listening on {}{}", server.url(), tokens.isEmpty()
                ? " (no tokens configured: every /api call is refused)" : "");
        return server;
    }

    public int port() {
        return javalin.port();
    }

    public String url() {
        String host = javalin.jettyServer().server().getURI() == null ? "127.0.0.1"
                : javalin.jettyServer().server().getURI().getHost();
        return scheme + "://" + host + ":" + port();
    }

    @Override
    public void close() {
        javalin.stop();
    }

    private static void ready(Agent agent, Json json, Context ctx) {
        Map<String, Object> sources = new LinkedHashMap<>();
        agent.workspace().config().sources().forEach(source -> sources.put(source.name(),
                agent.fetched(source.name()) ? "ok" : "not fetched yet"));
        boolean ready = agent.sourcesFetched();
        json.write(ctx, ready ? 200 : 503, Map.of("status", ready ? "ready" : "not ready",
                "checks", Map.of("stateStore", "ok", "sources", sources)));
    }

    private static String rootMessage(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }

    /** Authentication, roles and the audit log around each handler. */
    private record Guard(Tokens tokens, Json json, Operations operations) {

        Handler viewer(Handler handler) {
            return ctx -> {
                require(ctx, AdminConfig.Role.VIEWER, "read");
                handler.handle(ctx);
            };
        }

        Handler metrics(boolean requireToken, Handler handler) {
            return requireToken ? viewer(handler) : handler;
        }

        /** An operator's call, audited whatever its outcome. */
        Handler operator(String action, Function<Context, String> handler) {
            return ctx -> {
                Caller caller = Caller.ANONYMOUS;
                int status;
                String result;
                try {
                    caller = authenticate(ctx);
                    authorize(caller, AdminConfig.Role.OPERATOR, action);
                    result = handler.apply(ctx);
                    status = ctx.status().getCode();
                } catch (ApiError | Refusal refused) {
                    ApiError error = refused instanceof Refusal refusal ? ApiError.of(refusal) : (ApiError) refused;
                    json.error(ctx, error);
                    status = error.status();
                    result = error.reason() + ": " + error.getMessage();
                }
                String target = "stack/" + ctx.pathParam("name");
                operations.audited(caller.name(), action, target, status, result);
                LOG.info("{} {} {}: {} ({})", caller.name(), action, target, result, status);
            };
        }

        private Caller require(Context ctx, AdminConfig.Role role, String action) {
            Caller caller = authenticate(ctx);
            authorize(caller, role, action);
            return caller;
        }

        private Caller authenticate(Context ctx) {
            return tokens.authenticate(ctx.header("Authorization")).orElseThrow(() ->
                    ApiError.unauthorized("a valid token is needed: send Authorization: Bearer <token>"));
        }

        private static void authorize(Caller caller, AdminConfig.Role role, String action) {
            if (!caller.may(role)) {
                throw ApiError.forbidden("token '" + caller.name() + "' has role " + caller.role().word() + "; "
                        + action + " needs " + role.word());
            }
        }
    }
}
