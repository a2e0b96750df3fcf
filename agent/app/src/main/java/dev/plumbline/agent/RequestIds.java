package dev.plumbline.agent;

import java.time.Clock;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sync request ids that grow with time and compare as strings: microseconds since the epoch, zero-padded
 * to 17 digits, never repeating within a process (like Flux's requestedAt, but ordered without parsing).
 */
final class RequestIds {

    private final Clock clock;
    private final AtomicLong last = new AtomicLong();

    RequestIds(Clock clock) {
        this.clock = clock;
    }

    String next() {
        long now = clock.millis() * 1000;
        long id = last.updateAndGet(previous -> Math.max(previous + 1, now));
        return String.format("%017d", id);
    }
}
