package dev.plumbline.agent.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.plumbline.engine.ReconcileOutcome;
import dev.plumbline.engine.ReconcileRequest;
import dev.plumbline.engine.Trigger;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ReconcileQueueTest {

    private final List<ReconcileRequest> ran = new CopyOnWriteArrayList<>();

    @Test
    void aBurstWhileRunningCostsOneMoreRunWithTheNewestRevision() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        try (ReconcileQueue queue = new ReconcileQueue(2, request -> {
            ran.add(request);
            started.countDown();
            waitFor(release);
            return ReconcileOutcome.unchanged("sha", "");
        })) {
            queue.submit(ReconcileRequest.at("web", Trigger.POLL, "a"));
            assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
            for (int i = 0; i < 50; i++) {
                queue.submit(ReconcileRequest.at("web", Trigger.WEBHOOK, "b" + i));
            }
            release.countDown();
            await().atMost(Duration.ofSeconds(10)).until(() -> ran.size() == 2 && !queue.busy("web"));
        }
        assertThat(ran).extracting(r -> r.revision().orElseThrow()).containsExactly("a", "b49");
    }

    @Test
    void stacksRunInParallelButOneStackNeverTwiceAtOnce() throws InterruptedException {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        AtomicInteger webAtOnce = new AtomicInteger();
        AtomicInteger webMost = new AtomicInteger();
        CountDownLatch all = new CountDownLatch(1);
        try (ReconcileQueue queue = new ReconcileQueue(3, request -> {
            most.accumulateAndGet(running.incrementAndGet(), Math::max);
            if (request.stack().equals("web")) {
                webMost.accumulateAndGet(webAtOnce.incrementAndGet(), Math::max);
            }
            waitFor(all);
            if (request.stack().equals("web")) {
                webAtOnce.decrementAndGet();
            }
            running.decrementAndGet();
            ran.add(request);
            return ReconcileOutcome.unchanged("sha", "");
        })) {
            for (String stack : List.of("web", "api", "db", "web", "web")) {
                queue.submit(ReconcileRequest.of(stack, Trigger.POLL));
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> running.get() == 3);
            all.countDown();
            await().atMost(Duration.ofSeconds(10)).until(() -> ran.size() == 4);
        }
        assertThat(most.get()).isEqualTo(3);
        assertThat(webMost.get()).isEqualTo(1);
    }

    @Test
    void aFailureAskingForARetryIsSubmittedAgainAfterItsDelay() {
        AtomicInteger calls = new AtomicInteger();
        try (ReconcileQueue queue = new ReconcileQueue(1, request -> {
            ran.add(request);
            return calls.incrementAndGet() == 1
                    ? ReconcileOutcome.waiting("sha", "FetchFailed", "down", Duration.ofMillis(50))
                    : ReconcileOutcome.unchanged("sha", "");
        })) {
            queue.submit(ReconcileRequest.at("web", Trigger.POLL, "sha"));
            await().atMost(Duration.ofSeconds(10)).until(() -> ran.size() == 2);
        }
        assertThat(ran).extracting(ReconcileRequest::trigger).containsExactly(Trigger.POLL, Trigger.RETRY);
        assertThat(ran.get(1).revision()).as("a retry works toward the newest revision, not the one it failed on")
                .isEqualTo(Optional.empty());
    }

    @Test
    void aStackHasOneRetryPendingAtMostAndARunMeanwhileMakesItMoot() {
        AtomicInteger calls = new AtomicInteger();
        try (ReconcileQueue queue = new ReconcileQueue(1, request -> {
            ran.add(request);
            int call = calls.incrementAndGet();
            // the first two runs fail and ask for a retry in 400 ms; everything after succeeds
            return call <= 2 ? ReconcileOutcome.waiting("sha", "FetchFailed", "down", Duration.ofMillis(400))
                    : ReconcileOutcome.unchanged("sha", "");
        })) {
            queue.submit(ReconcileRequest.at("web", Trigger.POLL, "sha"));
            await().atMost(Duration.ofSeconds(10)).until(() -> queue.retryPending("web"));
            queue.submit(ReconcileRequest.at("web", Trigger.WEBHOOK, "sha2"));
            await().atMost(Duration.ofSeconds(10)).until(() -> ran.size() == 3 && !queue.busy("web")
                    && !queue.retryPending("web"));
            // for long enough that a second retry chain, were there one, would show
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> ran.size() == 3);
        }
        assertThat(ran).extracting(ReconcileRequest::trigger)
                .containsExactly(Trigger.POLL, Trigger.WEBHOOK, Trigger.RETRY);
    }

    @Test
    void aDriftCheckWaitingBehindAFailureIsDroppedForTheRetryButACommitIsNot() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        AtomicInteger calls = new AtomicInteger();
        try (ReconcileQueue queue = new ReconcileQueue(1, request -> {
            ran.add(request);
            started.countDown();
            waitFor(release);
            return calls.incrementAndGet() == 1
                    ? ReconcileOutcome.waiting("sha", "TargetUnavailable", "down", Duration.ofMillis(300))
                    : ReconcileOutcome.unchanged("sha", "");
        })) {
            queue.submit(ReconcileRequest.at("web", Trigger.POLL, "sha"));
            assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
            queue.submit(ReconcileRequest.of("web", Trigger.DRIFT));
            release.countDown();
            await().atMost(Duration.ofSeconds(10)).until(() -> ran.size() == 2 && !queue.busy("web")
                    && !queue.retryPending("web"));

            assertThat(ran).extracting(ReconcileRequest::trigger).containsExactly(Trigger.POLL, Trigger.RETRY);
        }
        ran.clear();
        calls.set(0);
        CountDownLatch releaseFirst = new CountDownLatch(1);
        CountDownLatch startedFirst = new CountDownLatch(1);
        try (ReconcileQueue queue = new ReconcileQueue(1, request -> {
            ran.add(request);
            startedFirst.countDown();
            waitFor(releaseFirst);
            return calls.incrementAndGet() == 1
                    ? ReconcileOutcome.waiting("sha", "TargetUnavailable", "down", Duration.ofMinutes(5))
                    : ReconcileOutcome.unchanged("sha2", "");
        })) {
            queue.submit(ReconcileRequest.at("web", Trigger.POLL, "sha"));
            assertThat(startedFirst.await(10, TimeUnit.SECONDS)).isTrue();
            queue.submit(ReconcileRequest.at("web", Trigger.WEBHOOK, "sha2"));
            releaseFirst.countDown();
            await().atMost(Duration.ofSeconds(10)).until(() -> ran.size() == 2 && !queue.busy("web"));

            assertThat(ran).extracting(ReconcileRequest::trigger).as("a new commit starts at once")
                    .containsExactly(Trigger.POLL, Trigger.WEBHOOK);
        }
    }

    @Test
    void aRunThatThrowsAnErrorLeavesItsWorkerAliveAndTheQueueWorkingAndIsTriedAgain() {
        List<String> threads = new CopyOnWriteArrayList<>();
        AtomicInteger calls = new AtomicInteger();
        try (ReconcileQueue queue = new ReconcileQueue(1, request -> {
            ran.add(request);
            threads.add(Thread.currentThread().getName());
            if (calls.incrementAndGet() == 1) {
                throw new OutOfMemoryError("Java heap space");
            }
            return ReconcileOutcome.unchanged("sha", "");
        })) {
            queue.submit(ReconcileRequest.at("web", Trigger.POLL, "a"));
            await().atMost(Duration.ofSeconds(10)).until(() -> queue.retryPending("web"));

            queue.submit(ReconcileRequest.at("api", Trigger.WEBHOOK, "b"));
            await().atMost(Duration.ofSeconds(10)).until(() -> ran.size() == 2 && !queue.busy("api"));
        }
        assertThat(ran).extracting(ReconcileRequest::stack).containsExactly("web", "api");
        assertThat(threads).as("the one worker thread ran both").containsExactly("plumbline-reconcile-1",
                "plumbline-reconcile-1");
    }

    @Test
    void aPersonsRequestIsNotDowngradedByATimer() {
        ReconcileRequest merged = ReconcileRequest.at("web", Trigger.CLI, "a")
                .merge(ReconcileRequest.at("web", Trigger.DRIFT, "b"));
        assertThat(merged.trigger()).isEqualTo(Trigger.CLI);
        assertThat(merged.revision()).contains("b");
        assertThat(ReconcileRequest.of("web", Trigger.DRIFT).merge(ReconcileRequest.at("web", Trigger.WEBHOOK, "c"))
                .trigger()).isEqualTo(Trigger.WEBHOOK);
    }

    private static void waitFor(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
