package dev.plumbline.agent.telemetry;

import dev.plumbline.problem.Reasons;
import dev.plumbline.engine.apply.ExecutionListener;
import dev.plumbline.engine.apply.ChangeResult;
import dev.plumbline.plan.Change;
import dev.plumbline.provider.ApplyResult;
import java.util.Locale;
import java.util.Objects;

/**
 * The agent's {@link ExecutionListener}: each change the executor writes becomes an
 * {@code apply <action> <kind> <name>} span under the current reconcile (current while the provider works,
 * so its log lines carry the trace id; the spans of changes a provider takes in one call are siblings, none
 * current) and one count of {@code plumbline_apply_operations_total}.
 */
public final class ApplyTelemetry implements ExecutionListener {

    private final ReconcileTracer tracer;
    private final AgentMetrics metrics;

    private ApplyTelemetry(ReconcileTracer tracer, AgentMetrics metrics) {
        this.tracer = Objects.requireNonNull(tracer, "tracer");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    public static ApplyTelemetry of(ReconcileTracer tracer, AgentMetrics metrics) {
        return new ApplyTelemetry(tracer, metrics);
    }

    @Override
    public Applying started(Change change) {
        return new ChangeWatch(change, tracer.apply(change));
    }

    @Override
    public Applying startedBeside(Change change) {
        return new ChangeWatch(change, tracer.applyBeside(change));
    }

    /** One change between {@code started} and {@code close}. */
    private final class ChangeWatch implements Applying {

        private final Change change;
        private final TraceScope span;
        private boolean finished;

        ChangeWatch(Change change, TraceScope span) {
            this.change = change;
            this.span = span;
        }

        @Override
        public void finished(ChangeResult result) {
            if (finished || result.status() == ChangeResult.Status.NOT_RUN) {
                return;
            }
            finished = true;
            span.attribute(SpanAttributes.ATTEMPTS, result.attempts());
            boolean done = result.status() == ChangeResult.Status.DONE;
            if (done) {
                result.result().map(ApplyResult::outcome).ifPresent(outcome ->
                        span.attribute(SpanAttributes.OUTCOME, outcome.name().toLowerCase(Locale.ROOT)));
            } else {
                span.failed(result.reason(), result.message());
            }
            metrics.applyOperation(change.key().provider(), change.action(), done);
        }

        @Override
        public void close() {
            if (!finished) {
                finished = true;
                span.failed(Reasons.INTERNAL_ERROR, "running the change ended without a result");
                metrics.applyOperation(change.key().provider(), change.action(), false);
            }
            span.close();
        }
    }
}
