package dev.plumbline.engine.port;

import dev.plumbline.provider.Provider;
import java.util.Optional;

/**
 * The engine's port to the providers of one config, by name. The agent hands in its
 * {@link dev.plumbline.provider.Providers} (made through {@link java.util.ServiceLoader}); tests hand in
 * providers made in memory.
 */
@FunctionalInterface
public interface ProviderRegistry {

    Optional<Provider> get(String name);

    default Provider require(String name) {
        return get(name).orElseThrow(() -> new IllegalArgumentException("no provider named " + name));
    }
}
