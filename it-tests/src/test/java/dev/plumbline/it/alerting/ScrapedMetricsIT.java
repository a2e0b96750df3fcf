package dev.plumbline.it.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.plumbline.it.fixture.HookDelivery;
import dev.plumbline.it.fixture.Operated;
import dev.plumbline.it.fixture.Scenario;
import dev.plumbline.source.webhook.GitHost;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A running agent's {@code /metrics}, read by Prometheus' tools: {@code promtool check metrics} finds nothing
 * against the naming conventions, and a real Prometheus scraping the agent runs every query of the Grafana
 * dashboards ({@code deploy/grafana}, with Grafana's variables filled in) without an error, the stack's panels
 * with data, and evaluates every rule of {@code deploy/prometheus/plumbline.rules.yml} without an error (a
 * many-to-many join, say, only shows when a rule runs on real series).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ScrapedMetricsIT {

    private static final Duration WITHIN = Duration.ofSeconds(30);
    /** Grafana's variables as a dashboard fills them in for the scenario's agent and stack. */
    private static final Map<String, String> VARIABLES = Map.of("$__rate_interval", "1m", "$__range", "5m",
            "$__interval", "15s", "$instance", ".*", "$stack", Scenario.STACK, "$source", "infra",
            "$provider", "local");

    private Path dir;
    private Scenario scenario;
    private Operated agent;
    private PrometheusServer prometheus;

    @BeforeAll
    void startAnAgentThatDidThingsAndAPrometheusScrapingIt(@TempDir Path tempDir) throws Exception {
        dir = tempDir;
        scenario = Scenario.overFile(dir.resolve("agent"));
        scenario.writeOperatedConfig(Scenario.Options.defaults().interval("1h"));
        scenario.manifest("motd", "motd", "hello").repo().commit("First");
        agent = Operated.start(scenario);
        await("the first commit applied").atMost(WITHIN).until(() -> "hello".equals(scenario.liveFile("motd")));
        String target = URI.create(agent.url()).getAuthority();
        Path prometheusDir = Files.createDirectories(dir.resolve("prometheus"));
        Files.copy(PrometheusTools.rules(), prometheusDir.resolve("plumbline.rules.yml"));
        prometheus = PrometheusServer.start(prometheusDir, PrometheusServer.scrapingAgent(target));
        await("Prometheus has scraped the agent").atMost(WITHIN).pollInterval(Duration.ofMillis(250))
                .until(() -> !prometheus.vector("plumbline_commit_to_applied_seconds_count{stack=\"web\"} == 0")
                        .isEmpty());

        // a commit pushed while Prometheus watches (the series was there at 0 from the start), a forged delivery
        String second = scenario.manifest("motd", "motd", "again").repo().commit("Second");
        HookDelivery push = HookDelivery.push(GitHost.GITEA, second, "delivery-scraped", Operated.HOOK_SECRET);
        assertThat(agent.hook("infra", push.body(), push.headers()).status()).isEqualTo(202);
        HookDelivery forged = HookDelivery.push(GitHost.GITEA, second, "delivery-forged", "not-the-secret");
        assertThat(agent.hook("infra", forged.body(), forged.headers()).status()).isEqualTo(401);
        await("Prometheus has seen the second commit live").atMost(WITHIN).pollInterval(Duration.ofMillis(250))
                .until(() -> !prometheus.vector("plumbline_commit_to_applied_seconds_count{stack=\"web\"} == 1")
                        .isEmpty() && !prometheus.vector("count_over_time(up{job=\"plumbline\"}[1m]) >= 5")
                        .isEmpty());
    }

    @AfterAll
    void stop() {
        if (prometheus != null) {
            prometheus.close();
        }
        if (agent != null) {
            agent.close();
        }
    }

    @Test
    void promtoolFindsNothingAgainstTheNamingConventionsInARealScrape() throws Exception {
        Operated.Answer scrape = agent.get("/metrics", null);
        assertThat(scrape.status()).isEqualTo(200);
        Path text = Files.writeString(dir.resolve("metrics.txt"), scrape.body(), StandardCharsets.UTF_8);

        Process check = new ProcessBuilder(PrometheusTools.binary("promtool"), "check", "metrics")
                .redirectInput(text.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("promtool.txt").toFile()).start();
        assertThat(check.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        String output = Files.readString(dir.resolve("promtool.txt"));

        assertThat(output).as("promtool check metrics on the agent's /metrics").isBlank();
        assertThat(check.exitValue()).as(output).isZero();
        assertThat(scrape.body()).contains("\nprocess_cpu_seconds_total ").contains("\nsystem_cpu_processors ")
                .contains("plumbline_stack_condition{").contains("plumbline_stack_info{")
                .doesNotContain("process_cpu_time_ns_total").doesNotContain("system_cpu_count");
    }

    @Test
    void everyDashboardQueryRunsInPrometheusAndTheStacksPanelsHaveData() throws Exception {
        Map<String, String> failed = new LinkedHashMap<>();
        int queries = 0;
        for (String file : List.of("plumbline-overview.json", "plumbline-oncall.json", "plumbline-stack.json")) {
            JsonNode board = new ObjectMapper().readTree(PrometheusTools.root().resolve("deploy/grafana")
                    .resolve(file).toFile());
            for (JsonNode panel : panels(board)) {
                for (JsonNode target : panel.path("targets")) {
                    String expr = fill(target.path("expr").asText());
                    queries++;
                    JsonNode answer = prometheus.query(expr);
                    if (!"success".equals(answer.path("status").asText())) {
                        failed.put(file + ": " + panel.path("title").asText() + ": " + expr,
                                answer.path("error").asText());
                    }
                }
            }
        }
        assertThat(queries).isGreaterThan(30);
        assertThat(failed).as("dashboard queries Prometheus refused").isEmpty();

        // what the stack dashboard shows for web, and what its hidden variables find
        String condition = "plumbline_stack_condition{instance=~\"$instance\", stack=\"$stack\"} == 1";
        assertThat(prometheus.vector(fill(condition))).singleElement()
                .satisfies(s -> assertThat(s.path("metric").path("condition").asText()).isEqualTo("Ready"));
        assertThat(prometheus.vector("plumbline_stack_info{stack=\"web\"}")).singleElement()
                .satisfies(s -> {
                    assertThat(s.path("metric").path("source").asText()).isEqualTo("infra");
                    assertThat(s.path("metric").path("provider").asText()).isEqualTo("local");
                    assertThat(s.path("metric").path("sync").asText()).isEqualTo("auto");
                });
        assertThat(prometheus.vector(fill("sum by (result) (increase(plumbline_reconciles_total"
                + "{instance=~\"$instance\", stack=\"$stack\"}[$__range]))"))).isNotEmpty();
        assertThat(prometheus.vector("count(plumbline_stack_condition{condition=\"Ready\"})")).singleElement()
                .satisfies(s -> assertThat(s.path("value").get(1).asText()).isEqualTo("1"));
        assertThat(prometheus.vector("plumbline_webhook_deliveries_total{result=\"unauthorized\"}")).hasSize(1);
    }

    @Test
    void everyRuleEvaluatesWithoutAnError() {
        await("every rule evaluated").atMost(WITHIN).pollInterval(Duration.ofMillis(250)).until(() -> {
            for (JsonNode group : prometheus.rules().path("groups")) {
                for (JsonNode rule : group.path("rules")) {
                    if (rule.path("health").asText().equals("unknown")) {
                        return false;
                    }
                }
            }
            return true;
        });
        Map<String, String> unhealthy = new LinkedHashMap<>();
        int rules = 0;
        for (JsonNode group : prometheus.rules().path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                rules++;
                if (!rule.path("health").asText().equals("ok")) {
                    unhealthy.put(rule.path("name").asText(), rule.path("lastError").asText());
                }
            }
        }
        assertThat(rules).isGreaterThanOrEqualTo(20);
        assertThat(unhealthy).as("rules Prometheus could not evaluate").isEmpty();
        assertThat(prometheus.vector("plumbline:commit_to_applied:late_ratio_rate5m")).as("one commit live within"
                + " 5 minutes: no late share").singleElement()
                .satisfies(s -> assertThat(s.path("value").get(1).asText()).isEqualTo("0"));
    }

    private static String fill(String expr) {
        String filled = expr;
        for (Map.Entry<String, String> variable : VARIABLES.entrySet()) {
            filled = filled.replace(variable.getKey(), variable.getValue());
        }
        assertThat(filled).as("every Grafana variable of %s is known", expr).doesNotContain("$");
        return filled;
    }

    private static List<JsonNode> panels(JsonNode board) {
        List<JsonNode> all = new ArrayList<>();
        for (JsonNode panel : board.path("panels")) {
            all.add(panel);
            panel.path("panels").forEach(all::add);
        }
        return all;
    }
}
