package dev.plumbline.engine.state;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * A stack's lease as the store has it: its token, its holder, since when it is held and until when (it may
 * have expired already, if no one took it since). For messages, {@code plumbline unlock} and the decision
 * whether another holder may take it ({@link #takeable}).
 */
public record LeaseInfo(String stack, long token, LeaseHolder holder, Instant since, Instant expiresAt) {

    public LeaseInfo {
        Objects.requireNonNull(stack, "stack");
        Objects.requireNonNull(holder, "holder");
        Objects.requireNonNull(since, "since");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    /** Whether it has expired: now has reached its end. */
    public boolean expired(Instant now) {
        return !now.isBefore(expiresAt);
    }

    /** Whether another holder may take it now: it expired, or its holder's process on this host is gone. */
    public boolean takeable(Instant now) {
        return expired(now) || holder.goneFromThisHost();
    }

    /** The acquisition it records. */
    public Lease lease() {
        return new Lease(stack, token, holder);
    }

    /** {@code agent pid 1234 on host h (instance 5e1f09ab) since 2026-02-01T10:00:00Z}. */
    public String describe() {
        return holder.describe() + " since " + since.truncatedTo(ChronoUnit.SECONDS);
    }
}
