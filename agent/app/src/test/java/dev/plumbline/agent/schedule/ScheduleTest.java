package dev.plumbline.agent.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ScheduleTest {

    @Test
    void runsATaskAgainAndAgainButNeverTwiceAtOnce() {
        AtomicInteger runs = new AtomicInteger();
        AtomicInteger running = new AtomicInteger();
        AtomicInteger overlap = new AtomicInteger();
        try (Schedule schedule = new Schedule("test-" + System.nanoTime(), 4, Clock.systemUTC())) {
            schedule.every("poll/infra", Duration.ofMillis(20), Duration.ZERO, 0.5, () -> {
                if (running.incrementAndGet() > 1) {
                    overlap.incrementAndGet();
                }
                runs.incrementAndGet();
                running.decrementAndGet();
            });
            await().atMost(Duration.ofSeconds(20)).until(() -> runs.get() >= 5);
        }
        assertThat(overlap.get()).isZero();
    }

    @Test
    void aScheduleWhoseWorkersAreStuckSaysItStoppedFiringAndIsAliveAgainOnceTheyAreFree() throws Exception {
        CountDownLatch stuck = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (Schedule schedule = new Schedule("test-" + System.nanoTime(), 1, Clock.systemUTC(),
                Duration.ofMillis(20))) {
            schedule.every("drift/web", Duration.ofHours(1), Duration.ZERO, 0, () -> {
                stuck.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS); // holds the schedule's only worker
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            assertThat(stuck.await(20, TimeUnit.SECONDS)).isTrue();

            await().atMost(Duration.ofSeconds(20)).until(() -> schedule.notFiring().isPresent());
            assertThat(schedule.notFiring().orElseThrow()).startsWith("the scheduler has stopped firing: heartbeat"
                    + " (due ").contains("did not start (the heartbeat is due every 20ms, a task may start 120ms late)");

            release.countDown();
            await().atMost(Duration.ofSeconds(20)).until(() -> schedule.notFiring().isEmpty());
        }
    }

    @Test
    void aClosedScheduleIsStopped() {
        Schedule schedule = new Schedule("test-" + System.nanoTime(), 1, Clock.systemUTC());
        assertThat(schedule.notFiring()).isEmpty();

        schedule.close();

        assertThat(schedule.notFiring()).contains("the scheduler is stopped");
    }

    @Test
    void aTaskThatThrowsAnErrorKeepsItsSchedule() {
        AtomicInteger runs = new AtomicInteger();
        try (Schedule schedule = new Schedule("test-" + System.nanoTime(), 1, Clock.systemUTC())) {
            schedule.every("poll/infra", Duration.ofMillis(20), Duration.ZERO, 0, () -> {
                runs.incrementAndGet();
                throw new OutOfMemoryError("Java heap space");
            });
            await().atMost(Duration.ofSeconds(20)).until(() -> runs.get() >= 3);
            assertThat(schedule.notFiring()).isEmpty();
        }
    }

    @Test
    void aFailingTaskKeepsItsSchedule() {
        AtomicInteger runs = new AtomicInteger();
        try (Schedule schedule = new Schedule("test-" + System.nanoTime(), 2, Clock.systemUTC())) {
            schedule.every("drift/web", Duration.ofMillis(20), Duration.ZERO, 0.1, () -> {
                runs.incrementAndGet();
                throw new IllegalStateException("boom");
            });
            await().atMost(Duration.ofSeconds(20)).until(() -> runs.get() >= 3);
        }
    }
}
