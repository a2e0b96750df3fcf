package dev.plumbline.agent.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
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
