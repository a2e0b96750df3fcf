package dev.plumbline.it.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.plumbline.agent.Agent;
import dev.plumbline.engine.state.RunRecord;
import dev.plumbline.engine.state.StateStore;
import dev.plumbline.it.fixture.HookDelivery;
import dev.plumbline.it.fixture.Operated;
import dev.plumbline.it.fixture.Scenario;
import dev.plumbline.source.webhook.GitHost;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The webhook endpoint under pressure and at its edges: a burst of pushes costs one fetch per coalescing
 * window it spans (plus one for pushes that arrive during the last fetch) and one run; an oversized body is refused with 413; a source without a
 * webhook secret has no endpoint (404).
 */
class WebhookFloodIT {

    private static final int PUSHES = 40;

    @TempDir
    Path dir;

    @Test
    void aBurstOfPushesIsFoldedIntoOneFetchWindowAndOneRun() throws Exception {
        Scenario scenario = Scenario.overFile(dir);
        scenario.writeOperatedConfig(Scenario.Options.defaults().interval("1h"));
        scenario.manifest("motd", "motd", "one").repo().commit("First");
        try (Operated agent = Operated.start(scenario)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> "one".equals(scenario.liveFile("motd")));
            double fetchesBefore = fetches(agent);
            long runsBefore = runs(scenario);
            String second = scenario.manifest("motd", "motd", "two").repo().commit("Second");

            List<HookDelivery> pushes = new ArrayList<>();
            for (int i = 0; i < PUSHES; i++) {
                pushes.add(HookDelivery.push(GitHost.GITHUB, second, "delivery-flood-" + i, Operated.HOOK_SECRET));
            }
            ExecutorService senders = Executors.newFixedThreadPool(PUSHES);
            long burstStarted = System.nanoTime();
            List<Future<Operated.Answer>> answers = new ArrayList<>();
            for (HookDelivery push : pushes) {
                answers.add(senders.submit(() -> agent.hook("infra", push.body(), push.headers())));
            }
            for (Future<Operated.Answer> answer : answers) {
                assertThat(answer.get().status()).isEqualTo(202);
            }
            Duration burst = Duration.ofNanos(System.nanoTime() - burstStarted);
            senders.shutdown();
            // one fetch per window the burst spans, and one more for pushes that came while the last fetch ran
            long windows = burst.toMillis() / Agent.FETCH_WINDOW.toMillis() + 1;

            await().atMost(Duration.ofSeconds(30)).until(() -> "two".equals(scenario.liveFile("motd")));
            await().atMost(Duration.ofSeconds(10)).until(() -> !agent.daemon().agent().busy("web"));
            assertThat(fetches(agent) - fetchesBefore).as("fetches for %d pushes in %d ms", PUSHES, burst.toMillis())
                    .isBetween(1.0, windows + 1.0).isLessThan(PUSHES / 4.0);
            try (StateStore store = scenario.store()) {
                List<RunRecord> newRuns = store.history("web", 10).stream().limit(runs(scenario) - runsBefore).toList();
                assertThat(newRuns).extracting(RunRecord::result).containsOnlyOnce("applied");
                assertThat(newRuns).allSatisfy(run -> assertThat(run.trigger()).isEqualTo("webhook"));
            }
        }
    }

    @Test
    void anOversizedBodyIsRefusedAndASourceWithoutSecretHasNoHook() {
        Scenario scenario = Scenario.overFile(dir);
        scenario.writeOperatedConfig(Scenario.Options.defaults().interval("1h"));
        scenario.manifest("motd", "motd", "one").repo().commit("First");
        try (Operated agent = Operated.start(scenario)) {
            byte[] huge = new byte[1024 * 1024 + 1];
            Operated.Answer tooLarge = agent.hook("infra", huge, Map.of("X-GitHub-Event", "push",
                    "X-GitHub-Delivery", "big", "X-Hub-Signature-256", "sha256=00"));
            assertThat(tooLarge.status()).isEqualTo(413);
            assertThat(tooLarge.body()).contains("larger than 1048576 bytes");

            HookDelivery push = HookDelivery.push(GitHost.GITHUB, scenario.repo().head(), "d-plain",
                    Operated.HOOK_SECRET);
            Operated.Answer noHook = agent.hook("plain", push.body(), push.headers());
            assertThat(noHook.status()).isEqualTo(404);
            assertThat(noHook.body()).contains("no webhook for source 'plain'");

            Operated.Answer unknownHost = agent.hook("infra", "{}".getBytes(), Map.of("Content-Type",
                    "application/json"));
            assertThat(unknownHost.status()).isEqualTo(400);
        }
    }

    private static double fetches(Operated agent) {
        return agent.metric("plumbline_git_fetch_duration_seconds_count", "source=\"infra\"");
    }

    private static long runs(Scenario scenario) {
        try (StateStore store = scenario.store()) {
            return store.history("web", 500).size();
        }
    }
}
