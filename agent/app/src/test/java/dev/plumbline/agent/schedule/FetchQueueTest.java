package dev.plumbline.agent.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.plumbline.problem.PlumblineException;
import dev.plumbline.problem.TransientException;
import dev.plumbline.source.git.FetchResult;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class FetchQueueTest {

    private static final String SHA = "a".repeat(40);

    private final List<List<String>> answered = new CopyOnWriteArrayList<>();
    private final List<String> failed = new CopyOnWriteArrayList<>();
    private final FetchQueue.Listener<String> listener = new FetchQueue.Listener<>() {
        @Override
        public void fetched(String source, FetchResult result, List<String> causes) {
            answered.add(causes);
        }

        @Override
        public void failed(String source, PlumblineException failure, List<String> causes) {
            failed.add(failure.reason() + " " + causes);
        }
    };

    @Test
    void aQuietSourceIsFetchedAtOnceAndRequestsWithinTheNextWindowShareOneFetch() {
        AtomicInteger fetches = new AtomicInteger();
        try (FetchQueue<String> queue = new FetchQueue<>(2, Duration.ofSeconds(6), source -> {
            fetches.incrementAndGet();
            return new FetchResult(SHA, null, Duration.ofMillis(1));
        }, listener)) {
            queue.request("infra", "push-0");
            await("fetched without waiting for the 6 s window").atMost(Duration.ofSeconds(4))
                    .until(() -> answered.size() == 1);
            assertThat(answered.get(0)).containsExactly("push-0");
            for (int i = 1; i < 25; i++) {
                queue.request("infra", "push-" + i);
            }
            await().atMost(Duration.ofSeconds(15)).until(() -> answered.size() == 2);
            assertThat(fetches.get()).isEqualTo(2);
            assertThat(answered.get(1)).as("the rest of the burst, at the window's end").hasSize(24)
                    .startsWith("push-1").endsWith("push-24");
            assertThat(queue.fetchedOnce("infra")).isTrue();
            assertThat(queue.fetchedOnce("other")).isFalse();
        }
    }

    @Test
    void aFetchThatThrowsAnErrorIsAFailedFetchAndTheSourceIsFetchedAgainWhenAsked() {
        AtomicInteger fetches = new AtomicInteger();
        try (FetchQueue<String> queue = new FetchQueue<>(1, Duration.ofMillis(1), source -> {
            if (fetches.incrementAndGet() == 1) {
                throw new OutOfMemoryError("Java heap space");
            }
            return new FetchResult(SHA, null, Duration.ofMillis(1));
        }, listener)) {
            queue.request("infra", "poll-1");
            await().atMost(Duration.ofSeconds(10)).until(() -> failed.size() == 1);
            assertThat(failed).containsExactly("InternalError [poll-1]");

            queue.request("infra", "poll-2");
            await().atMost(Duration.ofSeconds(10)).until(() -> answered.size() == 1);
            assertThat(answered.get(0)).containsExactly("poll-2");
        }
    }

    @Test
    void requestsDuringAFetchAreAnsweredByOneMore() throws InterruptedException {
        CountDownLatch fetching = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger fetches = new AtomicInteger();
        try (FetchQueue<String> queue = new FetchQueue<>(2, Duration.ofMillis(1), source -> {
            if (fetches.incrementAndGet() == 1) {
                fetching.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return new FetchResult(SHA, null, Duration.ofMillis(1));
        }, listener)) {
            queue.request("infra", "first");
            assertThat(fetching.await(10, TimeUnit.SECONDS)).isTrue();
            for (int i = 0; i < 10; i++) {
                queue.request("infra", "late-" + i);
            }
            release.countDown();
            await().atMost(Duration.ofSeconds(10)).until(() -> answered.size() == 2);
        }
        assertThat(fetches.get()).isEqualTo(2);
        assertThat(answered.get(0)).containsExactly("first");
        assertThat(answered.get(1)).hasSize(10);
    }

    @Test
    void aFailedFetchIsReportedWithItsCauses() {
        try (FetchQueue<String> queue = new FetchQueue<>(1, Duration.ofMillis(1), source -> {
            throw new TransientException("FetchFailed", "down");
        }, listener)) {
            queue.request("infra", "poll");
            await().atMost(Duration.ofSeconds(10)).until(() -> failed.size() == 1);
            assertThat(failed).containsExactly("FetchFailed [poll]");
            assertThat(queue.fetchedOnce("infra")).isFalse();
        }
    }
}
