package dev.plumbline.engine;

import dev.plumbline.engine.apply.Backoff;
import dev.plumbline.problem.Reasons;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * When a stack that failed transiently is tried again. Consecutive failures of one stack form a chain; each
 * waits exponentially longer (5 s doubling to 5 min; 250 ms doubling to 5 s after a concurrent write), with
 * ±20% jitter so that stacks failing together do not retry together, and never less than the target asked
 * for (a Retry-After). Polls and drift checks do not shorten the wait; a new revision or a person's request
 * starts a fresh chain at once. After {@value #QUICK_ATTEMPTS} failures in a row the stack is stalled, with
 * the reason and the next try's time, and tried every 5 min from then on.
 */
final class Retries {

    /** Failures in a row after which the stack counts as stalled (it is still tried, slowly). */
    static final int QUICK_ATTEMPTS = 8;

    private static final Backoff RETRY = new Backoff(Duration.ofSeconds(5), Duration.ofMinutes(5));
    /** A concurrent writer got in between observing and writing: observe again soon. */
    private static final Backoff CONFLICT_RETRY = new Backoff(Duration.ofMillis(250), Duration.ofSeconds(5));
    private static final double JITTER = 0.2;

    private record Chain(String revision, int failures) {
    }

    private final Map<String, Chain> chains = new ConcurrentHashMap<>();
    private final DoubleSupplier random;

    Retries() {
        this(() -> ThreadLocalRandom.current().nextDouble());
    }

    /** With {@code random} giving numbers in [0, 1) for the jitter (0.5: none). */
    Retries(DoubleSupplier random) {
        this.random = random;
    }

    /**
     * The outcome as the loop should act on it: a waiting one gets its delay (and becomes stalled at the end
     * of its quick attempts); anything else ends the stack's chain.
     */
    ReconcileOutcome decide(String stack, String revision, Trigger trigger, ReconcileOutcome outcome, Instant now) {
        if (outcome.result() != ReconcileOutcome.Result.WAITING) {
            chains.remove(stack);
            return outcome;
        }
        boolean fresh = trigger.forcesApply() || trigger == Trigger.RESUME;
        Chain chain = chains.compute(stack, (name, was) -> was == null || fresh
                || (revision != null && !revision.equals(was.revision()))
                ? new Chain(revision, 1) : new Chain(was.revision(), was.failures() + 1));
        Backoff backoff = Reasons.CONCURRENT_MODIFICATION.equals(outcome.reason()) ? CONFLICT_RETRY : RETRY;
        Duration delay = jittered(backoff.delay(chain.failures()));
        Duration asked = outcome.requeueAfter().orElse(Duration.ZERO);
        if (asked.compareTo(delay) > 0) {
            delay = asked;
        }
        if (chain.failures() < QUICK_ATTEMPTS) {
            return outcome.requeueAfter(delay);
        }
        return ReconcileOutcome.stalled(outcome.revision().orElse(null), outcome.reason(), outcome.message()
                + " (failed " + chain.failures() + " times in a row; tried again every " + backoff.max().toMinutes()
                + " min or so, next at " + now.plus(delay) + ")").requeueAfter(delay);
    }

    /** How many failures in a row the stack's current chain has. */
    int failures(String stack) {
        Chain chain = chains.get(stack);
        return chain == null ? 0 : chain.failures();
    }

    private static String words(Duration duration) {
        return duration.toMinutes() >= 1 ? duration.toMinutes() + " min" : duration.toSeconds() + " s";
    }

    private Duration jittered(Duration delay) {
        double factor = 1 - JITTER + 2 * JITTER * random.getAsDouble();
        return Duration.ofMillis(Math.round(delay.toMillis() * factor));
    }
}
