package dev.plumbline.engine.apply;

import dev.plumbline.config.ProviderConfig;
import dev.plumbline.config.RateLimit;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The providers' rate limits ({@code providers[].rateLimit}): before each call the engine makes to a
 * provider (an observe, a write, a delete, a transaction, a retry) it takes a permit from that provider's
 * token bucket, waiting for one when the bucket is empty. A provider without a limit is never held up. One
 * throttle is shared by every run of an engine, so the limit holds across the stacks of one agent.
 */
public final class Throttle {

    /** How the wait for a permit passes: returns true when the run was stopped meanwhile. */
    @FunctionalInterface
    public interface Waiter {
        boolean await(Duration duration, StopSignal stop);
    }

    /** A throttle that never waits. */
    public static final Throttle NONE = new Throttle(Map.of(), (duration, stop) -> stop.isStopped());

    private static final Logger LOG = LoggerFactory.getLogger(Throttle.class);

    /** The stop signal of a call that cannot be abandoned; never stopped. */
    private static final StopSignal NEVER = new StopSignal();

    private final Map<String, Bucket> buckets;
    private final Waiter waiter;

    private Throttle(Map<String, Bucket> buckets, Waiter waiter) {
        this.buckets = Map.copyOf(buckets);
        this.waiter = waiter;
    }

    /** The limits of {@code providers}, timed by {@code clock}, waiting on the run's stop signal. */
    public static Throttle of(List<ProviderConfig> providers, Clock clock) {
        return of(providers, clock, (duration, stop) -> stop.await(duration));
    }

    /** As above, passing waits through {@code waiter} (tests move a settable clock instead of sleeping). */
    public static Throttle of(List<ProviderConfig> providers, Clock clock, Waiter waiter) {
        TimeMeter meter = timeMeter(clock);
        Map<String, Bucket> buckets = new HashMap<>();
        for (ProviderConfig provider : providers) {
            provider.rateLimit().ifPresent(limit -> buckets.put(provider.name(), bucket(limit, meter)));
        }
        return new Throttle(buckets, waiter);
    }

    /** Bucket4j's time, read from {@code clock}, so that a settable clock drives a bucket in tests. */
    public static TimeMeter timeMeter(Clock clock) {
        return new TimeMeter() {
            @Override
            public long currentTimeNanos() {
                Instant now = clock.instant();
                return now.getEpochSecond() * 1_000_000_000L + now.getNano();
            }

            @Override
            public boolean isWallClockBased() {
                return true;
            }
        };
    }

    private static Bucket bucket(RateLimit limit, TimeMeter meter) {
        // one permit every 1/perSecond seconds, refilled greedily (continuously), up to the burst
        Duration perPermit = Duration.ofNanos(Math.max(1, Math.round(1_000_000_000d / limit.perSecond())));
        return Bucket.builder()
                .addLimit(bandwidth -> bandwidth.capacity(limit.burst()).refillGreedy(1, perPermit)
                        .initialTokens(limit.burst()))
                .withCustomTimePrecision(meter)
                .build();
    }

    /**
     * Takes a permit for a call to {@code provider}, waiting as long as its limit asks; false when
     * {@code stop} came first (no call should be made then).
     */
    public boolean acquire(String provider, StopSignal stop) {
        Bucket bucket = buckets.get(provider);
        if (bucket == null) {
            return !stop.isStopped();
        }
        while (true) {
            ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
            if (probe.isConsumed()) {
                return !stop.isStopped();
            }
            Duration wait = Duration.ofNanos(probe.getNanosToWaitForRefill());
            LOG.debug("provider {}: rate limit reached, waiting {} ms", provider, wait.toMillis());
            if (waiter.await(wait, stop)) {
                return false;
            }
        }
    }

    /** Takes a permit for a call that cannot be abandoned (observing live state). */
    public void acquire(String provider) {
        acquire(provider, NEVER);
    }
}
