package dev.plumbline.agent.telemetry;

import dev.plumbline.engine.apply.ExecutionListener;
import dev.plumbline.engine.port.ReconcileListener;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Map;
import java.util.Objects;

/**
 * What the agent observes itself with, opened once and handed to whatever reports: the metrics, the
 * reconcile spans, and the executor's listener that joins the two. Closing it flushes the spans still
 * buffered and releases the metrics.
 */
public final class Telemetry implements AutoCloseable {

    private final AgentMetrics metrics;
    private final Tracing tracing;
    private final ReconcileTracer tracer;

    private Telemetry(AgentMetrics metrics, Tracing tracing) {
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.tracing = Objects.requireNonNull(tracing, "tracing");
        this.tracer = tracing.exporting() ? ReconcileTracer.of(tracing.openTelemetry()) : ReconcileTracer.noop();
    }

    /** The daemon's: Prometheus metrics with the JVM's, and traces as the OTEL_* environment asks. */
    public static Telemetry fromEnvironment(Map<String, String> env) {
        return new Telemetry(AgentMetrics.prometheus(), Tracing.fromEnvironment(env));
    }

    public static Telemetry of(AgentMetrics metrics, Tracing tracing) {
        return new Telemetry(metrics, tracing);
    }

    /** For one-shot commands and tests: metrics nobody scrapes, no spans. */
    public static Telemetry off() {
        return new Telemetry(AgentMetrics.on(new SimpleMeterRegistry()),
                Tracing.off());
    }

    public AgentMetrics metrics() {
        return metrics;
    }

    public ReconcileTracer tracer() {
        return tracer;
    }

    /** The listener to hand the executor: a span and a count per change written. */
    public ExecutionListener executionListener() {
        return ApplyTelemetry.of(tracer, metrics);
    }

    /** The listener to hand the engine: a trace per run, the reconcile metrics at its end. */
    public ReconcileListener reconcileListener() {
        return new RunTelemetry(tracer, metrics);
    }

    @Override
    public void close() {
        tracing.close();
        metrics.close();
    }
}
