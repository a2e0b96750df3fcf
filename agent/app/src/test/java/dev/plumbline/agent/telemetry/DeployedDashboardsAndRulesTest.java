package dev.plumbline.agent.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * The Grafana dashboards ({@code deploy/grafana}) and the Prometheus rules ({@code deploy/prometheus}) read only
 * metrics the agent exports, under the names it exports them: each query's metric names (histogram samples
 * {@code _bucket}, {@code _count}, {@code _sum} counted as their histogram) are looked up in a scrape of the
 * daemon's registry with every meter registered ({@link EveryMeter}), not in a list written by hand. The
 * dashboards are importable (a {@code DS_PROMETHEUS} input and variable, a {@code stack} variable), and every
 * alert says what it is about, how bad it is, and where its runbook is.
 */
class DeployedDashboardsAndRulesTest {

    private static final Path ROOT = repositoryRoot();
    private static final List<String> DASHBOARDS = List.of("plumbline-overview.json", "plumbline-oncall.json",
            "plumbline-stack.json");
    private static final Path RULES = ROOT.resolve("deploy/prometheus/plumbline.rules.yml");
    /** Series Prometheus makes itself for every target, which rules may read beside the agent's. */
    private static final Set<String> PROMETHEUS_OWN = Set.of("up");

    private static Exposition exported;

    @BeforeAll
    static void scrapeEveryMeter() {
        try (AgentMetrics metrics = EveryMeter.populated()) {
            exported = new Exposition(metrics.scrape());
        }
    }

    @Test
    void theExportedNamesAreTheScrapesFamiliesWithTheirHistogramSamples() {
        assertThat(exported.family("plumbline_reconcile_duration_seconds_bucket"))
                .isEqualTo("plumbline_reconcile_duration_seconds");
        assertThat(exported.family("plumbline_reconcile_duration_seconds_count"))
                .isEqualTo("plumbline_reconcile_duration_seconds");
        assertThat(exported.family("plumbline_stack_condition")).isEqualTo("plumbline_stack_condition");
        assertThat(exported.family("process_cpu_seconds_total")).isEqualTo("process_cpu_seconds_total");
        assertThat(exported.family("plumbline_stack_condition_count")).isNull(); // a gauge has no samples count
        assertThat(exported.family("process_cpu_time_ns_total")).isNull();
        assertThat(unknownNames(Set.of("plumbline_stacks_paused_total", "plumbline_reconciles_total"), Set.of()))
                .containsExactly("plumbline_stacks_paused_total");
    }

    @Test
    void everyDashboardQueryReadsMetricsTheAgentExports() {
        Map<String, Set<String>> unknown = new LinkedHashMap<>();
        int queries = 0;
        for (String file : DASHBOARDS) {
            JsonNode board = dashboard(file);
            for (JsonNode panel : panels(board)) {
                for (JsonNode target : panel.path("targets")) {
                    String expr = target.path("expr").asText();
                    assertThat(expr).as("%s: panel '%s' has a query", file, panel.path("title").asText()).isNotBlank();
                    queries++;
                    Set<String> names = PromQl.metricNames(expr);
                    assertThat(names).as("%s: panel '%s' reads a metric", file, panel.path("title").asText())
                            .isNotEmpty();
                    unknownNames(names, Set.of()).forEach(name -> unknown.computeIfAbsent(
                            file + ": " + panel.path("title").asText(), k -> new TreeSet<>()).add(name));
                }
            }
            for (JsonNode variable : board.path("templating").path("list")) {
                if (variable.path("type").asText().equals("query")) {
                    unknownNames(PromQl.metricNames(variableQuery(variable)), Set.of()).forEach(name ->
                            unknown.computeIfAbsent(file + ": variable " + variable.path("name").asText(),
                                    k -> new TreeSet<>()).add(name));
                }
            }
        }
        assertThat(queries).isGreaterThan(30);
        assertThat(unknown).as("metrics the dashboards read that the agent does not export (exported: %s)",
                exported.types().keySet()).isEmpty();
    }

    @Test
    void everyRuleReadsMetricsTheAgentExportsOrTheRulesRecord() {
        List<Map<String, Object>> rules = rules();
        Set<String> recorded = new HashSet<>();
        rules.stream().filter(rule -> rule.containsKey("record"))
                .forEach(rule -> recorded.add((String) rule.get("record")));
        Map<String, Set<String>> unknown = new LinkedHashMap<>();
        for (Map<String, Object> rule : rules) {
            String name = (String) rule.getOrDefault("alert", rule.get("record"));
            Set<String> names = PromQl.metricNames((String) rule.get("expr"));
            assertThat(names).as("rule %s reads a metric", name).isNotEmpty();
            Set<String> missing = unknownNames(names, recorded);
            if (!missing.isEmpty()) {
                unknown.put(name, missing);
            }
        }
        assertThat(recorded).isNotEmpty();
        assertThat(unknown).as("metrics the rules read that the agent does not export").isEmpty();
    }

    @Test
    void dashboardsAreImportableWithADataSourceInputAndAStackVariable() {
        for (String file : DASHBOARDS) {
            JsonNode board = dashboard(file);
            assertThat(board.path("schemaVersion").asInt()).as(file).isBetween(36, 41);
            assertThat(board.path("uid").asText()).as(file).isEqualTo(file.replace(".json", ""));
            assertThat(board.path("title").asText()).as(file).startsWith("Plumbline / ");
            JsonNode input = board.path("__inputs").get(0);
            assertThat(input.path("name").asText()).as(file).isEqualTo("DS_PROMETHEUS");
            assertThat(input.path("type").asText()).isEqualTo("datasource");
            assertThat(input.path("pluginId").asText()).isEqualTo("prometheus");
            Map<String, JsonNode> variables = new LinkedHashMap<>();
            board.path("templating").path("list").forEach(v -> variables.put(v.path("name").asText(), v));
            assertThat(variables).as(file).containsKeys("DS_PROMETHEUS", "stack");
            assertThat(variables.get("DS_PROMETHEUS").path("type").asText()).isEqualTo("datasource");
            assertThat(variables.get("DS_PROMETHEUS").path("query").asText()).isEqualTo("prometheus");
            assertThat(variableQuery(variables.get("stack"))).as(file)
                    .isEqualTo("label_values(plumbline_stack_condition, stack)");

            Set<Integer> ids = new HashSet<>();
            for (JsonNode panel : panels(board)) {
                String title = file + ": " + panel.path("title").asText();
                assertThat(ids.add(panel.path("id").asInt())).as("%s has an id of its own", title).isTrue();
                JsonNode grid = panel.path("gridPos");
                assertThat(grid.path("x").asInt() + grid.path("w").asInt()).as(title).isBetween(1, 24);
                assertThat(grid.path("h").asInt()).as(title).isPositive();
                if (panel.path("type").asText().equals("row")) {
                    continue;
                }
                assertThat(panel.path("description").asText()).as("%s says what it shows", title).isNotBlank();
                assertThat(panel.path("datasource").path("uid").asText()).as(title).isEqualTo("${DS_PROMETHEUS}");
                for (JsonNode target : panel.path("targets")) {
                    assertThat(target.path("datasource").path("uid").asText()).as(title).isEqualTo("${DS_PROMETHEUS}");
                }
            }
        }
    }

    @Test
    void everyAlertIsAPageOrATicketNamesWhatItIsAboutAndLinksItsRunbook() throws IOException {
        String metricsDoc = Files.readString(ROOT.resolve("docs/metrics.md"), StandardCharsets.UTF_8);
        Set<String> anchors = anchors(metricsDoc);
        List<Map<String, Object>> alerts = rules().stream().filter(rule -> rule.containsKey("alert")).toList();
        assertThat(alerts).extracting(alert -> alert.get("alert")).contains("PlumblineStackFailing",
                "PlumblineStateStoreFailing", "PlumblineConvergeBudgetBurn", "PlumblineStackDrifted",
                "PlumblineWebhookSignatureRefused", "PlumblineFetchesSlow");
        for (Map<String, Object> alert : alerts) {
            String name = (String) alert.get("alert");
            @SuppressWarnings("unchecked")
            Map<String, Object> labels = (Map<String, Object>) alert.get("labels");
            @SuppressWarnings("unchecked")
            Map<String, Object> annotations = (Map<String, Object>) alert.get("annotations");
            assertThat(labels.get("severity")).as(name).isIn("page", "ticket");
            assertThat(annotations).as(name).containsKeys("summary", "description", "runbook_url");
            String runbook = (String) annotations.get("runbook_url");
            assertThat(runbook).as(name).startsWith("docs/metrics.md#");
            assertThat(anchors).as("%s's runbook is a heading of docs/metrics.md", name)
                    .contains(runbook.substring(runbook.indexOf('#') + 1));
            String expr = (String) alert.get("expr");
            boolean perStack = !expr.matches("(?s).*(without \\(stack|by \\().*")
                    && PromQl.metricNames(expr).stream().map(exported::family)
                    .anyMatch(family -> family != null && exported.labels(family).contains("stack"));
            if (perStack) {
                assertThat((String) annotations.get("summary")).as("%s names the stack", name)
                        .contains("{{ $labels.stack }}");
                assertThat((String) annotations.get("description")).as("%s names the stack", name)
                        .contains("{{ $labels.stack }}");
            }
        }
    }

    private static Set<String> unknownNames(Set<String> names, Set<String> recorded) {
        Set<String> unknown = new TreeSet<>();
        for (String name : names) {
            if (exported.family(name) == null && !recorded.contains(name) && !PROMETHEUS_OWN.contains(name)) {
                unknown.add(name);
            }
        }
        return unknown;
    }

    private static String variableQuery(JsonNode variable) {
        JsonNode query = variable.path("query");
        return query.isObject() ? query.path("query").asText() : query.asText();
    }

    /** Every panel, those inside collapsed rows included. */
    private static List<JsonNode> panels(JsonNode board) {
        List<JsonNode> all = new ArrayList<>();
        for (JsonNode panel : board.path("panels")) {
            all.add(panel);
            panel.path("panels").forEach(all::add);
        }
        return all;
    }

    private static JsonNode dashboard(String file) {
        try {
            return new ObjectMapper().readTree(ROOT.resolve("deploy/grafana").resolve(file).toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> rules() {
        try {
            Map<String, Object> file = (Map<String, Object>) new Load(LoadSettings.builder().build())
                    .loadFromString(Files.readString(RULES, StandardCharsets.UTF_8));
            List<Map<String, Object>> rules = new ArrayList<>();
            for (Map<String, Object> group : (List<Map<String, Object>>) file.get("groups")) {
                rules.addAll((List<Map<String, Object>>) group.get("rules"));
            }
            return rules;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** GitHub's anchors of a Markdown file's headings: lower case, punctuation dropped, spaces as dashes. */
    private static Set<String> anchors(String markdown) {
        Set<String> anchors = new HashSet<>();
        Matcher heading = Pattern.compile("(?m)^#{1,6} (.+)$").matcher(markdown);
        while (heading.find()) {
            anchors.add(heading.group(1).strip().toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "")
                    .replace(' ', '-'));
        }
        return anchors;
    }

    /** The repository's root: the first directory up from here with {@code deploy/grafana} in it. */
    private static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path candidate = dir; candidate != null; candidate = candidate.getParent()) {
            if (Files.isDirectory(candidate.resolve("deploy/grafana"))
                    && Files.isRegularFile(candidate.resolve("pom.xml"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("no deploy/grafana in " + dir + " or above it");
    }
}
