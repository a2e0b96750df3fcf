package dev.plumbline.it.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.plumbline.it.fixture.Operated;
import dev.plumbline.it.fixture.Scenario;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The alert rules in a real Prometheus, scraping a real agent: a stack whose manifest does not validate stalls,
 * and {@code PlumblineStackFailing} fires for it, labelled with the stack and {@code severity: page}. Prometheus
 * scrapes and evaluates every second, and reads a copy of {@code deploy/prometheus/plumbline.rules.yml} whose
 * {@code for:} durations are cut to 1 s (15 minutes is the real one); the test checks that the copy differs in
 * those lines only. Every wait is bounded; Prometheus and the agent are stopped at the end.
 */
class AlertFiresIT {

    private static final Duration STALLED_WITHIN = Duration.ofSeconds(30);
    private static final Duration FIRING_WITHIN = Duration.ofSeconds(60);
    private static final Pattern FOR = Pattern.compile("^(\\s*)for: (\\S+)$");

    @TempDir
    Path dir;

    @Test
    void aStalledStackFiresThePageInARealPrometheus() throws Exception {
        Scenario scenario = Scenario.overFile(dir.resolve("agent"));
        scenario.writeOperatedConfig(Scenario.Options.defaults().interval("1h"));
        scenario.repo().write(Scenario.STACK_PATH + "/motd.yaml", """
                apiVersion: files.plumbline.dev/v1
                kind: File
                metadata:
                  name: motd
                spec:
                  mode: "0644"
                  content: a File without a path does not validate
                """).commit("A manifest that does not validate");
        Path prometheusDir = Files.createDirectories(dir.resolve("prometheus"));
        shortenedRules(prometheusDir.resolve("plumbline.rules.yml"));

        try (Operated agent = Operated.start(scenario)) {
            await("stack web stalled").atMost(STALLED_WITHIN).until(() ->
                    agent.metric("plumbline_stack_condition", "condition=\"Stalled\",stack=\"web\"") == 1);
            String target = URI.create(agent.url()).getAuthority();
            long start = System.nanoTime();
            try (PrometheusServer prometheus = PrometheusServer.start(prometheusDir, PrometheusServer.scrapingAgent(target))) {
                JsonNode alert;
                try {
                    alert = await("PlumblineStackFailing firing for stack web").atMost(FIRING_WITHIN)
                            .pollInterval(Duration.ofMillis(250))
                            .until(() -> firing(prometheus, "PlumblineStackFailing", "web"), Optional::isPresent)
                            .orElseThrow();
                } catch (RuntimeException e) {
                    throw new AssertionError(e.getMessage() + "\nalerts: " + prometheus.alerts()
                            + "\nPrometheus' log:\n" + prometheus.log(), e);
                }
                System.out.printf("AlertFiresIT: PlumblineStackFailing firing %d ms after Prometheus started%n",
                        Duration.ofNanos(System.nanoTime() - start).toMillis());

                JsonNode labels = alert.path("labels");
                assertThat(labels.path("severity").asText()).isEqualTo("page");
                assertThat(labels.path("stack").asText()).isEqualTo("web");
                assertThat(labels.path("job").asText()).isEqualTo("plumbline");
                assertThat(labels.path("instance").asText()).isEqualTo(target);
                assertThat(labels.has("condition")).as("one alert per stack, whichever failing condition").isFalse();
                assertThat(alert.path("annotations").path("summary").asText())
                        .isEqualTo("Plumbline stack web has been failing for 15 minutes");
                assertThat(alert.path("annotations").path("description").asText()).contains("Stack web (agent "
                        + target + ")").contains("`plumbline status web`");
                assertThat(alert.path("annotations").path("runbook_url").asText())
                        .isEqualTo("docs/metrics.md#plumblinestackfailing");

                List<String> firing = new ArrayList<>();
                prometheus.alerts().stream().filter(a -> a.path("state").asText().equals("firing"))
                        .forEach(a -> firing.add(a.path("labels").path("alertname").asText()));
                assertThat(firing).as("a stalled stack on a healthy agent fires that page alone")
                        .containsExactly("PlumblineStackFailing");
            }
        }
    }

    private static Optional<JsonNode> firing(PrometheusServer prometheus, String name, String stack) {
        return prometheus.alerts().stream()
                .filter(a -> a.path("labels").path("alertname").asText().equals(name))
                .filter(a -> a.path("labels").path("stack").asText().equals(stack))
                .filter(a -> a.path("state").asText().equals("firing")).findFirst();
    }

    /**
     * Writes to {@code copy} the rules with every {@code for:} cut to 1 s, and checks that nothing else differs:
     * the same lines, each changed one a {@code for:} line in both.
     */
    private static void shortenedRules(Path copy) throws Exception {
        List<String> original = Files.readAllLines(PrometheusTools.rules(), StandardCharsets.UTF_8);
        List<String> shortened = new ArrayList<>();
        for (String line : original) {
            Matcher matcher = FOR.matcher(line);
            shortened.add(matcher.matches() ? matcher.group(1) + "for: 1s" : line);
        }
        int changed = 0;
        assertThat(shortened).hasSameSizeAs(original);
        for (int i = 0; i < original.size(); i++) {
            if (!original.get(i).equals(shortened.get(i))) {
                changed++;
                assertThat(original.get(i)).as("line %d", i + 1).matches(FOR);
                assertThat(shortened.get(i)).as("line %d", i + 1).matches(FOR);
            }
        }
        assertThat(changed).as("the for: lines shortened").isPositive();
        assertThat(original).as("the page waits 15 minutes").anyMatch(line -> line.strip().equals("for: 15m"));
        Files.write(copy, shortened, StandardCharsets.UTF_8);
    }
}
