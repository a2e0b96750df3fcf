package dev.plumbline.agent.admin;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** The system clock, moved on by what a test adds: time passing without anything happening meanwhile. */
final class MovedClock extends Clock {

    private volatile Duration moved = Duration.ZERO;

    void move(Duration by) {
        moved = moved.plus(by);
    }

    @Override
    public Instant instant() {
        return Instant.now().plus(moved);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
