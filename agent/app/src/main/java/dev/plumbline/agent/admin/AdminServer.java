package dev.plumbline.agent.admin;

import dev.plumbline.agent.operate.Operations;
import dev.plumbline.agent.operate.Refusal;
import dev.plumbline.agent.Agent;
import dev.plumbline.config.AdminConfig;
import dev.plumbline.config.AgentConfig;
import dev.plumbline.config.Preflight;
import dev.plumbline.config.Unreadable;
import dev.plumbline.problem.Location;
import dev.plumbline.problem.Problem;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HttpResponseException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.UnresolvedAddressException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's HTTP server (Javalin on Jetty): the admin API under {@code /api/v1} with bearer tokens and
 * roles ({@link Guard}), an audit entry for every mutating call with a valid token (allowed or refused), requests
 * without one counted, rate-limited per address and sampled in memory ({@link DeniedRequests}), health
 * and readiness, Prometheus metrics, and the Git hosts' webhooks under {@code /hooks/{source}}. HTTPS when a
 * certificate is given. Every error answer, also of an unknown path, a wrong method or a request Jetty refuses
 * ({@link JsonErrors}), has the shape {@code {"error": {"reason", "message"}}}.
 * Its part of the agent's preflight: {@link #checkTls} checks the TLS files as {@link #start} uses them, and
 * {@link #reserve} binds the address before the agent opens anything and holds it for {@link #start}.
 */
public final class AdminServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AdminServer.class);
    /** Sockets bound by {@link #reserve}, waiting for the {@link #start} with the same admin config. */
    private static final Map<AdminConfig, ServerSocketChannel> RESERVED = new ConcurrentHashMap<>();
    /** The reason of a failing {@code /healthz}: the agent's schedule stopped firing. */
    static final String SCHEDULER_STOPPED = dev.plumbline.problem.Reasons.SCHEDULER_STOPPED;

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
        ServerSocketChannel reserved = RESERVED.remove(config);
        Json json = new Json();
        Operations operations = new Operations(agent);
        DeniedRequests denied = new DeniedRequests(agent.telemetry().metrics(), agent.clock());
        FailedAuthLimit failedAuth = new FailedAuthLimit(config.failedAuthLimit(), agent.clock());
        Guard guard = new Guard(tokens, json, operations, failedAuth, denied);
        StackRoutes stacks = new StackRoutes(operations, json, denied);
        StatusPage page = new StatusPage(operations, tokens, failedAuth, denied, agent.clock(), config.tls().isPresent());
        Javalin javalin = Javalin.create(settings -> {
            settings.startup.showJavalinBanner = false;
            settings.startup.showOldJavalinVersionWarning = false;
            settings.http.maxRequestSize = Math.max(config.maxWebhookBytes() + 1, 64 * 1024);
            if (config.tls().isPresent()) {
                settings.jetty.addConnector((server, http) -> listening(TlsConnector.create(server, http,
                        config.tls().get(), config.host(), config.port()), reserved));
            } else if (reserved != null) {
                settings.jetty.addConnector((server, http) -> {
                    ServerConnector plain = new ServerConnector(server, new HttpConnectionFactory(http));
                    plain.setHost(config.host());
                    plain.setPort(config.port());
                    return listening(plain, reserved);
                });
            }
            settings.http.prefer405over404 = true;
            settings.jetty.modifyServer(server -> server.setErrorHandler(new JsonErrors()));
            settings.routes.exception(ApiError.class, (error, ctx) -> json.error(ctx, error));
            settings.routes.exception(Refusal.class, (refusal, ctx) -> json.error(ctx, ApiError.of(refusal)));
            settings.routes.exception(HttpResponseException.class, (answer, ctx) -> {
                ApiError error = ApiError.of(answer, ctx.method().name(), ctx.path());
                if (error.status() == 405) {
                    ctx.header("Allow", String.valueOf(answer.getDetails().get("availableMethods")));
                }
                json.error(ctx, error);
            });
            settings.routes.exception(Exception.class, (failure, ctx) -> {
                LOG.error("{} {}: failed", ctx.method().name(), ctx.path(), failure);
                json.error(ctx, ApiError.internal(failure));
            });
            settings.routes.get("/healthz", ctx -> live(agent, json, ctx));
            settings.routes.get("/readyz", ctx -> ready(agent, json, ctx));
            settings.routes.get("/metrics", guard.metrics(config.metricsRequireToken(), ctx -> ctx
                    .contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.get())));
            settings.routes.post("/hooks/{source}", webhooks);
            settings.routes.get("/", page::overview);
            settings.routes.get("/login", page::loginForm);
            settings.routes.post("/login", page::login);
            settings.routes.post("/logout", page::logout);
            settings.routes.get("/stacks/{name}", page::stack);
            settings.routes.post("/stacks/{name}/{action}", page::act);
            settings.routes.get("/fragments/stacks", page::rowsFragment);
            settings.routes.get("/assets/{file}", page::asset);
            settings.routes.get("/api/v1/stacks", guard.viewer(stacks::list));
            settings.routes.get("/api/v1/stacks/{name}", guard.viewer(stacks::get));
            settings.routes.get("/api/v1/stacks/{name}/plan", guard.viewer(stacks::plan));
            settings.routes.get("/api/v1/stacks/{name}/history", guard.viewer(stacks::history));
            settings.routes.get("/api/v1/audit", guard.viewer(stacks::audit));
            settings.routes.get("/api/v1/audit/denied", guard.viewer(stacks::denied));
            settings.routes.get("/api/v1/version", guard.viewer(new VersionRoute(json)));
            settings.routes.post("/api/v1/stacks/{name}/sync", guard.operator("sync", stacks::sync));
            settings.routes.post("/api/v1/stacks/{name}/pause", guard.operator("pause", stacks::pause));
            settings.routes.post("/api/v1/stacks/{name}/resume", guard.operator("resume", stacks::resume));
            settings.routes.post("/api/v1/stacks/{name}/rollback", guard.operator("rollback", stacks::rollback));
        });
        try {
            javalin.start(config.host(), config.port());
        } catch (RuntimeException e) {
            closeQuietly(reserved);
            throw Preflight.refusal(List.of(cannotListen(config, e)));
        }
        AdminServer server = new AdminServer(javalin, config.tls().isPresent() ? "https" : "http");
        LOG.info("admin API listening on {}{}", server.url(), tokens.isEmpty()
                ? " (no tokens configured: every /api call is refused)" : "");
        if (config.insecure()) {
            LOG.warn("admin API serves plain HTTP on {}, which is not a loopback address (admin.allowInsecure: true):"
                    + " tokens and webhook bodies cross the network unencrypted unless a proxy in front terminates"
                    + " TLS", (config.host().contains(":") ? "[" + config.host() + "]" : config.host()) + ":"
                    + server.port());
        }
        return server;
    }

    /**
     * Binds {@code admin.listen} now, before the agent opens anything, and holds the socket until the next
     * {@link #start} with this admin config serves on it, so that no other process can take the port in
     * between. A port that cannot be bound is a problem at {@code listen}, added to {@code problems}. When
     * the address is held for this config already (the CLI reserves before it starts the daemon), that
     * socket is the answer.
     */
    public static Optional<Reservation> reserve(AdminConfig config, List<Problem> problems) {
        ServerSocketChannel held = RESERVED.get(config);
        if (held != null && held.isOpen()) {
            return Optional.of(new Reservation(config, held));
        }
        ServerSocketChannel channel = null;
        try {
            channel = ServerSocketChannel.open();
            channel.socket().setReuseAddress(true);
            channel.bind(new InetSocketAddress(config.host(), config.port()));
        } catch (IOException | RuntimeException e) {
            closeQuietly(channel);
            problems.add(cannotListen(config, e));
            return Optional.empty();
        }
        ServerSocketChannel earlier = RESERVED.put(config, channel);
        closeQuietly(earlier);
        return Optional.of(new Reservation(config, channel));
    }

    /** A socket {@link #reserve} bound; closing it releases the port unless {@link #start} has taken it. */
    public static final class Reservation implements AutoCloseable {

        private final AdminConfig config;
        private final ServerSocketChannel channel;

        private Reservation(AdminConfig config, ServerSocketChannel channel) {
            this.config = config;
            this.channel = channel;
        }

        /** The port bound: {@code admin.listen}'s, or the one the system picked for port 0. */
        public int port() {
            return channel.socket().getLocalPort();
        }

        @Override
        public void close() {
            if (RESERVED.remove(config, channel)) {
                closeQuietly(channel);
            }
        }
    }

    /**
     * A {@link Preflight.Check}: the certificate and key of {@code admin.tls} can be read and used as
     * {@link #start} uses them (the key through the same {@link TlsConnector} code), each problem at the key
     * that names the file.
     */
    public static void checkTls(AgentConfig config, Map<String, String> environment, List<Problem> problems) {
        AdminConfig.Tls tls = config.admin().tls().orElse(null);
        if (tls == null) {
            return;
        }
        boolean certificate = read(tls.certFile(), "the TLS certificate", tls.certLocation(), problems)
                .filter(pem -> certificate(tls, pem, problems)).isPresent();
        boolean key = read(tls.keyFile(), "the TLS key", tls.keyLocation(), problems).isPresent();
        if (certificate && key) {
            try {
                TlsConnector.keyStore(tls, UUID.randomUUID().toString().toCharArray());
            } catch (RuntimeException e) {
                String message = String.valueOf(e.getMessage());
                problems.add(Problem.at(tls.keyLocation(), message.startsWith(tls.keyFile().toString()) ? message
                        : "cannot use " + tls.keyFile() + " as the TLS key: " + (e instanceof IndexOutOfBoundsException
                        ? "its PEM block has no END PRIVATE KEY line" : rootMessage(e))));
            }
        }
    }

    private static boolean certificate(AdminConfig.Tls tls, byte[] pem, List<Problem> problems) {
        try {
            if (!CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(pem)).isEmpty()) {
                return true;
            }
            problems.add(Problem.at(tls.certLocation(), tls.certFile() + " holds no PEM certificate"));
        } catch (CertificateException e) {
            problems.add(Problem.at(tls.certLocation(), tls.certFile() + " is not a PEM certificate: " + rootMessage(e)));
        }
        return false;
    }

    private static Optional<byte[]> read(Path file, String what, Location at, List<Problem> problems) {
        try {
            return Optional.of(Files.readAllBytes(file));
        } catch (IOException e) {
            problems.add(Problem.at(at, "cannot read " + what + " " + file + ": " + Unreadable.why(e)));
            return Optional.empty();
        }
    }

    private static Problem cannotListen(AdminConfig config, Exception error) {
        Throwable root = error;
        while (root.getCause() != null && !(root instanceof BindException)) {
            root = root.getCause();
        }
        String why = root instanceof UnresolvedAddressException ? "unknown host " + config.host()
                : root instanceof BindException && "Address already in use".equals(root.getMessage())
                ? "the address is already in use; stop what listens there or choose another port (0 picks a"
                        + " free one)"
                : rootMessage(error);
        return Problem.at(config.listenLocation(), "cannot listen on " + config.listen() + " (admin.listen): " + why);
    }

    private static Connector listening(Connector connector, ServerSocketChannel reserved) {
        if (reserved != null && connector instanceof ServerConnector server) {
            try {
                server.open(reserved);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return connector;
    }

    private static void closeQuietly(ServerSocketChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                LOG.debug("closing the admin socket", e);
            }
        }
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

    /** Liveness: ok while the agent's loop is alive (its schedule fires), 503 naming what stopped otherwise. */
    private static void live(Agent agent, Json json, Context ctx) {
        Optional<String> notLive = agent.notLive();
        if (notLive.isPresent()) {
            json.error(ctx, new ApiError(503, SCHEDULER_STOPPED, notLive.get()));
        } else {
            json.write(ctx, 200, Map.of("status", "ok"));
        }
    }

    private static void ready(Agent agent, Json json, Context ctx) {
        Map<String, Object> sources = new LinkedHashMap<>();
        agent.workspace().config().sources().forEach(source -> sources.put(source.name(),
                agent.fetched(source.name()) ? "ok" : "not fetched yet"));
        // a store that cannot be written (a full disk under stateDir) cannot record any status: say it here
        Object store = agent.workspace().storeHealth().failure().<Object>map(failure -> Map.of(
                "status", "failing", "operation", failure.operation(), "message", failure.message(),
                "since", failure.at().toString())).orElse("ok");
        boolean ready = agent.sourcesFetched() && "ok".equals(store);
        json.write(ctx, ready ? 200 : 503, Map.of("status", ready ? "ready" : "not ready",
                "checks", Map.of("stateStore", store, "sources", sources)));
    }

    private static String rootMessage(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
