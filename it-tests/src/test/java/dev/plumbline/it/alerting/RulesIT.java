package dev.plumbline.it.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * {@code deploy/prometheus/plumbline.rules.yml} as Prometheus' own tool reads it: {@code promtool check rules}
 * finds no error, and {@code promtool test rules} passes {@code plumbline.rules.test.yml}, whose input series
 * make every alert fire and keep it quiet. A missing {@code promtool} fails the test, naming Debian's package.
 */
class RulesIT {

    private static final Duration WITHIN = Duration.ofMinutes(2);

    @TempDir
    Path dir;

    @Test
    void promtoolChecksTheRules() throws Exception {
        PrometheusTools.Run check = PrometheusTools.run(dir, WITHIN,
                List.of(PrometheusTools.binary("promtool"), "check", "rules", PrometheusTools.rules().toString()));

        assertThat(check.code()).as("promtool check rules printed:\n%s", check.output()).isZero();
        assertThat(check.output()).contains("SUCCESS");
    }

    @Test
    void promtoolPassesTheRulesUnitTests() throws Exception {
        Path tests = PrometheusTools.rules().resolveSibling("plumbline.rules.test.yml");

        PrometheusTools.Run test = PrometheusTools.run(tests.getParent(), WITHIN,
                List.of(PrometheusTools.binary("promtool"), "test", "rules", tests.toString()));

        assertThat(test.code()).as("promtool test rules printed:\n%s", test.output()).isZero();
        assertThat(test.output()).contains("SUCCESS").doesNotContain("FAILED");
    }

    @Test
    void aBrokenRuleOrAWrongExpectationIsCaught() throws Exception {
        // the two checks above would notice a mistake: a copy with a PromQL error, and one expecting another stack
        String rules = Files.readString(PrometheusTools.rules(), StandardCharsets.UTF_8);
        Path broken = Files.writeString(dir.resolve("broken.rules.yml"),
                rules.replace("max without (condition) (", "max without (condition ("));
        PrometheusTools.Run check = PrometheusTools.run(dir, WITHIN,
                List.of(PrometheusTools.binary("promtool"), "check", "rules", broken.toString()));
        assertThat(check.code()).as(check.output()).isNotZero();

        Files.writeString(dir.resolve("plumbline.rules.yml"), rules);
        Path tests = PrometheusTools.rules().resolveSibling("plumbline.rules.test.yml");
        String expectations = Files.readString(tests, StandardCharsets.UTF_8);
        Path wrong = Files.writeString(dir.resolve("wrong.test.yml"), expectations.replaceFirst(
                "exp_labels: \\{severity: page, job: plumbline, instance: \"agent:7070\", stack: web\\}",
                "exp_labels: {severity: page, job: plumbline, instance: \"agent:7070\", stack: api}"));
        assertThat(Files.readString(wrong)).isNotEqualTo(expectations);
        PrometheusTools.Run test = PrometheusTools.run(dir, WITHIN,
                List.of(PrometheusTools.binary("promtool"), "test", "rules", wrong.toString()));
        assertThat(test.code()).as(test.output()).isNotZero();
        assertThat(test.output()).contains("FAILED").contains("PlumblineStackFailing");
    }

    @Test
    void theUnitTestsMakeEveryAlertFireAndStayQuiet() throws Exception {
        Set<String> alerts = new TreeSet<>();
        for (Map<String, Object> group : list(yaml(PrometheusTools.rules()).get("groups"))) {
            for (Map<String, Object> rule : list(group.get("rules"))) {
                if (rule.containsKey("alert")) {
                    alerts.add((String) rule.get("alert"));
                }
            }
        }
        Set<String> fired = new TreeSet<>();
        Set<String> quiet = new TreeSet<>();
        Map<String, Object> tests = yaml(PrometheusTools.rules().resolveSibling("plumbline.rules.test.yml"));
        for (Map<String, Object> test : list(tests.get("tests"))) {
            for (Map<String, Object> expectation : list(test.getOrDefault("alert_rule_test", List.of()))) {
                List<?> expected = (List<?>) expectation.getOrDefault("exp_alerts", List.of());
                (expected == null || expected.isEmpty() ? quiet : fired).add((String) expectation.get("alertname"));
            }
        }

        assertThat(alerts).hasSizeGreaterThanOrEqualTo(10);
        assertThat(fired).as("alerts the unit tests see firing").containsAll(alerts);
        assertThat(quiet).as("alerts the unit tests see quiet").containsAll(alerts);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> yaml(Path file) throws Exception {
        return (Map<String, Object>) new Load(LoadSettings.builder().build())
                .loadFromString(Files.readString(file, StandardCharsets.UTF_8));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Object value) {
        return value == null ? new ArrayList<>() : (List<Map<String, Object>>) value;
    }
}
