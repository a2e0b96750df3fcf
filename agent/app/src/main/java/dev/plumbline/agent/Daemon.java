package dev.plumbline.agent;

import dev.plumbline.agent.admin.AdminServer;
import dev.plumbline.agent.telemetry.Telemetry;
import dev.plumbline.agent.webhook.WebhookEndpoint;
import dev.plumbline.config.AgentConfig;
import java.time.Clock;
import java.util.Map;

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

    public static Daemon start(AgentConfig config, Clock clock, Map<String, String> environment, Telemetry telemetry) {
        Agent agent = Agent.start(config, clock, telemetry, environment);
        try {
            WebhookEndpoint webhooks = WebhookEndpoint.of(agent, environment, telemetry.metrics()::webhookDelivery);
            return new Daemon(agent, AdminServer.start(agent, environment, telemetry.metrics()::scrape, webhooks));
        } catch (RuntimeException e) {
            agent.close();
            throw e;
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
