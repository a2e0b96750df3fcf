package dev.plumbline.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.plumbline.config.AgentConfig;
import dev.plumbline.config.ConfigLoader;
import dev.plumbline.engine.apply.StopSignal;
import dev.plumbline.engine.memory.MemoryProvider;
import dev.plumbline.engine.memory.MemorySnapshots;
import dev.plumbline.engine.state.InMemoryStateStore;
import dev.plumbline.engine.state.LeaseHolder;
import dev.plumbline.engine.state.SettableClock;
import dev.plumbline.model.Resource;
import dev.plumbline.model.ResourceKey;
import dev.plumbline.problem.StalledException;
import dev.plumbline.provider.Provider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A resource whose manifest names no provider goes to the stack's provider when it serves the resource, else
 * to the one other configured provider that does: one stack holds objects of several providers.
 */
class RoutingTest {

    @TempDir
    Path dir;

    private final MemorySnapshots snapshots = new MemorySnapshots();

    private static final String THING = """
            apiVersion: mem.plumbline.dev/v1
            kind: Thing
            metadata: { name: box }
            spec: { size: 1 }
            """;
    private static final String DEPLOYMENT = """
            apiVersion: apps/v1
            kind: Deployment
            metadata: { name: api, namespace: web }
            spec: { replicas: 2 }
            """;

    private AgentConfig config;

    /** Serves every group but Plumbline's own, as the Kubernetes provider does, and finds every resource valid. */
    private static Provider everythingElse(String name) {
        MemoryProvider memory = new MemoryProvider(name);
        return (Provider) java.lang.reflect.Proxy.newProxyInstance(Provider.class.getClassLoader(),
                new Class<?>[] {Provider.class}, (proxy, method, arguments) -> switch (method.getName()) {
                    case "serves" -> !((String) arguments[0]).endsWith("plumbline.dev");
                    case "namespace" -> ((String) arguments[2]).isEmpty() && !arguments[1].equals("Namespace")
                            ? "apps" : arguments[2]; // a default namespace, as the Kubernetes provider's
                    case "validate" -> List.of();
                    default -> method.isDefault() ? java.lang.reflect.InvocationHandler.invokeDefault(proxy, method,
                            arguments) : method.invoke(memory, arguments);
                });
    }

    private StackPlanner planner(String stackProvider, Map<String, Provider> providers) throws IOException {
        StringBuilder yaml = new StringBuilder("""
                stateDir: ./state
                sources:
                  - name: infra
                    url: file:///srv/git/infra.git
                providers:
                """);
        providers.keySet().forEach(name -> yaml.append("  - { name: ").append(name).append(", type: memory }\n"));
        yaml.append("""
                stacks:
                  - name: web
                    source: infra
                    path: stacks/web
                    provider: %s
                """.formatted(stackProvider));
        Path file = dir.resolve("plumbline.yaml");
        Files.writeString(file, yaml);
        config = ConfigLoader.load(file);
        EnginePorts ports = new EnginePorts(config, new InMemoryStateStore(new SettableClock(Instant.EPOCH)),
                name -> Optional.ofNullable(providers.get(name)), snapshots, null,
                new SettableClock(Instant.EPOCH), null);
        return new Engine(ports, new StopSignal(), LeaseHolder.thisProcess("test")).planner();
    }

    private List<Resource> render(StackPlanner planner) {
        String revision = snapshots.commit("infra", Map.of(
                "stacks/web/thing.yaml", THING,
                "stacks/web/deployment.yaml", DEPLOYMENT,
                "stacks/web/pinned.yaml", """
                        apiVersion: apps/v1
                        kind: Deployment
                        metadata:
                          name: pinned
                          annotations: { plumbline.dev/provider: mem }
                        spec: { replicas: 1 }
                        """));
        return planner.render(config.stack("web").orElseThrow(), snapshots.read("infra", revision));
    }

    @Test
    void eachResourceGoesToTheProviderThatServesIt() throws IOException {
        StackPlanner planner = planner("mem", Map.of("mem", new MemoryProvider("mem"), "kube", everythingElse("kube")));

        StalledException refused = catchThrowableOfType(StalledException.class, () -> render(planner));

        // the annotation still wins: the pinned Deployment goes to mem, which does not serve it
        assertThat(refused.getMessage()).contains("stacks/web/pinned.yaml").contains("provider 'mem'")
                .doesNotContain("deployment.yaml");
    }

    @Test
    void aStackOfTheOtherProviderSendsThePlumblineKindsToTheirs() throws IOException {
        StackPlanner planner = planner("kube", Map.of("mem", new MemoryProvider("mem"), "kube", everythingElse("kube")));
        snapshots.commit("infra", Map.of());

        List<ResourceKey> keys = renderWithoutPinned(planner);

        assertThat(keys).extracting(key -> key.kind() + " " + key.name() + " -> " + key.provider())
                .containsExactlyInAnyOrder("Thing box -> mem", "Deployment api -> kube");
    }

    /**
     * A namespaced object without a namespace is keyed in the provider's default namespace: naming it or
     * leaving it out is one key, so a commit that writes the default namespace out changes nothing (with two
     * keys, the old one would be pruned: the very object).
     */
    @Test
    void theDefaultNamespaceIsInTheKeyWhetherTheManifestNamesItOrNot() throws IOException {
        StackPlanner planner = planner("kube", Map.of("mem", new MemoryProvider("mem"), "kube", everythingElse("kube")));
        List<ResourceKey> keys = new java.util.ArrayList<>();
        for (String metadata : List.of("{ name: api }", "{ name: api, namespace: apps }")) {
            String revision = snapshots.commit("infra", Map.of("stacks/web/api.yaml", """
                    apiVersion: apps/v1
                    kind: Deployment
                    metadata: %s
                    spec: { replicas: 2 }
                    """.formatted(metadata)));
            keys.addAll(planner.render(config.stack("web").orElseThrow(), snapshots.read("infra", revision)).stream()
                    .map(Resource::key).toList());
        }

        assertThat(keys).hasSize(2).allSatisfy(key -> assertThat(key.namespace()).isEqualTo("apps"));
        assertThat(keys.get(0)).isEqualTo(keys.get(1));
    }

    @Test
    void whenTwoOthersServeAResourceTheStacksProviderKeepsItAndTheMessageNamesThem() throws IOException {
        Map<String, Provider> providers = new java.util.LinkedHashMap<>();
        providers.put("mem", new MemoryProvider("mem"));
        providers.put("east", everythingElse("east"));
        providers.put("west", everythingElse("west"));
        StackPlanner planner = planner("mem", providers);

        StalledException refused = catchThrowableOfType(StalledException.class, () -> render(planner));

        assertThat(refused.getMessage()).contains("stacks/web/deployment.yaml").contains("providers 'east', 'west'"
                + " do: name one with the annotation plumbline.dev/provider");
    }

    @Test
    void wavesOrderTheChangesOfAllProvidersLowestFirst() throws IOException {
        StackPlanner planner = planner("kube", Map.of("mem", new MemoryProvider("mem"), "kube", everythingElse("kube")));
        String revision = snapshots.commit("infra", Map.of(
                "stacks/web/db.yaml", """
                        apiVersion: mem.plumbline.dev/v1
                        kind: Thing
                        metadata: { name: db, annotations: { plumbline.dev/wave: "-1" } }
                        spec: { size: 1 }
                        """,
                "stacks/web/api.yaml", """
                        apiVersion: apps/v1
                        kind: Deployment
                        metadata: { name: api }
                        spec: { replicas: 2 }
                        """,
                "stacks/web/smoke.yaml", """
                        apiVersion: mem.plumbline.dev/v1
                        kind: Thing
                        metadata: { name: smoke, annotations: { plumbline.dev/wave: "5" } }
                        spec: { size: 1 }
                        """,
                "stacks/web/cache.yaml", """
                        apiVersion: mem.plumbline.dev/v1
                        kind: Thing
                        metadata: { name: cache }
                        spec: { size: 1 }
                        """));

        PreparedPlan prepared = planner.prepare(config.stack("web").orElseThrow(), snapshots.read("infra", revision));

        // without waves, by provider: kube's Deployment, then mem's Things
        assertThat(prepared.plan().mutations()).extracting(change -> change.key().name())
                .containsExactly("db", "api", "cache", "smoke");
    }

    private List<ResourceKey> renderWithoutPinned(StackPlanner planner) {
        String revision = snapshots.commit("infra", Map.of(
                "stacks/web/thing.yaml", THING,
                "stacks/web/deployment.yaml", DEPLOYMENT));
        return planner.render(config.stack("web").orElseThrow(), snapshots.read("infra", revision))
                .stream().map(Resource::key).toList();
    }
}
