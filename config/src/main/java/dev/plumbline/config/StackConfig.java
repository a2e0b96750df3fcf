package dev.plumbline.config;

import dev.plumbline.problem.Location;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One reconciled unit: the manifests under {@code path} of {@code source}, applied through
 * {@code provider} with a sync policy, and re-checked for drift every {@code driftInterval}.
 * {@code path} is relative to the repository root, without leading or trailing slashes ("" is the root).
 * {@code ignore}: fields the stack leaves to others ({@link IgnoreRule}).
 */
public record StackConfig(String name, String source, String path, String provider, SyncPolicy sync,
                          Duration driftInterval, Map<String, String> vars, List<IgnoreRule> ignore,
                          Location location) {

    public static final Duration DEFAULT_DRIFT_INTERVAL = Duration.ofMinutes(5);

    public StackConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(source, "source");
        path = path == null ? "" : path;
        Objects.requireNonNull(provider, "provider");
        sync = sync == null ? SyncPolicy.defaults() : sync;
        driftInterval = driftInterval == null ? DEFAULT_DRIFT_INTERVAL : driftInterval;
        vars = vars == null ? Map.of() : Map.copyOf(vars);
        ignore = ignore == null ? List.of() : List.copyOf(ignore);
        Objects.requireNonNull(location, "location");
    }

    /** A stack without ignore rules. */
    public StackConfig(String name, String source, String path, String provider, SyncPolicy sync,
                       Duration driftInterval, Map<String, String> vars, Location location) {
        this(name, source, path, provider, sync, driftInterval, vars, List.of(), location);
    }
}
