package dev.plumbline.agent.telemetry;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * Whether the state store takes writes now: the last write that failed (what, why, when), until a later
 * write succeeds. Reads are not counted either way: a full disk still answers them. {@code /readyz} reports
 * it, since a stack's status, being in the store, cannot say that the store itself cannot be written.
 */
public final class StoreHealth {

    /** A write that failed. */
    public record Failure(String operation, String message, Instant at) {
    }

    private final Clock clock;
    private volatile Failure failure;

    public StoreHealth(Clock clock) {
        this.clock = clock;
    }

    void failed(String operation, String message) {
        failure = new Failure(operation, message, clock.instant());
    }

    void wrote() {
        failure = null;
    }

    /** The last failed write, when no write succeeded since. */
    public Optional<Failure> failure() {
        return Optional.ofNullable(failure);
    }
}
