package dev.plumbline.agent.telemetry;

import dev.plumbline.engine.Condition;
import dev.plumbline.plan.Action;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * The daemon's registry ({@link AgentMetrics#prometheus()}: Plumbline's metrics with the JVM's and the process')
 * with every meter registered, each {@link AgentMetrics} method having been called with every word it takes: what
 * a scrape of an agent that has seen everything shows. Tests read exported names from its scrape, never from a
 * list of names. {@link #EXERCISED} names the methods called, so that a test can tell when a new one is not.
 */
final class EveryMeter {

    /** The {@link AgentMetrics} methods {@link #populated()} calls. */
    static final Set<String> EXERCISED = Set.of("reconciled", "manifestsParsed", "driftedResources", "lastApplied",
            "nextRetry", "commitApplied", "applyOperation", "gitFetched", "gitFetchFailed", "stateStoreError",
            "webhookDelivery", "notification", "gitHostCall", "adminRequestDenied", "paused", "condition",
            "stackConfigured");

    /**
     * {@link AgentMetrics}' methods that register nothing: its accessors, the scrape, and the removal of a stack's
     * series.
     */
    static final Set<String> NOT_RECORDING = Set.of("registry", "scrape", "close", "stackRemoved");

    private EveryMeter() {
    }

    /** A new daemon registry with every meter (close it after use). */
    static AgentMetrics populated() {
        AgentMetrics metrics = AgentMetrics.prometheus();
        Instant now = Instant.now();
        for (String result : AgentMetrics.RECONCILE_RESULTS) {
            metrics.reconciled("web", result, "ReconciliationSucceeded", Duration.ofMillis(120));
        }
        metrics.reconciled("web", "failed", Duration.ofSeconds(2));
        metrics.manifestsParsed("web", 3);
        metrics.driftedResources("web", 1);
        metrics.lastApplied("web", now);
        metrics.nextRetry("web", Optional.of(now.plusSeconds(30)));
        metrics.commitApplied("web", now.minusSeconds(40), now);
        for (Action action : Action.values()) {
            if (action.mutates()) {
                metrics.applyOperation("local", action, true);
                metrics.applyOperation("local", action, false);
            }
        }
        metrics.gitFetched("infra", Duration.ofMillis(300));
        metrics.gitFetchFailed("infra");
        metrics.stateStoreError("saveStatus");
        for (String result : AgentMetrics.WEBHOOK_RESULTS) {
            metrics.webhookDelivery("infra", result);
        }
        for (String result : AgentMetrics.NOTIFICATION_RESULTS) {
            metrics.notification("chat", result);
        }
        for (String result : AgentMetrics.GIT_HOST_RESULTS) {
            metrics.gitHostCall("infra", "status", result);
            metrics.gitHostCall("infra", "comment", result);
        }
        for (String reason : AgentMetrics.ADMIN_DENIED_REASONS) {
            metrics.adminRequestDenied(reason);
        }
        metrics.paused("web", false);
        metrics.paused("db", true);
        metrics.condition("web", Condition.READY);
        metrics.condition("db", Condition.PAUSED);
        metrics.stackConfigured("web", "infra", "local", true);
        metrics.stackConfigured("db", "infra", "local", false);
        return metrics;
    }
}
