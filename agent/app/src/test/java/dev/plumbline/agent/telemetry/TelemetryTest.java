package dev.plumbline.agent.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class TelemetryTest {

    @Test
    void theDaemonsTelemetryWithoutOtelVariablesServesMetricsAndTracesNothing() {
        try (Telemetry telemetry = Telemetry.fromEnvironment(Map.of())) {
            try (TraceScope run = telemetry.tracer().reconcile("web", "poll")) {
                assertThat(run.traceId()).isEmpty();
                assertThat(MDC.get(TraceScope.TRACE_ID)).isNull();
            }
            telemetry.metrics().reconciled("web", "applied", Duration.ofSeconds(1));

            assertThat(new PrometheusText(telemetry.metrics().scrape())
                    .value("plumbline_reconciles_total", "stack=web", "result=applied")).hasValue(1.0);
        }
    }

    @Test
    void offIsCheapAndQuiet() {
        try (Telemetry telemetry = Telemetry.off()) {
            telemetry.metrics().reconciled("web", "failed", Duration.ZERO);
            assertThat(telemetry.tracer()).isSameAs(ReconcileTracer.noop());
            assertThat(telemetry.executionListener()).isInstanceOf(ApplyTelemetry.class);
        }
    }
}
