package dev.plumbline.agent.telemetry;

import java.time.Duration;

/**
 * The histogram buckets of Plumbline's duration metrics: few, fixed, and spread over the range each one
 * measures, so that {@code histogram_quantile} is meaningful and the series count stays small.
 */
final class Buckets {

    /** A reconcile: 10 ms (nothing to do) to 10 min (a large apply). */
    static final Duration[] RECONCILE = seconds(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300,
            600);

    /** A commit becoming live: 1 s (a webhook and a fast apply) to a day (a manual stack). */
    static final Duration[] CONVERGE = seconds(1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600, 7200, 21600, 86400);

    /** A fetch of a source: 50 ms to 2 min. */
    static final Duration[] FETCH = seconds(0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120);

    private Buckets() {
    }

    private static Duration[] seconds(double... values) {
        Duration[] durations = new Duration[values.length];
        for (int i = 0; i < values.length; i++) {
            durations[i] = Duration.ofNanos(Math.round(values[i] * 1_000_000_000L));
        }
        return durations;
    }
}
