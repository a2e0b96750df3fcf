package dev.plumbline.it.bench;

import dev.plumbline.it.fixture.HookDelivery;
import dev.plumbline.it.fixture.Operated;
import dev.plumbline.it.fixture.Scenario;
import dev.plumbline.source.webhook.GitHost;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * How long a pushed commit takes to go live, measured side by side in one run: an agent told by a
 * webhook, and an agent that polls every second (the shortest interval anyone configures). Each round
 * commits a new file content, announces it (or not), and times until the live file has it. Prints
 * median, 95th percentile and worst for both, and their ratio. Not a test: run bench/push-to-live/run.sh.
 */
public final class PushToLiveBench {

    private PushToLiveBench() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        Path dir = Files.createTempDirectory("push-to-live");
        List<Long> webhook = measure(dir.resolve("webhook"), "1h", rounds, (agent, sha) -> {
            HookDelivery push = HookDelivery.push(GitHost.GITHUB, sha, "bench-" + sha, Operated.HOOK_SECRET);
            agent.hook("infra", push.body(), push.headers());
        });
        List<Long> polling = measure(dir.resolve("poll"), "1s", rounds, (agent, sha) -> { });
        System.out.printf("push to live, %d rounds each, files provider, file:// source%n", rounds);
        System.out.printf("%-22s %10s %10s %10s%n", "", "p50 ms", "p95 ms", "max ms");
        print("webhook", webhook);
        print("poll every 1s", polling);
        System.out.printf("%-22s %10.1fx%n", "poll p50 / webhook p50",
                (double) percentile(polling, 50) / Math.max(1, percentile(webhook, 50)));
    }

    private static List<Long> measure(Path dir, String interval, int rounds, BiConsumer<Operated, String> announce)
            throws IOException, InterruptedException {
        Scenario scenario = Scenario.overFile(dir);
        scenario.writeOperatedConfig(Scenario.Options.defaults().interval(interval));
        scenario.manifest("motd", "motd", "round 0").repo().commit("Round 0");
        List<Long> millis = new ArrayList<>();
        try (Operated agent = Operated.start(scenario)) {
            waitFor(scenario, "round 0");
            for (int round = 1; round <= rounds; round++) {
                String content = "round " + round;
                String sha = scenario.manifest("motd", "motd", content).repo().commit("Round " + round);
                long started = System.nanoTime();
                announce.accept(agent, sha);
                waitFor(scenario, content);
                millis.add((System.nanoTime() - started) / 1_000_000);
            }
        }
        return millis;
    }

    /** Polls the live file every millisecond; the bench measures, so a short bounded wait is the point. */
    private static void waitFor(Scenario scenario, String content) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!content.equals(scenario.liveFile("motd"))) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("'" + content + "' did not go live within 60 s");
            }
            Thread.onSpinWait();
            java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
        }
    }

    private static void print(String label, List<Long> millis) {
        System.out.printf("%-22s %10d %10d %10d%n", label, percentile(millis, 50), percentile(millis, 95),
                Collections.max(millis));
    }

    private static long percentile(List<Long> values, int percent) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int index = (int) Math.ceil(percent / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, index));
    }
}
