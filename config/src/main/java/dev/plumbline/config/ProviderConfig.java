package dev.plumbline.config;

import dev.plumbline.problem.Location;
import java.util.Objects;
import java.util.Optional;

/**
 * A place where resources are applied: a name the stacks refer to, a type that picks the implementation
 * ({@code files}, {@code postgres}, {@code etcd}, ...), the type's own settings, and how fast the agent
 * may call it ({@code rateLimit}, any type; empty: as fast as it answers).
 */
public record ProviderConfig(String name, String type, Settings settings, Location location,
                             Optional<RateLimit> rateLimit) {

    public ProviderConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(location, "location");
        rateLimit = rateLimit == null ? Optional.empty() : rateLimit;
    }

    /** A provider without a rate limit. */
    public ProviderConfig(String name, String type, Settings settings, Location location) {
        this(name, type, settings, location, Optional.empty());
    }
}
