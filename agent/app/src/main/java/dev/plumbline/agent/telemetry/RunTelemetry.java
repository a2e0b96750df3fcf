package dev.plumbline.agent.telemetry;

import dev.plumbline.engine.ReconcileOutcome;
import dev.plumbline.engine.RunReport;
import dev.plumbline.engine.Trigger;
import dev.plumbline.engine.apply.ExecutionListener;
import dev.plumbline.engine.port.ReconcileListener;
import java.util.function.Supplier;

/**
 * The engine's runs as telemetry sees them: a trace per run (a root span, a span per step and per change
 * written) and the reconcile metrics, counted once at the run's one end, where the stack's condition gauge is
 * set too. A run turned away (a lease another process holds) is traced with its reason but not counted; a paused
 * stack's look updates the drift and condition gauges only.
 */
final class RunTelemetry implements ReconcileListener {

    private final ReconcileTracer tracer;
    private final AgentMetrics metrics;

    RunTelemetry(ReconcileTracer tracer, AgentMetrics metrics) {
        this.tracer = tracer;
        this.metrics = metrics;
    }

    @Override
    public RunScope started(String stack, Trigger trigger) {
        TraceScope trace = tracer.reconcile(stack, trigger.word());
        return new RunScope() {
            @Override
            public void revision(String sha) {
                trace.revision(sha);
            }

            @Override
            public <T> T step(String name, Supplier<T> body) {
                return tracer.step(name, body);
            }

            @Override
            public <T> T observe(String provider, Supplier<T> body) {
                try (TraceScope observe = tracer.step("observe")) {
                    observe.attribute(SpanAttributes.PROVIDER, provider);
                    return observe.call(body);
                }
            }

            @Override
            public void finished(RunReport report) {
                ReconcileOutcome outcome = report.outcome();
                trace.result(outcome.result().word(), outcome.reason(), outcome.message());
                if (report.skipped()) {
                    return;
                }
                metrics.condition(report.stack(), outcome.condition());
                metrics.manifestsParsed(report.stack(), report.manifestsParsed());
                metrics.nextRetry(report.stack(), outcome.requeueAfter().map(report.ended()::plus));
                if (outcome.result() == ReconcileOutcome.Result.PAUSED) {
                    metrics.driftedResources(report.stack(), report.drifted()); // it looked, it did nothing
                    return;
                }
                metrics.reconciled(report.stack(), outcome.result().word(), outcome.reason(), report.took());
                metrics.driftedResources(report.stack(), report.drifted());
                if (outcome.converged()) {
                    metrics.lastApplied(report.stack(), report.ended());
                    report.movedToCommitAt().ifPresent(at -> metrics.commitApplied(report.stack(), at, report.ended()));
                }
            }

            @Override
            public void close() {
                trace.close();
            }
        };
    }

    @Override
    public ExecutionListener changes() {
        return ApplyTelemetry.of(tracer, metrics);
    }
}
