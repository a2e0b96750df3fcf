package dev.plumbline.engine;

import dev.plumbline.config.AgentConfig;
import dev.plumbline.engine.port.ProviderRegistry;
import dev.plumbline.engine.port.ReconcileListener;
import dev.plumbline.engine.port.SecretResolver;
import dev.plumbline.engine.port.SnapshotReader;
import dev.plumbline.engine.state.StateStore;
import java.time.Clock;
import java.util.Objects;

/**
 * Everything the engine reaches the world through: the config (stacks and their policies), the state store,
 * the providers, the sources' snapshots, the secrets, the clock, and a listener for telemetry and events.
 * The agent wires the real ones; tests wire in-memory ones.
 */
public record EnginePorts(AgentConfig config, StateStore store, ProviderRegistry providers, SnapshotReader snapshots,
                          SecretResolver secrets, Clock clock, ReconcileListener listener) {

    public EnginePorts {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(providers, "providers");
        Objects.requireNonNull(snapshots, "snapshots");
        secrets = secrets == null ? SecretResolver.none() : secrets;
        clock = clock == null ? Clock.systemUTC() : clock;
        listener = listener == null ? ReconcileListener.none() : listener;
    }

    /** The same ports, over {@code newStore} instead. */
    public EnginePorts withStore(StateStore newStore) {
        return new EnginePorts(config, newStore, providers, snapshots, secrets, clock, listener);
    }

    /** The same ports, resolving secrets through {@code newSecrets} instead. */
    public EnginePorts withSecrets(SecretResolver newSecrets) {
        return new EnginePorts(config, store, providers, snapshots, newSecrets, clock, listener);
    }

    /** The same ports, telling {@code newListener} instead. */
    public EnginePorts withListener(ReconcileListener newListener) {
        return new EnginePorts(config, store, providers, snapshots, secrets, clock, newListener);
    }
}
