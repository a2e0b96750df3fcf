package dev.plumbline.it.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.plumbline.agent.telemetry.AgentMetrics;
import dev.plumbline.agent.telemetry.Telemetry;
import dev.plumbline.agent.telemetry.Tracing;
import dev.plumbline.it.fixture.HookDelivery;
import dev.plumbline.it.fixture.Operated;
import dev.plumbline.it.fixture.Scenario;
import dev.plumbline.source.webhook.GitHost;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a running agent tells about itself after a reconcile: the Prometheus metrics on {@code /metrics},
 * and one trace per reconcile (fetch, render, observe, diff, a span per applied change) with the stack and
 * the revision as attributes.
 */
class TelemetryIT {

    @TempDir
    Path dir;

    @Test
    void aReconcileIsCountedTimedAndTraced() {
        InMemorySpanExporter spans = InMemorySpanExporter.create();
        SdkTracerProvider provider = SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans))
                .build();
        List<SpanData> finished;
        Scenario scenario = Scenario.overFile(dir);
        scenario.writeOperatedConfig(Scenario.Options.defaults().interval("1h"));
        String sha = scenario.manifest("motd", "motd", "hello").manifest("site", "site.conf", "listen 80;")
                .repo().commit("First");
        try (Operated agent = Operated.start(scenario, Telemetry.of(AgentMetrics.prometheus(),
                Tracing.using(provider)))) {
            await().atMost(Duration.ofSeconds(30)).until(() -> "hello".equals(scenario.liveFile("motd")));
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    agent.metric("plumbline_reconciles_total", "result=\"applied\",stack=\"web\"") == 1);

            assertThat(agent.metric("plumbline_apply_operations_total",
                    "operation=\"create\",provider=\"local\",result=\"success\"")).isEqualTo(2);
            assertThat(agent.metric("plumbline_reconcile_duration_seconds_count", "stack=\"web\"")).isEqualTo(1);
            assertThat(agent.metric("plumbline_git_fetch_duration_seconds_count", "source=\"infra\"")).isEqualTo(1);
            assertThat(agent.metric("plumbline_last_applied_timestamp_seconds", "stack=\"web\"")).isPositive();
            assertThat(agent.metric("plumbline_drifted_resources", "stack=\"web\"")).isZero();
            assertThat(agent.metric("plumbline_stacks_paused", "stack=\"web\"")).isZero();
            assertThat(agent.metric("plumbline_stack_condition", "condition=\"Ready\",stack=\"web\"")).isEqualTo(1);
            assertThat(agent.metric("plumbline_stack_info", "provider=\"local\",source=\"infra\",stack=\"web\""))
                    .isEqualTo(1);

            String second = scenario.manifest("motd", "motd", "again").repo().commit("Second");
            HookDelivery push = HookDelivery.push(GitHost.GITEA, second, "delivery-telemetry", Operated.HOOK_SECRET);
            assertThat(agent.hook("infra", push.body(), push.headers()).status()).isEqualTo(202);
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    agent.metric("plumbline_commit_to_applied_seconds_count", "stack=\"web\"") == 1);
            assertThat(agent.metric("plumbline_webhook_deliveries_total", "result=\"accepted\",source=\"infra\""))
                    .isEqualTo(1);
            assertThat(agent.metric("plumbline_reconciles_total", "result=\"applied\",stack=\"web\"")).isEqualTo(2);

            await().atMost(Duration.ofSeconds(10)).until(() -> spans.getFinishedSpanItems().stream()
                    .filter(s -> s.getName().equals("reconcile web")).count() == 2);
            finished = spans.getFinishedSpanItems(); // before closing: closing the exporter empties it
        }
        SpanData root = finished.stream().filter(s -> s.getName().equals("reconcile web"))
                .filter(s -> sha.equals(s.getAttributes().get(AttributeKey.stringKey("vcs.revision"))))
                .findFirst().orElseThrow();
        assertThat(root.getAttributes().get(AttributeKey.stringKey("plumbline.stack"))).isEqualTo("web");
        assertThat(root.getAttributes().get(AttributeKey.stringKey("vcs.revision"))).isEqualTo(sha);
        Map<String, List<String>> children = finished.stream()
                .filter(s -> s.getTraceId().equals(root.getTraceId()) && !s.getSpanId().equals(root.getSpanId()))
                .collect(Collectors.groupingBy(s -> s.getParentSpanId().equals(root.getSpanId()) ? "child" : "deeper",
                        Collectors.mapping(SpanData::getName, Collectors.toList())));
        assertThat(children.get("child")).contains("render", "observe", "diff", "apply create File motd",
                "apply create File site");
    }
}
