package dev.plumbline.agent.telemetry;

import dev.plumbline.engine.apply.ExecutionListener;
import static org.assertj.core.api.Assertions.assertThat;

import dev.plumbline.engine.apply.ChangeResult;
import dev.plumbline.model.ResourceKey;
import dev.plumbline.plan.Action;
import dev.plumbline.plan.Change;
import dev.plumbline.provider.ApplyResult;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class ApplyTelemetryTest {

    private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
    private final Tracing tracing = Tracing.using(
            SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build());
    private final AgentMetrics metrics = AgentMetrics.on(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    private final Telemetry telemetry = Telemetry.of(metrics, tracing);
    private final ExecutionListener listener = telemetry.executionListener();

    @AfterEach
    void tearDown() {
        telemetry.close();
    }

    private static Change change(Action action, String namespace, String name) {
        return new Change(action, new ResourceKey("files", "files.plumbline.dev", "File", namespace, name),
                Optional.empty(), Optional.empty(), List.of());
    }

    private SpanData span(String name) {
        return exporter.getFinishedSpanItems().stream().filter(s -> s.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no span " + name + " in " + exporter.getFinishedSpanItems()));
    }

    @Test
    void changesTakenInOneCallAreSiblingSpansUnderTheReconcileAndLeaveTheContextAsItWas() {
        Change first = change(Action.CREATE, "", "a");
        Change second = change(Action.CREATE, "", "b");
        try (TraceScope run = telemetry.tracer().reconcile("web", "poll")) {
            String runSpanId = MDC.get(TraceScope.SPAN_ID);
            List<ExecutionListener.Applying> applying = List.of(listener.startedBeside(first),
                    listener.startedBeside(second));
            assertThat(MDC.get(TraceScope.SPAN_ID)).as("nothing made current").isEqualTo(runSpanId);
            applying.get(0).finished(new ChangeResult(first, ChangeResult.Status.DONE,
                    Optional.of(ApplyResult.created("")), "", "", 1));
            applying.get(1).finished(new ChangeResult(second, ChangeResult.Status.DONE,
                    Optional.of(ApplyResult.created("")), "", "", 1));
            applying.forEach(ExecutionListener.Applying::close);
            assertThat(MDC.get(TraceScope.SPAN_ID)).isEqualTo(runSpanId);
        }

        SpanData root = span("reconcile web");
        assertThat(span("apply create File a").getParentSpanId()).isEqualTo(root.getSpanId());
        assertThat(span("apply create File b").getParentSpanId()).isEqualTo(root.getSpanId());
        assertThat(new PrometheusText(metrics.scrape()).value("plumbline_apply_operations_total", "provider=files",
                "operation=create", "result=success")).hasValue(2.0);
    }

    @Test
    void eachChangeIsASpanUnderTheReconcileAndACount() {
        Change create = change(Action.CREATE, "", "site-conf");
        Change delete = change(Action.DELETE, "etc", "old");
        String applySpanId;
        try (TraceScope run = telemetry.tracer().reconcile("web", "poll")) {
            try (ExecutionListener.Applying applying = listener.started(create)) {
                applySpanId = MDC.get(TraceScope.SPAN_ID);
                assertThat(MDC.get(TraceScope.TRACE_ID)).isEqualTo(run.traceId());
                applying.finished(new ChangeResult(create, ChangeResult.Status.DONE,
                        Optional.of(ApplyResult.created("")), "", "", 2));
            }
            try (ExecutionListener.Applying applying = listener.started(delete)) {
                applying.finished(new ChangeResult(delete, ChangeResult.Status.DONE,
                        Optional.of(ApplyResult.deleted("")), "", "", 1));
            }
        }

        SpanData root = span("reconcile web");
        SpanData created = span("apply create File site-conf");
        assertThat(created.getSpanId()).isEqualTo(applySpanId);
        assertThat(created.getParentSpanId()).isEqualTo(root.getSpanId());
        assertThat(created.getAttributes().get(SpanAttributes.RESOURCE))
                .isEqualTo("files/files.plumbline.dev/File//site-conf");
        assertThat(created.getAttributes().get(SpanAttributes.ACTION)).isEqualTo("create");
        assertThat(created.getAttributes().get(SpanAttributes.PROVIDER)).isEqualTo("files");
        assertThat(created.getAttributes().get(SpanAttributes.OUTCOME)).isEqualTo("created");
        assertThat(created.getAttributes().get(SpanAttributes.ATTEMPTS)).isEqualTo(2L);
        assertThat(created.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
        assertThat(span("apply delete File etc/old").getParentSpanId()).isEqualTo(root.getSpanId());
        PrometheusText text = new PrometheusText(metrics.scrape());
        assertThat(text.value("plumbline_apply_operations_total", "provider=files", "operation=create",
                "result=success")).hasValue(1.0);
        assertThat(text.value("plumbline_apply_operations_total", "provider=files", "operation=delete",
                "result=success")).hasValue(1.0);
    }

    @Test
    void aFailedChangeIsAnErrorWithItsReasonAndAFailureCount() {
        Change update = change(Action.UPDATE, "", "site-conf");
        try (TraceScope run = telemetry.tracer().reconcile("web", "poll");
             ExecutionListener.Applying applying = listener.started(update)) {
            assertThat(run.traceId()).isNotEmpty();
            applying.finished(new ChangeResult(update, ChangeResult.Status.FAILED, Optional.empty(), "ApplyFailed",
                    "update File site-conf failed: permission denied", 3));
        }

        SpanData updated = span("apply update File site-conf");
        assertThat(updated.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(updated.getStatus().getDescription()).isEqualTo("ApplyFailed");
        assertThat(updated.getAttributes().get(SpanAttributes.MESSAGE)).contains("permission denied");
        assertThat(new PrometheusText(metrics.scrape()).value("plumbline_apply_operations_total",
                "operation=update", "result=failure")).hasValue(1.0);
    }

    @Test
    void aChangeThatEndedWithoutAResultCountsAsFailed() {
        Change create = change(Action.CREATE, "", "site-conf");
        try (TraceScope run = telemetry.tracer().reconcile("web", "poll")) {
            assertThat(run.traceId()).isNotEmpty();
            listener.started(create).close();
        }

        assertThat(span("apply create File site-conf").getStatus().getDescription()).isEqualTo("InternalError");
        assertThat(new PrometheusText(metrics.scrape()).value("plumbline_apply_operations_total",
                "operation=create", "result=failure")).hasValue(1.0);
        assertThat(MDC.get(TraceScope.TRACE_ID)).isNull();
    }

    @Test
    void outsideAReconcileChangesAreCountedButNotTraced() {
        Change create = change(Action.CREATE, "", "site-conf");
        try (ExecutionListener.Applying applying = listener.started(create)) {
            applying.finished(new ChangeResult(create, ChangeResult.Status.DONE,
                    Optional.of(ApplyResult.created("")), "", "", 1));
        }

        assertThat(exporter.getFinishedSpanItems()).isEmpty();
        assertThat(new PrometheusText(metrics.scrape()).value("plumbline_apply_operations_total",
                "operation=create", "result=success")).hasValue(1.0);
    }

    @Test
    void theNoneListenerDoesNothing() {
        Change create = change(Action.CREATE, "", "site-conf");
        try (ExecutionListener.Applying applying = ExecutionListener.none().started(create)) {
            applying.finished(new ChangeResult(create, ChangeResult.Status.DONE,
                    Optional.of(ApplyResult.created("")), "", "", 1));
        }
        assertThat(exporter.getFinishedSpanItems()).isEmpty();
    }
}
