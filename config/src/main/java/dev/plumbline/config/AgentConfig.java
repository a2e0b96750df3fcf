package dev.plumbline.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The whole agent config ({@code plumbline.yaml}), checked: names are unique and every reference
 * resolves. {@code file} is the config path as the user gave it; relative paths inside were resolved
 * against its directory. {@code secrets} is what manifests may read as secrets; {@code notifications} where
 * messages about runs go.
 */
public record AgentConfig(Path file, Path stateDir, AdminConfig admin, List<SourceConfig> sources,
                          List<ProviderConfig> providers, List<StackConfig> stacks, SecretGrants secrets,
                          List<NotificationConfig> notifications) {

    public AgentConfig {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(stateDir, "stateDir");
        Objects.requireNonNull(admin, "admin");
        sources = List.copyOf(sources);
        providers = List.copyOf(providers);
        stacks = List.copyOf(stacks);
        Objects.requireNonNull(secrets, "secrets");
        notifications = notifications == null ? List.of() : List.copyOf(notifications);
    }

    /** A config without notifications. */
    public AgentConfig(Path file, Path stateDir, AdminConfig admin, List<SourceConfig> sources,
                       List<ProviderConfig> providers, List<StackConfig> stacks, SecretGrants secrets) {
        this(file, stateDir, admin, sources, providers, stacks, secrets, List.of());
    }

    public Optional<SourceConfig> source(String name) {
        return sources.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    public Optional<ProviderConfig> provider(String name) {
        return providers.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    public Optional<StackConfig> stack(String name) {
        return stacks.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    public List<StackConfig> stacksOf(String source) {
        return stacks.stream().filter(s -> s.source().equals(source)).toList();
    }
}
