package dev.plumbline.agent;

import dev.plumbline.agent.secret.SecretResolver;
import dev.plumbline.agent.state.SqliteStateStore;
import dev.plumbline.engine.state.StateStore;
import dev.plumbline.agent.telemetry.AgentMetrics;
import dev.plumbline.agent.telemetry.MeteredStateStore;
import dev.plumbline.config.AgentConfig;
import dev.plumbline.config.SourceConfig;
import dev.plumbline.provider.Providers;
import dev.plumbline.render.Renderer;
import dev.plumbline.source.git.GitMirror;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Everything one config opens, shared by the CLI's one-shot commands and the daemon: the state store,
 * the providers, a Git mirror per source (under {@code <stateDir>/mirrors}) and the renderer with its
 * cache. Closing it closes them all.
 */
public final class Workspace implements AutoCloseable {

    private final AgentConfig config;
    private final StateStore store;
    private final Providers providers;
    private final Map<String, GitMirror> mirrors = new LinkedHashMap<>();
    private final Renderer renderer = new Renderer();
    private final SecretResolver secrets;

    private Workspace(AgentConfig config, StateStore store, Providers providers, SecretResolver secrets) {
        this.config = config;
        this.store = store;
        this.providers = providers;
        this.secrets = secrets;
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
        Providers providers = Providers.create(config.providers(), environment);
        StateStore store;
        try {
            store = SqliteStateStore.open(config.stateDir());
            if (metrics != null) {
                store = MeteredStateStore.wrap(store, metrics);
            }
        } catch (RuntimeException e) {
            providers.close();
            throw e;
        }
        Path configDir = config.file().toAbsolutePath().normalize().getParent();
        Workspace workspace = new Workspace(config, store, providers, new SecretResolver(environment, configDir));
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

    public AgentConfig config() {
        return config;
    }

    public StateStore store() {
        return store;
    }

    public Providers providers() {
        return providers;
    }

    public Renderer renderer() {
        return renderer;
    }

    /** Resolves the secrets of desired resources, in memory, for the run that applies them. */
    public SecretResolver secrets() {
        return secrets;
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
