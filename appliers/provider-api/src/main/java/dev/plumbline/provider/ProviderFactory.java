package dev.plumbline.provider;

import dev.plumbline.config.ProviderConfig;
import dev.plumbline.problem.Problem;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Makes providers of one type from their config entry. Found with {@link java.util.ServiceLoader}: list
 * implementations in {@code META-INF/services/dev.plumbline.provider.ProviderFactory}.
 */
public interface ProviderFactory {

    String type();

    /**
     * Checks the settings and makes the provider; reports every problem in the settings (with its line)
     * into {@code problems} and returns empty when there is any. Must not reach the target yet.
     */
    Optional<Provider> create(ProviderConfig config, List<Problem> problems);

    /**
     * As {@link #create(ProviderConfig, List)}, reading the provider's own credentials ({@code passwordEnv},
     * ...) from {@code environment} instead of the process's: the agent hands in the one it was started with.
     * {@link dev.plumbline.provider.credential.CredentialRef#fromSettings} reads such settings.
     */
    default Optional<Provider> create(ProviderConfig config, Map<String, String> environment, List<Problem> problems) {
        return create(config, problems);
    }

    /**
     * Where a provider made from {@code config} would write, read from its settings alone (nothing is
     * reached); empty when the settings do not say (their problems are {@link #create}'s to report) or the
     * type shares nothing. Two providers of a config whose territories overlap are refused.
     */
    default Optional<Territory> territory(ProviderConfig config) {
        return Optional.empty();
    }
}
