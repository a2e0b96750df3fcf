package dev.plumbline.agent;

import dev.plumbline.agent.admin.AdminServer;
import dev.plumbline.agent.telemetry.Telemetry;
import dev.plumbline.agent.webhook.WebhookEndpoint;
import dev.plumbline.config.AgentConfig;
import dev.plumbline.config.Preflight;
import dev.plumbline.problem.Problem;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The whole daemon: the {@link Agent} with its telemetry, and the HTTP server in front of it (admin API,
 * webhooks, health, metrics). Credentials (tokens, webhook secrets) are read from {@code environment} and
 * files when it starts; a missing one stops the start with every problem listed.
 */
public final class Daemon implements AutoCloseable {

    private final Agent agent;
    private final AdminServer server;

    private Daemon(Agent agent, AdminServer server) {
        this.agent = agent;
        this.server = server;
    }

    /** Starts with telemetry as the standard OTEL_* variables in {@code environment} ask. */
    public static Daemon start(AgentConfig config, Clock clock, Map<String, String> environment) {
        return start(config, clock, environment, Telemetry.fromEnvironment(environment));
    }

    /**
     * Checks everything the config refers to and binds the admin address first (every problem at once, before
     * the state store or a mirror is opened), then opens the agent, serves the admin API, and only then
     * starts polling and drift checks, so that nothing is reconciled by an agent that cannot be operated.
     */
    public static Daemon start(AgentConfig config, Clock clock, Map<String, String> environment, Telemetry telemetry) {
        List<Problem> problems = new ArrayList<>(Preflight.problems(config, environment, AdminServer::checkTls));
        Optional<AdminServer.Reservation> listen = AdminServer.reserve(config.admin(), problems);
        try {
            if (!problems.isEmpty()) {
                telemetry.close();
                throw Preflight.refusal(problems);
            }
            Agent agent = Agent.open(config, clock, telemetry, environment);
            try {
                WebhookEndpoint webhooks = WebhookEndpoint.of(agent, environment, telemetry.metrics()::webhookDelivery);
                Daemon daemon = new Daemon(agent, AdminServer.start(agent, environment, telemetry.metrics()::scrape,
                        webhooks));
                agent.startSchedules();
                return daemon;
            } catch (RuntimeException e) {
                agent.close();
                throw e;
            }
        } finally {
            listen.ifPresent(AdminServer.Reservation::close); // a no-op once the admin server serves on it
        }
    }

    public Agent agent() {
        return agent;
    }

    /** Where the HTTP server listens, e.g. {@code http://127.0.0.1:7070}. */
    public String url() {
        return server.url();
    }

    @Override
    public void close() {
        server.close();
        agent.close();
    }
}
