package dev.plumbline.config;

/**
 * How fast the agent may call one provider's target: {@code perSecond} calls a second on average, with up to
 * {@code burst} at once after a quiet spell (a token bucket, as the Kubernetes client's qps and burst). A
 * call is one the engine makes: observing one stack, writing or deleting one object (each retry again), or one
 * transaction. Calls over the limit wait; nothing fails because of it. The limit is per process: the agent
 * and a {@code plumbline apply} beside it each keep their own.
 */
public record RateLimit(double perSecond, int burst) {

    public RateLimit {
        if (!(perSecond > 0) || Double.isInfinite(perSecond)) {
            throw new IllegalArgumentException("perSecond must be a positive number");
        }
        if (burst < 1) {
            throw new IllegalArgumentException("burst must be at least 1");
        }
    }

    /** The burst when none is given: a second's worth of calls, at least one. */
    public static int defaultBurst(double perSecond) {
        return (int) Math.max(1, Math.ceil(perSecond));
    }
}
