package dev.plumbline.agent.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PromQlTest {

    @Test
    void findsTheMetricsOfAnExpressionAndNothingElse() {
        assertThat(PromQl.metricNames("""
                histogram_quantile(0.9, sum by (le, stack) (rate(plumbline_commit_to_applied_seconds_bucket\
                {stack=~"$stack", instance=~"${instance}"}[$__rate_interval])))""".strip()))
                .containsExactly("plumbline_commit_to_applied_seconds_bucket");
        assertThat(PromQl.metricNames("""
                sum without (operation) (rate(plumbline_state_store_errors_total[5m])) > 0
                or (plumbline_a unless plumbline_a offset 1h)
                and on (job, instance, stack) (plumbline_stack_condition{condition="Drifted"} == bool 1)
                """)).containsExactly("plumbline_a", "plumbline_stack_condition", "plumbline_state_store_errors_total");
        assertThat(PromQl.metricNames("time() - plumbline_last_applied_timestamp_seconds{stack=\"web\"} > 3600"))
                .containsExactly("plumbline_last_applied_timestamp_seconds");
        assertThat(PromQl.metricNames("max_over_time(rate(x_total[5m])[1h:1m]) * 1e3 / 1.5 + sum(y) by (z)"))
                .containsExactly("x_total", "y");
        assertThat(PromQl.metricNames("plumbline:commit_to_applied:late_ratio_rate1h > (14.4 * 0.05)"))
                .containsExactly("plumbline:commit_to_applied:late_ratio_rate1h");
    }

    @Test
    void readsTheSelectorOfGrafanasLabelValues() {
        assertThat(PromQl.metricNames("label_values(plumbline_stack_condition, stack)"))
                .containsExactly("plumbline_stack_condition");
        assertThat(PromQl.metricNames("label_values(plumbline_stack_info{stack=\"$stack\"}, source)"))
                .containsExactly("plumbline_stack_info");
        assertThat(PromQl.metricNames("label_values(stack)")).isEmpty();
    }
}
