package dev.plumbline.engine;

import dev.plumbline.engine.port.ProviderRegistry;
import dev.plumbline.provider.Provider;
import dev.plumbline.render.Router;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where a stack's resources go when their manifests name no provider: to the stack's provider when it serves
 * the resource's API group and kind, else to the one other configured provider that serves it (so one stack
 * can hold a Kubernetes Deployment, a PostgreSQL database and an etcd key, each going to its own provider);
 * when none or several others serve it, to the stack's provider, and validation says what to do. One per
 * stack and config: a render's cache holds while its router is the same object.
 */
final class StackRouter implements Router {

    private final String byDefault;
    private final ProviderRegistry providers;
    private final List<String> names;
    private final Map<String, String> chosen = new ConcurrentHashMap<>();

    /** {@code names}: every configured provider, in the config's order. */
    StackRouter(String byDefault, ProviderRegistry providers, List<String> names) {
        this.byDefault = byDefault;
        this.providers = providers;
        this.names = List.copyOf(names);
    }

    @Override
    public String providerFor(String group, String kind) {
        return chosen.computeIfAbsent(group + "/" + kind, unused -> choose(group, kind));
    }

    @Override
    public String namespaceFor(String provider, String group, String kind, String given) {
        return providers.get(provider).map(found -> found.namespace(group, kind, given)).orElse(given);
    }

    private String choose(String group, String kind) {
        Optional<Provider> stacks = providers.get(byDefault);
        if (stacks.isEmpty() || stacks.get().serves(group, kind)) {
            return byDefault;
        }
        List<String> others = others(group, kind);
        return others.size() == 1 ? others.get(0) : byDefault;
    }

    /** The configured providers but the stack's that serve {@code group} and {@code kind}, in config order. */
    List<String> others(String group, String kind) {
        return names.stream().filter(name -> !name.equals(byDefault))
                .filter(name -> providers.get(name).map(provider -> provider.serves(group, kind)).orElse(false))
                .toList();
    }
}
