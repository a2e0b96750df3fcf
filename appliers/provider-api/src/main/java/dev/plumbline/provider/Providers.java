package dev.plumbline.provider;

import dev.plumbline.problem.Reasons;
import dev.plumbline.config.ProviderConfig;
import dev.plumbline.problem.Problem;
import dev.plumbline.problem.StalledException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeSet;

/** The providers of one config, by name, made through the factories found on the class path. */
public final class Providers implements AutoCloseable {

    private final Map<String, Provider> byName;

    private Providers(Map<String, Provider> byName) {
        this.byName = byName;
    }

    /** Makes every configured provider; throws with every settings problem at once. */
    public static Providers create(List<ProviderConfig> configs) {
        return create(configs, System.getenv());
    }

    /** As above, with the environment the providers read their own credentials from. */
    public static Providers create(List<ProviderConfig> configs, Map<String, String> environment) {
        Map<String, ProviderFactory> factories = new LinkedHashMap<>();
        for (ProviderFactory factory : ServiceLoader.load(ProviderFactory.class)) {
            factories.putIfAbsent(factory.type(), factory);
        }
        List<Problem> problems = new ArrayList<>();
        Map<String, Provider> byName = new LinkedHashMap<>();
        for (ProviderConfig config : configs) {
            ProviderFactory factory = factories.get(config.type());
            if (factory == null) {
                problems.add(Problem.at(config.location(), "provider '" + config.name() + "' has type '"
                        + config.type() + "', which is not known (known types: "
                        + String.join(", ", new TreeSet<>(factories.keySet())) + ")"));
                continue;
            }
            factory.create(config, environment, problems).ifPresent(provider -> byName.put(config.name(), provider));
        }
        problems.addAll(overlaps(configs, factories));
        if (!problems.isEmpty()) {
            byName.values().forEach(Provider::close);
            throw new StalledException(Reasons.INVALID_CONFIG, problems);
        }
        return new Providers(byName);
    }

    /** A problem for each provider whose territory overlaps an earlier one's, naming both. */
    private static List<Problem> overlaps(List<ProviderConfig> configs, Map<String, ProviderFactory> factories) {
        List<Problem> problems = new ArrayList<>();
        Map<ProviderConfig, Territory> seen = new LinkedHashMap<>();
        for (ProviderConfig config : configs) {
            ProviderFactory factory = factories.get(config.type());
            Territory territory = factory == null ? null : factory.territory(config).orElse(null);
            if (territory == null) {
                continue;
            }
            seen.forEach((earlier, claimed) -> {
                if (territory.overlaps(claimed)) {
                    problems.add(Problem.at(config.location(), "provider '" + config.name() + "' ("
                            + territory.description() + ") overlaps provider '" + earlier.name() + "' ("
                            + claimed.description() + ", line " + earlier.location().line() + "): two providers"
                            + " over one place would overwrite and prune each other's objects; give each its own"));
                }
            });
            seen.put(config, territory);
        }
        return problems;
    }

    /** For tests and embedding: providers made elsewhere. */
    public static Providers of(List<Provider> providers) {
        Map<String, Provider> byName = new LinkedHashMap<>();
        providers.forEach(p -> byName.put(p.name(), p));
        return new Providers(byName);
    }

    public Optional<Provider> get(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public Provider require(String name) {
        Provider provider = byName.get(name);
        if (provider == null) {
            throw new IllegalArgumentException("no provider named " + name);
        }
        return provider;
    }

    @Override
    public void close() {
        byName.values().forEach(Provider::close);
    }
}
