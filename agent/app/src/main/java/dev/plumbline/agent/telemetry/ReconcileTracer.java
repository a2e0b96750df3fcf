package dev.plumbline.agent.telemetry;

import dev.plumbline.plan.Change;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The spans of a reconcile, shaped for the reconciler's try-with-resources blocks. Each run is its own
 * trace: a root span {@code reconcile <stack>} with {@code plumbline.stack}, {@code plumbline.trigger} and
 * (once resolved) {@code vcs.revision}; under it the steps {@code fetch}, {@code render}, {@code observe},
 * {@code diff}, and one {@code apply <action> <kind> <name>} span per change written. A step or an apply
 * outside any reconcile (nothing current on the thread) records nothing.
 */
public final class ReconcileTracer {

    /** The instrumentation scope Plumbline's spans are reported under. */
    public static final String SCOPE = "dev.plumbline.agent";

    private static final ReconcileTracer NOOP = new ReconcileTracer(OpenTelemetry.noop().getTracer(SCOPE));

    private final Tracer tracer;

    private ReconcileTracer(Tracer tracer) {
        this.tracer = Objects.requireNonNull(tracer, "tracer");
    }

    public static ReconcileTracer of(OpenTelemetry openTelemetry) {
        return new ReconcileTracer(openTelemetry.getTracer(SCOPE));
    }

    /** Records nothing, at no cost: for the CLI's one-shot commands and tests that do not look at spans. */
    public static ReconcileTracer noop() {
        return NOOP;
    }

    /** Starts a new trace for one reconcile of {@code stack} and makes its root span current. */
    public TraceScope reconcile(String stack, String trigger) {
        Span span = tracer.spanBuilder("reconcile " + stack)
                .setNoParent()
                .setSpanKind(SpanKind.INTERNAL)
                .setAttribute(SpanAttributes.STACK, stack)
                .setAttribute(SpanAttributes.TRIGGER, trigger)
                .startSpan();
        return TraceScope.enter(span);
    }

    /** A step of the current reconcile ({@code fetch}, {@code render}, {@code observe}, {@code diff}), made current. */
    public TraceScope step(String name) {
        if (!Span.current().getSpanContext().isValid()) {
            return TraceScope.none();
        }
        return TraceScope.enter(tracer.spanBuilder(name).startSpan());
    }

    /**
     * Runs {@code body} as a step and returns what it returns; when it throws, the step is marked failed
     * (by the {@link dev.plumbline.problem.PlumblineException}'s reason, or {@code InternalError}) and the
     * exception goes on unchanged.
     */
    public <T> T step(String name, Supplier<T> body) {
        try (TraceScope step = step(name)) {
            return step.call(body);
        }
    }

    /** The span of one change being written, {@code apply <action> <kind> <name>}, made current. */
    public TraceScope apply(Change change) {
        return applySpan(change).map(TraceScope::enter).orElse(TraceScope.none());
    }

    /**
     * As {@link #apply}, for one of several changes a provider takes in one call: the span is a child of the
     * current one but is not made current, so that the spans of the call are siblings.
     */
    public TraceScope applyBeside(Change change) {
        return applySpan(change).map(TraceScope::beside).orElse(TraceScope.none());
    }

    private Optional<Span> applySpan(Change change) {
        if (!Span.current().getSpanContext().isValid()) {
            return Optional.empty();
        }
        return Optional.of(tracer.spanBuilder("apply " + change.action().word() + " "
                        + change.key().display())
                .setAttribute(SpanAttributes.RESOURCE, change.key().id())
                .setAttribute(SpanAttributes.ACTION, change.action().word())
                .setAttribute(SpanAttributes.PROVIDER, change.key().provider())
                .startSpan());
    }
}
