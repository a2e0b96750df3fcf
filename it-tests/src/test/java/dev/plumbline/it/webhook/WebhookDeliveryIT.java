package dev.plumbline.it.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.plumbline.engine.state.RunRecord;
import dev.plumbline.engine.state.StateStore;
import dev.plumbline.it.fixture.HookDelivery;
import dev.plumbline.it.fixture.Operated;
import dev.plumbline.it.fixture.Scenario;
import dev.plumbline.source.webhook.GitHost;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Each Git host's push, as that host shapes and signs it, sent to a running agent that polls only once
 * an hour: a signed push gets the commit live with the delivery in the history; a wrong signature is
 * refused and fetches nothing; a replayed delivery is dropped; a push for another ref is ignored.
 */
class WebhookDeliveryIT {

    @TempDir
    Path dir;

    private double fetches(Operated agent) {
        return agent.metric("plumbline_git_fetch_duration_seconds_count", "source=\"infra\"");
    }

    @ParameterizedTest
    @EnumSource(GitHost.class)
    void aSignedPushGoesLiveAndEverythingElseDoesNot(GitHost host) {
        Scenario scenario = Scenario.overFile(dir);
        scenario.writeOperatedConfig(Scenario.Options.defaults().interval("1h"));
        scenario.manifest("motd", "motd", "one").repo().commit("First");
        try (Operated agent = Operated.start(scenario)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> "one".equals(scenario.liveFile("motd")));
            double fetchesAtStart = fetches(agent);

            String second = scenario.manifest("motd", "motd", "two").repo().commit("Second");
            HookDelivery forged = HookDelivery.push(host, second, "delivery-forged-" + host, "not-the-secret");
            Operated.Answer refused = agent.hook("infra", forged.body(), forged.headers());
            assertThat(refused.status()).as(refused.body()).isEqualTo(401);
            assertThat(fetches(agent)).as("a refused delivery fetches nothing").isEqualTo(fetchesAtStart);

            HookDelivery push = HookDelivery.push(host, second, "delivery-1-" + host, Operated.HOOK_SECRET);
            Operated.Answer accepted = agent.hook("infra", push.body(), push.headers());
            assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
            assertThat(accepted.body()).contains("\"result\":\"accepted\"", "\"web\"");
            await().atMost(Duration.ofSeconds(30)).until(() -> "two".equals(scenario.liveFile("motd")));
            RunRecord run = lastRun(scenario);
            assertThat(run.trigger()).isEqualTo("webhook");
            assertThat(run.triggerDetail()).isEqualTo(push.deliveryId());
            assertThat(run.revision()).isEqualTo(second);

            Operated.Answer replay = agent.hook("infra", push.body(), push.headers());
            assertThat(replay.status()).isEqualTo(200);
            assertThat(replay.body()).contains("\"result\":\"duplicate\"");

            if (host != GitHost.BITBUCKET_CLOUD) { // its fixture names the branch in short form only
                HookDelivery other = HookDelivery.push(host, second, "delivery-2-" + host, Operated.HOOK_SECRET,
                        "refs/heads/dev");
                Operated.Answer ignored = agent.hook("infra", other.body(), other.headers());
                assertThat(ignored.status()).isEqualTo(202);
                assertThat(ignored.body()).contains("\"result\":\"ignored\"", "refs/heads/dev is not the ref");
            }
            assertThat(lastRun(scenario).id()).as("nothing ran after the accepted push").isEqualTo(run.id());
            assertThat(agent.metric("plumbline_webhook_deliveries_total", "result=\"unauthorized\",source=\"infra\""))
                    .isEqualTo(1);
        }
    }

    private static RunRecord lastRun(Scenario scenario) {
        try (StateStore store = scenario.store()) {
            return store.history("web", 1).get(0);
        }
    }
}
