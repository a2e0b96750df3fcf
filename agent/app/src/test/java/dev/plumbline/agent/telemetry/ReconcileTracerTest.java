package dev.plumbline.agent.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plumbline.problem.StalledException;
import io.opentelemetry.api.trace.SpanId;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class ReconcileTracerTest {

    private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
    private final Tracing tracing = Tracing.using(
            SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build());
    private final ReconcileTracer tracer = ReconcileTracer.of(tracing.openTelemetry());

    @AfterEach
    void tearDown() {
        tracing.close();
        MDC.clear();
    }

    private Map<String, SpanData> spansByName() {
        return exporter.getFinishedSpanItems().stream()
                .collect(Collectors.toMap(SpanData::getName, Function.identity()));
    }

    @Test
    void oneTracePerReconcileWithItsStepsAsChildren() {
        try (TraceScope run = tracer.reconcile("web", "poll")) {
            try (TraceScope fetch = tracer.step("fetch")) {
                fetch.attribute(SpanAttributes.SOURCE, "infra");
                run.revision(fetch.call(() -> "0123456789abcdef0123456789abcdef01234567"));
            }
            assertThat(tracer.step("render", () -> 42)).isEqualTo(42);
            try (TraceScope observe = tracer.step("observe").attribute(SpanAttributes.PROVIDER, "files")) {
                assertThat(observe.traceId()).isEqualTo(run.traceId());
            }
            try (TraceScope diff = tracer.step("diff")) {
                assertThat(diff.traceId()).isEqualTo(run.traceId());
            }
            run.result("applied", "ReconciliationSucceeded", "applied revision main@0123456");
        }

        Map<String, SpanData> spans = spansByName();
        assertThat(spans).containsOnlyKeys("reconcile web", "fetch", "render", "observe", "diff");
        SpanData root = spans.get("reconcile web");
        assertThat(root.getParentSpanId()).isEqualTo(SpanId.getInvalid());
        assertThat(root.getAttributes().get(SpanAttributes.STACK)).isEqualTo("web");
        assertThat(root.getAttributes().get(SpanAttributes.TRIGGER)).isEqualTo("poll");
        assertThat(root.getAttributes().get(SpanAttributes.REVISION))
                .isEqualTo("0123456789abcdef0123456789abcdef01234567");
        assertThat(root.getAttributes().get(SpanAttributes.RESULT)).isEqualTo("applied");
        assertThat(root.getAttributes().get(SpanAttributes.REASON)).isEqualTo("ReconciliationSucceeded");
        assertThat(root.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
        for (String step : List.of("fetch", "render", "observe", "diff")) {
            assertThat(spans.get(step).getParentSpanId()).as(step).isEqualTo(root.getSpanId());
            assertThat(spans.get(step).getTraceId()).as(step).isEqualTo(root.getTraceId());
        }
        assertThat(spans.get("fetch").getAttributes().get(SpanAttributes.SOURCE)).isEqualTo("infra");
        assertThat(spans.get("observe").getAttributes().get(SpanAttributes.PROVIDER)).isEqualTo("files");
    }

    @Test
    void eachReconcileStartsItsOwnTraceEvenInsideAnother() {
        String outer;
        String inner;
        try (TraceScope first = tracer.reconcile("web", "poll")) {
            outer = first.traceId();
            try (TraceScope second = tracer.reconcile("db", "drift")) {
                inner = second.traceId();
            }
        }

        assertThat(inner).isNotEqualTo(outer);
        assertThat(spansByName().get("reconcile db").getParentSpanId()).isEqualTo(SpanId.getInvalid());
    }

    @Test
    void aFailedStepAndAFailedRunCarryTheStableReason() {
        try (TraceScope run = tracer.reconcile("web", "webhook")) {
            assertThatThrownBy(() -> tracer.step("render", () -> {
                throw new StalledException("RenderFailed", "site.yaml:3:1: mapping values are not allowed here");
            })).isInstanceOf(StalledException.class);
            run.result("failed", "RenderFailed", "site.yaml:3:1: mapping values are not allowed here");
        }

        Map<String, SpanData> spans = spansByName();
        SpanData render = spans.get("render");
        assertThat(render.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(render.getStatus().getDescription()).isEqualTo("RenderFailed");
        assertThat(render.getAttributes().get(SpanAttributes.MESSAGE)).contains("site.yaml:3:1");
        SpanData root = spans.get("reconcile web");
        assertThat(root.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(root.getStatus().getDescription()).isEqualTo("RenderFailed");
        assertThat(root.getAttributes().get(SpanAttributes.RESULT)).isEqualTo("failed");
    }

    @Test
    void anUnexpectedExceptionIsAnInternalErrorWithTheExceptionRecorded() {
        try (TraceScope run = tracer.reconcile("web", "poll")) {
            assertThat(run.traceId()).isNotEmpty();
            assertThatThrownBy(() -> tracer.step("diff", () -> {
                throw new IllegalStateException("bug");
            })).hasMessage("bug");
        }

        SpanData diff = spansByName().get("diff");
        assertThat(diff.getStatus().getDescription()).isEqualTo("InternalError");
        assertThat(diff.getEvents()).extracting(event -> event.getName()).contains("exception");
    }

    @Test
    void aRunThatOnlyReportsOrIsAbandonedIsNotAnError() {
        try (TraceScope run = tracer.reconcile("web", "drift")) {
            run.result("drifted", "DriftDetected", "1 resource(s) differ from Git");
        }

        SpanData root = spansByName().get("reconcile web");
        assertThat(root.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
        assertThat(root.getAttributes().get(SpanAttributes.RESULT)).isEqualTo("drifted");
    }

    @Test
    void theMdcCarriesTheCurrentSpanAndIsPutBackAfter() {
        MDC.put("request", "r-1");
        try (TraceScope run = tracer.reconcile("web", "poll")) {
            String rootSpan = MDC.get(TraceScope.SPAN_ID);
            assertThat(MDC.get(TraceScope.TRACE_ID)).isEqualTo(run.traceId()).hasSize(32);
            try (TraceScope render = tracer.step("render")) {
                assertThat(MDC.get(TraceScope.TRACE_ID)).isEqualTo(run.traceId()).isEqualTo(render.traceId());
                assertThat(MDC.get(TraceScope.SPAN_ID)).hasSize(16).isNotEqualTo(rootSpan);
            }
            assertThat(MDC.get(TraceScope.SPAN_ID)).isEqualTo(rootSpan);
        }

        assertThat(MDC.get(TraceScope.TRACE_ID)).isNull();
        assertThat(MDC.get(TraceScope.SPAN_ID)).isNull();
        assertThat(MDC.get("request")).isEqualTo("r-1");
    }

    @Test
    void stepsOutsideAReconcileRecordNothing() {
        try (TraceScope step = tracer.step("render")) {
            assertThat(step.traceId()).isEmpty();
            assertThat(MDC.get(TraceScope.TRACE_ID)).isNull();
        }
        assertThat(tracer.step("diff", () -> "plan")).isEqualTo("plan");

        assertThat(exporter.getFinishedSpanItems()).isEmpty();
    }

    @Test
    void theNoopTracerLeavesTheMdcAlone() {
        try (TraceScope run = ReconcileTracer.noop().reconcile("web", "poll");
             TraceScope step = ReconcileTracer.noop().step("render")) {
            run.revision("abc").result("failed", "FetchFailed", "unreachable");
            step.failed("RenderFailed", "bad");
            assertThat(run.traceId()).isEmpty();
            assertThat(MDC.get(TraceScope.TRACE_ID)).isNull();
        }
        assertThat(exporter.getFinishedSpanItems()).isEmpty();
    }

    @Test
    void closingTwiceEndsTheSpanOnce() {
        TraceScope run = tracer.reconcile("web", "poll");
        run.close();
        run.close();

        assertThat(exporter.getFinishedSpanItems()).hasSize(1);
        assertThat(MDC.get(TraceScope.TRACE_ID)).isNull();
    }
}
