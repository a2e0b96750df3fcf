package dev.plumbline.agent.telemetry;

import dev.plumbline.problem.Reasons;
import dev.plumbline.problem.PlumblineException;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import java.util.function.Supplier;
import org.slf4j.MDC;

/**
 * One span made current on this thread, for a try-with-resources block: while it is open the span is the
 * parent of new spans, and the SLF4J MDC carries its {@code trace_id} and {@code span_id} so that every
 * log line written inside names the trace. {@link #close()} ends the span and puts the MDC back as it was
 * (the parent's ids, or none). Close it on the thread that opened it, innermost first.
 */
public final class TraceScope implements AutoCloseable {

    /** The MDC key log lines carry the trace id under (hex, 32 characters). */
    public static final String TRACE_ID = "trace_id";
    /** The MDC key log lines carry the span id under (hex, 16 characters). */
    public static final String SPAN_ID = "span_id";

    private static final TraceScope NONE = new TraceScope(Span.getInvalid(), Scope.noop(), null, null);

    private final Span span;
    private final Scope scope;
    private final String previousTraceId;
    private final String previousSpanId;
    private final boolean current;
    private boolean closed;

    private TraceScope(Span span, Scope scope, String previousTraceId, String previousSpanId) {
        this(span, scope, previousTraceId, previousSpanId, true);
    }

    private TraceScope(Span span, Scope scope, String previousTraceId, String previousSpanId, boolean current) {
        this.span = span;
        this.scope = scope;
        this.previousTraceId = previousTraceId;
        this.previousSpanId = previousSpanId;
        this.current = current;
    }

    /** Makes a started span current and puts its ids in the MDC (when it has real ones). */
    static TraceScope enter(Span span) {
        SpanContext context = span.getSpanContext();
        if (!context.isValid()) {
            return NONE; // tracing is off: nothing to end, nothing to name in the logs
        }
        String traceId = MDC.get(TRACE_ID);
        String spanId = MDC.get(SPAN_ID);
        Scope scope = span.makeCurrent();
        MDC.put(TRACE_ID, context.getTraceId());
        MDC.put(SPAN_ID, context.getSpanId());
        return new TraceScope(span, scope, traceId, spanId);
    }

    /**
     * A started span that is not made current: one of several that overlap on one thread (the changes a
     * provider takes in one call), each a child of what is current now and none the parent of another.
     * Closing it ends the span and changes nothing else.
     */
    static TraceScope beside(Span span) {
        if (!span.getSpanContext().isValid()) {
            return NONE;
        }
        return new TraceScope(span, Scope.noop(), null, null, false);
    }

    /** A scope that records nothing: for a step outside any reconcile, or when tracing is off. */
    static TraceScope none() {
        return NONE;
    }

    /** The trace id (32 hex digits), or "" when nothing is traced. */
    public String traceId() {
        return span.getSpanContext().isValid() ? span.getSpanContext().getTraceId() : "";
    }

    public TraceScope attribute(AttributeKey<String> key, String value) {
        if (value != null) {
            span.setAttribute(key, value);
        }
        return this;
    }

    public TraceScope attribute(AttributeKey<Long> key, long value) {
        span.setAttribute(key, value);
        return this;
    }

    /** The commit the run works on, once it is resolved ({@code vcs.revision}). */
    public TraceScope revision(String sha) {
        return attribute(SpanAttributes.REVISION, sha);
    }

    /**
     * How the run ended, in the history's words; {@code failed} also sets the span's status to ERROR with
     * the reason as its description.
     */
    public TraceScope result(String result, String reason, String message) {
        attribute(SpanAttributes.RESULT, result);
        attribute(SpanAttributes.REASON, reason);
        if ("failed".equals(result)) {
            failed(reason, message);
        }
        return this;
    }

    /** Marks the span failed: status ERROR described by the stable reason, the sentence as an attribute. */
    public TraceScope failed(String reason, String message) {
        span.setStatus(StatusCode.ERROR, reason);
        attribute(SpanAttributes.REASON, reason);
        if (message != null && !message.isEmpty()) {
            attribute(SpanAttributes.MESSAGE, message);
        }
        return this;
    }

    /**
     * Marks the span failed by an exception: a {@link PlumblineException} by its reason and message, anything
     * else as {@code InternalError} with the exception recorded on the span.
     */
    public TraceScope failed(Throwable error) {
        if (error instanceof PlumblineException plumbline) {
            return failed(plumbline.reason(), plumbline.getMessage());
        }
        span.recordException(error);
        return failed(Reasons.INTERNAL_ERROR, String.valueOf(error));
    }

    /**
     * Runs {@code body} in this scope and returns what it returns; when it throws, the span is marked
     * failed ({@link #failed(Throwable)}) and the exception goes on unchanged.
     */
    public <T> T call(Supplier<T> body) {
        try {
            return body.get();
        } catch (RuntimeException | Error e) {
            failed(e);
            throw e;
        }
    }

    @Override
    public void close() {
        if (closed || this == NONE) {
            return;
        }
        closed = true;
        span.end();
        if (!current) {
            return;
        }
        scope.close();
        restore(TRACE_ID, previousTraceId);
        restore(SPAN_ID, previousSpanId);
    }

    private static void restore(String key, String value) {
        if (value == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, value);
        }
    }
}
