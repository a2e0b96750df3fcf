package dev.plumbline.engine.apply;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumbline.config.ProviderConfig;
import dev.plumbline.config.RateLimit;
import dev.plumbline.config.Settings;
import dev.plumbline.engine.state.SettableClock;
import dev.plumbline.problem.Location;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The providers' token buckets, on a settable clock: waits are recorded and passed by moving the clock. */
class ThrottleTest {

    private final SettableClock clock = new SettableClock(Instant.parse("2026-02-01T10:00:00Z"));
    private final List<Duration> waits = new ArrayList<>();
    private final StopSignal stop = new StopSignal();

    static ProviderConfig provider(String name, RateLimit limit) {
        Location at = Location.of("plumbline.yaml", 1, 1);
        return new ProviderConfig(name, "memory", new Settings("provider '" + name + "'", Map.of(), Map.of(), at,
                Path.of(".")), at, Optional.ofNullable(limit));
    }

    private Throttle throttle(ProviderConfig... providers) {
        return Throttle.of(List.of(providers), clock, (duration, signal) -> {
            waits.add(duration);
            clock.advance(duration);
            return signal.isStopped();
        });
    }

    @Test
    void aBurstPassesAtOnceThenCallsWaitTheirTurn() {
        Throttle throttle = throttle(provider("db", new RateLimit(2, 3)));

        for (int i = 0; i < 3; i++) {
            assertThat(throttle.acquire("db", stop)).isTrue();
        }
        assertThat(waits).as("the burst").isEmpty();
        assertThat(throttle.acquire("db", stop)).isTrue();
        assertThat(throttle.acquire("db", stop)).isTrue();

        assertThat(waits).containsExactly(Duration.ofMillis(500), Duration.ofMillis(500));
    }

    @Test
    void aQuietSpellRefillsUpToTheBurstOnly() {
        Throttle throttle = throttle(provider("db", new RateLimit(1, 2)));
        throttle.acquire("db", stop);
        throttle.acquire("db", stop);

        clock.advance(Duration.ofMinutes(10));
        throttle.acquire("db", stop);
        throttle.acquire("db", stop);
        throttle.acquire("db", stop);

        assertThat(waits).containsExactly(Duration.ofSeconds(1));
    }

    @Test
    void providersAreLimitedApartAndOneWithoutALimitNeverWaits() {
        Throttle throttle = throttle(provider("slow", new RateLimit(0.5, 1)), provider("free", null));

        for (int i = 0; i < 100; i++) {
            throttle.acquire("free", stop);
        }
        throttle.acquire("slow", stop);
        throttle.acquire("slow", stop);

        assertThat(waits).containsExactly(Duration.ofSeconds(2));
    }

    @Test
    void aStopDuringTheWaitTakesNoPermit() {
        Throttle throttle = throttle(provider("db", new RateLimit(1, 1)));
        throttle.acquire("db", stop);
        stop.stop();

        assertThat(throttle.acquire("db", stop)).isFalse();
        assertThat(throttle.acquire("unlimited", stop)).as("stopped is stopped, limit or not").isFalse();
    }
}
