package dev.plumbline.config;

import dev.plumbline.problem.Location;
import java.util.Objects;

/**
 * A place where resources are applied: a name the stacks refer to, a type that picks the implementation
 * ({@code files}, later {@code postgres}, {@code etcd}, ...), and the type's own settings.
 */
public record ProviderConfig(String name, String type, Settings settings, Location location) {

    public ProviderConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(location, "location");
    }
}
