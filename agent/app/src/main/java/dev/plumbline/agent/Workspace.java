package dev.plumbline.agent;

import dev.plumbline.agent.secret.DigestKey;
import dev.plumbline.agent.secret.EnvironmentSecrets;
import dev.plumbline.agent.source.MirrorSnapshots;
import dev.plumbline.agent.state.SqliteStateStore;
import dev.plumbline.agent.telemetry.AgentMetrics;
import dev.plumbline.agent.telemetry.MeteredStateStore;
import dev.plumbline.agent.telemetry.StoreHealth;
import dev.plumbline.config.AgentConfig;
import dev.plumbline.config.SourceConfig;
import dev.plumbline.engine.Engine;
import dev.plumbline.engine.EnginePorts;
import dev.plumbline.engine.apply.StopSignal;
import dev.plumbline.engine.port.ReconcileListener;
import dev.plumbline.engine.state.LeaseHolder;
import dev.plumbline.engine.state.StateStore;
import dev.plumbline.provider.Providers;
import dev.plumbline.source.git.GitMirror;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Everything one config opens, shared by the CLI's one-shot commands and the daemon: the state store, the
 * providers, a Git mirror per source (under {@code <stateDir>/mirrors}) and the secrets, handed to the
 * {@link Engine} as its ports. Which state store it opens is a {@link StateStoreOpener} (the embedded SQLite
 * file by default). Closing it closes them all.
 */
public final class Workspace implements AutoCloseable {

    /** Opens the state store of a config. */
    @FunctionalInterface
    public interface StateStoreOpener {

        /** The embedded default: {@code <stateDir>/state.db}, no server; a lost or damaged file is refused. */
        StateStoreOpener SQLITE = config -> SqliteStateStore.openChecked(config.stateDir());

        StateStore open(AgentConfig config);
    }

    private final AgentConfig config;
    private final StateStore store;
    private final Providers providers;
    private final Map<String, GitMirror> mirrors = new LinkedHashMap<>();
    private final EnvironmentSecrets secrets;
    private final StoreHealth storeHealth;

    private Workspace(AgentConfig config, StateStore store, Providers providers, EnvironmentSecrets secrets,
                      StoreHealth storeHealth) {
        this.config = config;
        this.store = store;
        this.providers = providers;
        this.secrets = secrets;
        this.storeHealth = storeHealth;
    }

    /** Whether the state store takes writes now (told by the metered store; never failing without metrics). */
    public StoreHealth storeHealth() {
        return storeHealth;
    }

    /** Opens the providers (checking their settings), the state store and the mirrors. */
    public static Workspace open(AgentConfig config) {
        return open(config, null);
    }

    /** As {@link #open(AgentConfig)}, counting the state store's failures in {@code metrics} (may be null). */
    public static Workspace open(AgentConfig config, AgentMetrics metrics) {
        return open(config, metrics, System.getenv());
    }

    /**
     * As above, resolving the manifests' secrets from {@code environment} (and files relative to the config
     * file's directory).
     */
    public static Workspace open(AgentConfig config, AgentMetrics metrics, Map<String, String> environment) {
        return open(config, metrics, environment, StateStoreOpener.SQLITE);
    }

    /** As above, with the state store {@code opener} opens. */
    public static Workspace open(AgentConfig config, AgentMetrics metrics, Map<String, String> environment,
                                 StateStoreOpener opener) {
        Providers providers = Providers.create(config.providers(), environment);
        StateStore store;
        StoreHealth health = new StoreHealth(java.time.Clock.systemUTC());
        try {
            store = opener.open(config);
            if (metrics != null) {
                store = MeteredStateStore.wrap(store, metrics, health);
            }
        } catch (RuntimeException e) {
            providers.close();
            throw e;
        }
        Path configDir = config.file().toAbsolutePath().normalize().getParent();
        Workspace workspace = new Workspace(config, store, providers,
                new EnvironmentSecrets(environment, configDir, config.secrets(), digestKey(config, store, providers)),
                health);
        try {
            Path mirrorDir = config.stateDir().resolve("mirrors");
            for (SourceConfig source : config.sources()) {
                workspace.mirrors.put(source.name(), GitMirror.open(source, mirrorDir));
            }
        } catch (RuntimeException e) {
            workspace.close();
            throw e;
        }
        return workspace;
    }

    /** The key of the secrets' inventory digests, closing what is open when it cannot be had. */
    private static dev.plumbline.model.SecretDigest digestKey(AgentConfig config, StateStore store, Providers providers) {
        try {
            return DigestKey.load(config.stateDir());
        } catch (RuntimeException e) {
            store.close();
            providers.close();
            throw e;
        }
    }

    /** The engine's ports over this workspace. */
    public EnginePorts ports(Clock clock, ReconcileListener listener) {
        return new EnginePorts(config, store, providers::get, MirrorSnapshots.of(mirrors), secrets, clock, listener);
    }

    /** An engine over this workspace, taking leases as this process in {@code role} ("agent", "cli"). */
    public Engine engine(Clock clock, ReconcileListener listener, StopSignal stop, String role) {
        return new Engine(ports(clock, listener), stop, LeaseHolder.thisProcess(role));
    }

    /**
     * An engine for plans of commits not on a followed branch (pull requests): no telemetry, and, for commits
     * from a fork ({@code readsSecrets} false), secret references checked against the grants but never read.
     * Its caches are its own, so these plans leave the agent's runs as they were.
     */
    public Engine planningEngine(Clock clock, boolean readsSecrets) {
        EnginePorts ports = ports(clock, ReconcileListener.none());
        return new Engine(readsSecrets ? ports : ports.withSecrets(secrets.withoutValues()), new StopSignal(),
                LeaseHolder.thisProcess("plan"));
    }

    /** An engine for a one-shot command: the system clock, no telemetry. */
    public Engine engine(String role) {
        return engine(Clock.systemUTC(), ReconcileListener.none(), new StopSignal(), role);
    }

    public AgentConfig config() {
        return config;
    }

    public StateStore store() {
        return store;
    }

    public Providers providers() {
        return providers;
    }

    public GitMirror mirror(String source) {
        GitMirror mirror = mirrors.get(source);
        if (mirror == null) {
            throw new IllegalArgumentException("no source named " + source);
        }
        return mirror;
    }

    @Override
    public void close() {
        mirrors.values().forEach(GitMirror::close);
        providers.close();
        store.close();
    }
}
