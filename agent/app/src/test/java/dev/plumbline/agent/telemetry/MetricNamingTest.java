package dev.plumbline.agent.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Every name the daemon's {@code /metrics} can show follows Prometheus' conventions ({@link NameConventions}):
 * checked on a scrape of the registry with every meter registered ({@link EveryMeter}), the JVM's and the
 * process' binders included, so that a binder's non-base unit ({@code process_cpu_time_ns_total}) cannot slip in.
 */
class MetricNamingTest {

    @Test
    void everyExportedNameFollowsPrometheusConventions() {
        try (AgentMetrics metrics = EveryMeter.populated()) {
            Exposition scrape = new Exposition(metrics.scrape());

            assertThat(scrape.types()).containsKeys("plumbline_reconciles_total", "plumbline_stack_condition",
                    "plumbline_stacks_paused", "jvm_memory_used_bytes", "process_cpu_seconds_total");
            assertThat(NameConventions.violations(scrape)).as("names against Prometheus' conventions").isEmpty();
        }
    }

    @Test
    void theBindersMetricsAreRenamedToTheConventions() {
        try (AgentMetrics metrics = AgentMetrics.prometheus()) {
            String text = metrics.scrape();

            assertThat(text).contains("# TYPE process_cpu_seconds_total counter").doesNotContain("cpu_time_ns")
                    .contains("# TYPE system_cpu_processors gauge").doesNotContain("system_cpu_count");
            assertThat(new PrometheusText(text).value("process_cpu_seconds_total").orElseThrow()).isPositive()
                    .isLessThan(3600 * 24);
            assertThat(new PrometheusText(text).value("system_cpu_processors"))
                    .hasValue(Runtime.getRuntime().availableProcessors());
        }
    }

    @Test
    void theCheckFindsWhatBreaksTheConventions() {
        Exposition bad = new Exposition("""
                # TYPE process_cpu_time_ns_total counter
                process_cpu_time_ns_total 1.0
                # TYPE plumbline_fetch_latency_ms gauge
                plumbline_fetch_latency_ms 3.0
                # TYPE plumbline_runs counter
                plumbline_runs 1.0
                # TYPE plumbline_stacks_total gauge
                plumbline_stacks_total 1.0
                # TYPE plumbline_queueWait gauge
                plumbline_queueWait 1.0
                # TYPE plumbline_wait histogram
                plumbline_wait_bucket{le="+Inf"} 1.0
                # TYPE plumbline_state_size gauge
                plumbline_state_size{dbFile="x"} 1.0
                # TYPE plumbline_seconds_spent gauge
                plumbline_seconds_spent 1.0
                # TYPE plumbline_run_count gauge
                plumbline_run_count 1.0
                # TYPE plumbline_reconcile_duration_seconds histogram
                plumbline_reconcile_duration_seconds_bucket{le="+Inf"} 1.0
                # TYPE plumbline_reconcile_duration_seconds_max gauge
                plumbline_reconcile_duration_seconds_max 1.0
                """);

        assertThat(NameConventions.violations(bad)).containsExactlyInAnyOrder(
                "plumbline_fetch_latency_ms (gauge): 'ms' is not a base unit: use seconds or bytes (or a ratio 0..1)",
                "plumbline_fetch_latency_ms (gauge): a time or duration is in _seconds",
                "plumbline_queueWait (gauge): not snake_case",
                "plumbline_run_count (gauge): _count is kept for a histogram's or summary's samples",
                "plumbline_runs (counter): a counter's name ends in _total",
                "plumbline_seconds_spent (gauge): the unit comes last (only _total may follow it)",
                "plumbline_stacks_total (gauge): only a counter's name ends in _total",
                "plumbline_state_size (gauge): a size is in _bytes",
                "plumbline_state_size (gauge): label 'dbFile' is not snake_case",
                "plumbline_wait (histogram): a histogram's or summary's name ends in its unit, _seconds or _bytes",
                "process_cpu_time_ns_total (counter): 'ns' is not a base unit: use seconds or bytes (or a ratio 0..1)",
                "process_cpu_time_ns_total (counter): a time or duration is in _seconds");
    }

    /** So that a new metric method cannot be left out of the scrapes the naming and dashboard tests read. */
    @Test
    void theFullRegistryCallsEveryMethodThatRecords() {
        Set<String> recording = Arrays.stream(AgentMetrics.class.getDeclaredMethods())
                .filter(m -> Modifier.isPublic(m.getModifiers()) && !Modifier.isStatic(m.getModifiers()))
                .map(Method::getName).filter(name -> !EveryMeter.NOT_RECORDING.contains(name))
                .collect(Collectors.toCollection(TreeSet::new));

        assertThat(EveryMeter.EXERCISED).as("AgentMetrics' methods EveryMeter.populated() calls; add a new one there")
                .containsAll(recording);
    }
}
