package dev.plumbline.agent.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import dev.plumbline.engine.Condition;
import dev.plumbline.engine.ReconcileOutcome;
import dev.plumbline.engine.RunReport;
import dev.plumbline.engine.Trigger;
import dev.plumbline.plan.Action;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AgentMetricsTest {

    private final AgentMetrics metrics = AgentMetrics.on(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));

    @AfterEach
    void tearDown() {
        metrics.close();
    }

    private PrometheusText scrape() {
        return new PrometheusText(metrics.scrape());
    }

    @Test
    void countsReconcilesByReasonTooWithTheLabelKeptToReasonWords() {
        metrics.reconciled("web", "failed", "ApplyFailed", Duration.ZERO);
        metrics.reconciled("web", "failed", "ApplyFailed", Duration.ZERO);
        metrics.reconciled("web", "failed", "RenderFailed", Duration.ZERO);
        metrics.reconciled("web", "failed", "not a reason: /etc/passwd", Duration.ZERO);

        PrometheusText text = scrape();

        assertThat(text.value("plumbline_reconciles_total", "result=failed", "reason=ApplyFailed")).hasValue(2.0);
        assertThat(text.value("plumbline_reconciles_total", "result=failed", "reason=RenderFailed")).hasValue(1.0);
        assertThat(text.value("plumbline_reconciles_total", "result=failed", "reason=Other")).hasValue(1.0);
    }

    @Test
    void countsReconcilesByStackAndResultAndTimesThemInBuckets() {
        metrics.reconciled("web", "applied", Duration.ofMillis(200));
        metrics.reconciled("web", "applied", Duration.ofSeconds(3));
        metrics.reconciled("web", "failed", Duration.ofMillis(20));
        metrics.reconciled("db", "drifted", Duration.ofMinutes(20));

        PrometheusText text = scrape();

        assertThat(text.value("plumbline_reconciles_total", "stack=web", "result=applied")).hasValue(2.0);
        assertThat(text.value("plumbline_reconciles_total", "stack=web", "result=failed")).hasValue(1.0);
        assertThat(text.value("plumbline_reconciles_total", "stack=db", "result=drifted")).hasValue(1.0);
        String bucket = "plumbline_reconcile_duration_seconds_bucket";
        assertThat(text.value(bucket, "stack=web", "le=0.01")).hasValue(0.0);
        assertThat(text.value(bucket, "stack=web", "le=0.025")).hasValue(1.0);
        assertThat(text.value(bucket, "stack=web", "le=0.25")).hasValue(2.0);
        assertThat(text.value(bucket, "stack=web", "le=5.0")).hasValue(3.0);
        assertThat(text.value(bucket, "stack=web", "le=600.0")).hasValue(3.0);
        assertThat(text.value(bucket, "stack=web", "le=+Inf")).hasValue(3.0);
        assertThat(text.value(bucket, "stack=db", "le=600.0")).hasValue(0.0);
        assertThat(text.value(bucket, "stack=db", "le=+Inf")).hasValue(1.0);
        assertThat(text.value("plumbline_reconcile_duration_seconds_count", "stack=web")).hasValue(3.0);
        assertThat(text.value("plumbline_reconcile_duration_seconds_sum", "stack=web").getAsDouble())
                .isCloseTo(3.22, offset(1e-9));
    }

    @Test
    void theScrapeDeclaresTypesForPrometheus() {
        metrics.reconciled("web", "unchanged", Duration.ofMillis(5));
        metrics.paused("web", false);
        metrics.condition("web", Condition.READY);

        String text = metrics.scrape();

        assertThat(text).contains("# TYPE plumbline_reconciles_total counter")
                .contains("# TYPE plumbline_reconcile_duration_seconds histogram")
                .contains("# TYPE plumbline_stacks_paused gauge")
                .contains("# TYPE plumbline_stack_condition gauge");
    }

    @Test
    void rejectsResultsOutsideTheHistoryWordsSoThatLabelsStayBounded() {
        assertThatThrownBy(() -> metrics.reconciled("web", "Ready", Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'Ready'")
                .hasMessageContaining("abandoned, applied, drifted, failed, outofsync, unchanged");
        assertThatThrownBy(() -> metrics.webhookDelivery("infra", "ok"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not_found");
        assertThatThrownBy(() -> metrics.applyOperation("files", Action.NOOP, true))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not unchanged");
    }

    @Test
    void measuresCommitToAppliedFromTheCommitTime() {
        Instant committed = Instant.parse("2026-05-01T12:00:00Z");
        metrics.commitApplied("web", committed, committed.plusSeconds(45));
        metrics.commitApplied("web", committed, committed.minusSeconds(3)); // a committer's clock ahead of ours

        PrometheusText text = scrape();

        String bucket = "plumbline_commit_to_applied_seconds_bucket";
        assertThat(text.value(bucket, "stack=web", "le=1.0")).hasValue(1.0);
        assertThat(text.value(bucket, "stack=web", "le=30.0")).hasValue(1.0);
        assertThat(text.value(bucket, "stack=web", "le=60.0")).hasValue(2.0);
        assertThat(text.value(bucket, "stack=web", "le=86400.0")).hasValue(2.0);
        assertThat(text.value("plumbline_commit_to_applied_seconds_sum", "stack=web")).hasValue(45.0);
    }

    @Test
    void gaugesFollowTheStateTheyAreGiven() {
        metrics.driftedResources("web", 3);
        metrics.driftedResources("db", 1);
        metrics.paused("web", true);
        metrics.paused("db", true);
        metrics.paused("db", true);
        metrics.lastApplied("web", Instant.parse("2026-05-01T12:00:00.250Z"));

        PrometheusText before = scrape();
        assertThat(before.value("plumbline_drifted_resources", "stack=web")).hasValue(3.0);
        assertThat(before.value("plumbline_drifted_resources", "stack=db")).hasValue(1.0);
        assertThat(before.value("plumbline_stacks_paused", "stack=web")).hasValue(1.0);
        assertThat(before.value("plumbline_stacks_paused", "stack=db")).hasValue(1.0);
        assertThat(before.value("plumbline_last_applied_timestamp_seconds", "stack=web"))
                .hasValue(Instant.parse("2026-05-01T12:00:00Z").getEpochSecond() + 0.25);

        metrics.driftedResources("web", 0);
        metrics.paused("db", false);
        metrics.lastApplied("web", Instant.parse("2026-05-01T13:00:00Z"));

        PrometheusText after = scrape();
        assertThat(after.value("plumbline_drifted_resources", "stack=web")).hasValue(0.0);
        assertThat(after.value("plumbline_stacks_paused", "stack=web")).hasValue(1.0);
        assertThat(after.value("plumbline_stacks_paused", "stack=db")).hasValue(0.0);
        assertThat(after.value("plumbline_last_applied_timestamp_seconds", "stack=web"))
                .hasValue((double) Instant.parse("2026-05-01T13:00:00Z").getEpochSecond());
    }

    @Test
    void aFailedRunSetsWhenItIsTriedAgainAndAConvergedOneClearsIt() {
        RunTelemetry runs = new RunTelemetry(ReconcileTracer.noop(), metrics);
        Instant ended = Instant.parse("2026-05-01T12:00:00Z");
        ReconcileOutcome failed = ReconcileOutcome.waiting("abc", "TargetUnavailable", "down", Duration.ofSeconds(40));

        try (var run = runs.started("web", Trigger.POLL)) {
            run.finished(new RunReport("web", Trigger.POLL, failed, ended.minusSeconds(1), ended, 0,
                    Optional.empty(), false));
        }
        assertThat(scrape().value("plumbline_next_retry_timestamp_seconds", "stack=web"))
                .hasValue((double) ended.plusSeconds(40).getEpochSecond());

        try (var run = runs.started("web", Trigger.RETRY)) {
            run.finished(new RunReport("web", Trigger.RETRY, ReconcileOutcome.applied("abc", "ok"), ended,
                    ended.plusSeconds(41), 0, Optional.empty(), false));
        }
        assertThat(scrape().value("plumbline_next_retry_timestamp_seconds", "stack=web")).hasValue(0.0);
    }

    @Test
    void pausedIsOneSeriesPerStackFromItsFirstReport() {
        assertThat(scrape().has("plumbline_stacks_paused")).isFalse();

        metrics.paused("web", false);
        metrics.paused("db", true);

        PrometheusText text = scrape();
        assertThat(text.value("plumbline_stacks_paused", "stack=web")).hasValue(0.0);
        assertThat(text.value("plumbline_stacks_paused", "stack=db")).hasValue(1.0);
    }

    @Test
    void theConditionGaugeIsOneForTheStacksConditionAndZeroForTheOthers() {
        metrics.condition("web", Condition.WAITING);
        metrics.condition("db", Condition.READY);

        PrometheusText waiting = scrape();
        for (Condition condition : Condition.values()) {
            assertThat(waiting.value("plumbline_stack_condition", "stack=web", "condition=" + condition.word()))
                    .as(condition.word()).hasValue(condition == Condition.WAITING ? 1.0 : 0.0);
        }
        assertThat(waiting.value("plumbline_stack_condition", "stack=db", "condition=Ready")).hasValue(1.0);

        metrics.condition("web", Condition.STALLED);

        PrometheusText stalled = scrape();
        assertThat(stalled.value("plumbline_stack_condition", "stack=web", "condition=Stalled")).hasValue(1.0);
        assertThat(stalled.value("plumbline_stack_condition", "stack=web", "condition=Waiting")).hasValue(0.0);
    }

    @Test
    void aRunsEndSetsTheConditionItLeavesAndARunTurnedAwayDoesNot() {
        RunTelemetry runs = new RunTelemetry(ReconcileTracer.noop(), metrics);
        Instant ended = Instant.parse("2026-05-01T12:00:00Z");
        ReconcileOutcome stalled = ReconcileOutcome.stalled("abc", "ValidationFailed", "bad manifest");
        ReconcileOutcome paused = ReconcileOutcome.paused("web", "abc", "");

        finish(runs, new RunReport("web", Trigger.POLL, stalled, ended.minusSeconds(1), ended, 0, Optional.empty(),
                false));
        assertThat(scrape().value("plumbline_stack_condition", "stack=web", "condition=Stalled")).hasValue(1.0);

        finish(runs, new RunReport("web", Trigger.POLL, ReconcileOutcome.applied("abc", "ok"), ended, ended, 0,
                Optional.empty(), true)); // skipped: another process holds the lease
        assertThat(scrape().value("plumbline_stack_condition", "stack=web", "condition=Stalled")).hasValue(1.0);

        finish(runs, new RunReport("web", Trigger.POLL, paused, ended, ended, 2, Optional.empty(), false));
        PrometheusText text = scrape();
        assertThat(text.value("plumbline_stack_condition", "stack=web", "condition=Paused")).hasValue(1.0);
        assertThat(text.value("plumbline_stack_condition", "stack=web", "condition=Stalled")).hasValue(0.0);

        finish(runs, new RunReport("web", Trigger.DRIFT, ReconcileOutcome.drifted("abc", "1 differs"), ended, ended,
                1, Optional.empty(), false));
        assertThat(scrape().value("plumbline_stack_condition", "stack=web", "condition=Drifted")).hasValue(1.0);
    }

    private static void finish(RunTelemetry runs, RunReport report) {
        try (var run = runs.started(report.stack(), report.trigger())) {
            run.finished(report);
        }
    }

    @Test
    void aStacksInfoNamesItsSourceProviderAndSync() {
        metrics.stackConfigured("web", "infra", "local", true);
        metrics.stackConfigured("db", "infra", "pg", false);

        PrometheusText text = scrape();
        assertThat(text.value("plumbline_stack_info", "stack=web", "source=infra", "provider=local", "sync=auto"))
                .hasValue(1.0);
        assertThat(text.value("plumbline_stack_info", "stack=db", "source=infra", "provider=pg", "sync=manual"))
                .hasValue(1.0);
        assertThat(text.value("plumbline_commit_to_applied_seconds_count", "stack=web"))
                .as("from 0, so that rate() sees the first commit").hasValue(0.0);
    }

    @Test
    void countsApplyOperationsByProviderOperationAndResult() {
        metrics.applyOperation("files", Action.CREATE, true);
        metrics.applyOperation("files", Action.CREATE, true);
        metrics.applyOperation("files", Action.UPDATE, false);
        metrics.applyOperation("k8s", Action.DELETE, true);

        PrometheusText text = scrape();

        String name = "plumbline_apply_operations_total";
        assertThat(text.value(name, "provider=files", "operation=create", "result=success")).hasValue(2.0);
        assertThat(text.value(name, "provider=files", "operation=update", "result=failure")).hasValue(1.0);
        assertThat(text.value(name, "provider=k8s", "operation=delete", "result=success")).hasValue(1.0);
    }

    @Test
    void timesFetchesAndCountsTheirFailuresFromZero() {
        metrics.gitFetched("infra", Duration.ofMillis(300));
        metrics.gitFetched("apps", Duration.ofMillis(40));
        metrics.gitFetchFailed("apps");

        PrometheusText text = scrape();

        assertThat(text.value("plumbline_git_fetch_duration_seconds_bucket", "source=infra", "le=0.25")).hasValue(0.0);
        assertThat(text.value("plumbline_git_fetch_duration_seconds_bucket", "source=infra", "le=0.5")).hasValue(1.0);
        assertThat(text.value("plumbline_git_fetch_duration_seconds_count", "source=apps")).hasValue(1.0);
        assertThat(text.value("plumbline_git_fetch_failures_total", "source=infra")).hasValue(0.0);
        assertThat(text.value("plumbline_git_fetch_failures_total", "source=apps")).hasValue(1.0);
    }

    @Test
    void countsStateStoreErrorsAndWebhookDeliveries() {
        metrics.stateStoreError("saveStatus");
        metrics.stateStoreError("saveStatus");
        metrics.webhookDelivery("infra", "accepted");
        metrics.webhookDelivery("infra", "duplicate");
        metrics.webhookDelivery(null, "not_found");
        metrics.webhookDelivery("random-path-1", "not_found");
        metrics.webhookDelivery("infra", "ping");

        PrometheusText text = scrape();

        assertThat(text.value("plumbline_state_store_errors_total", "operation=saveStatus")).hasValue(2.0);
        assertThat(text.value("plumbline_webhook_deliveries_total", "source=infra", "result=accepted")).hasValue(1.0);
        assertThat(text.value("plumbline_webhook_deliveries_total", "source=infra", "result=duplicate")).hasValue(1.0);
        assertThat(text.value("plumbline_webhook_deliveries_total", "source=unknown", "result=not_found"))
                .hasValue(2.0);
        assertThat(text.value("plumbline_webhook_deliveries_total", "source=random-path-1")).isEmpty();
        assertThat(text.value("plumbline_webhook_deliveries_total", "source=infra", "result=ping")).hasValue(1.0);
    }

    @Test
    void aRemovedStackStopsBeingReported() {
        metrics.reconciled("web", "applied", Duration.ofSeconds(1));
        metrics.driftedResources("web", 2);
        metrics.lastApplied("web", Instant.now());
        metrics.paused("web", true);
        metrics.condition("web", Condition.READY);
        metrics.stackConfigured("web", "infra", "local", true);
        metrics.reconciled("db", "applied", Duration.ofSeconds(1));
        metrics.paused("db", false);

        metrics.stackRemoved("web");

        PrometheusText text = scrape();
        assertThat(text.value("plumbline_reconciles_total", "stack=web")).isEmpty();
        assertThat(text.value("plumbline_reconcile_duration_seconds_count", "stack=web")).isEmpty();
        assertThat(text.value("plumbline_drifted_resources", "stack=web")).isEmpty();
        assertThat(text.value("plumbline_last_applied_timestamp_seconds", "stack=web")).isEmpty();
        assertThat(text.value("plumbline_stacks_paused", "stack=web")).isEmpty();
        assertThat(text.value("plumbline_stack_condition", "stack=web")).isEmpty();
        assertThat(text.value("plumbline_stack_info", "stack=web")).isEmpty();
        assertThat(text.value("plumbline_stacks_paused", "stack=db")).hasValue(0.0);
        assertThat(text.value("plumbline_reconciles_total", "stack=db")).hasValue(1.0);

        metrics.driftedResources("web", 4);
        metrics.condition("web", Condition.DRIFTED);
        assertThat(scrape().value("plumbline_drifted_resources", "stack=web")).hasValue(4.0);
        assertThat(scrape().value("plumbline_stack_condition", "stack=web", "condition=Drifted")).hasValue(1.0);
    }

    @Test
    void theDaemonsRegistryAlsoReportsTheJvm() {
        try (AgentMetrics daemon = AgentMetrics.prometheus()) {
            daemon.reconciled("web", "applied", Duration.ofSeconds(1));

            PrometheusText text = new PrometheusText(daemon.scrape());

            assertThat(text.has("jvm_memory_used_bytes")).isTrue();
            assertThat(text.has("process_uptime_seconds")).isTrue();
            assertThat(text.value("plumbline_reconciles_total", "stack=web")).hasValue(1.0);
        }
    }

    @Test
    void aRegistryWithoutPrometheusCannotBeScraped() {
        AgentMetrics simple = AgentMetrics.on(new SimpleMeterRegistry());
        simple.reconciled("web", "applied", Duration.ZERO);

        assertThatThrownBy(simple::scrape).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("SimpleMeterRegistry");
        simple.close();
    }
}
