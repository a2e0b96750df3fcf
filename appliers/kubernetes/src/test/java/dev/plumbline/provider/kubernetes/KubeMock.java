package dev.plumbline.provider.kubernetes;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.plumbline.config.ProviderConfig;
import dev.plumbline.config.Settings;
import dev.plumbline.problem.Location;
import dev.plumbline.problem.Problem;
import dev.plumbline.provider.Provider;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * fabric8's Kubernetes mock server in CRUD mode (it keeps what it is sent: create, get, list, delete, JSON
 * and merge patches; no server-side apply, no discovery), with a kubeconfig pointing at it and a provider
 * made from a config entry naming that kubeconfig, as a user would.
 */
final class KubeMock implements AutoCloseable {

    static final String TOKEN = "test-token-7d1c";

    final KubernetesMockServer server;
    final KubernetesClient client;
    final Path kubeconfig;

    KubeMock(Path dir) {
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher(), false);
        server.init();
        client = server.createClient();
        kubeconfig = dir.resolve("kubeconfig");
        write(kubeconfig, kubeconfigFor("http://" + server.getHostName() + ":" + server.getPort()));
    }

    /** A kubeconfig with one context, {@code test} (the current one), a token user and {@code url}'s cluster. */
    static String kubeconfigFor(String url) {
        return """
                apiVersion: v1
                kind: Config
                clusters:
                  - name: mock
                    cluster: { server: "%s" }
                users:
                  - name: tester
                    user: { token: %s }
                contexts:
                  - name: test
                    context: { cluster: mock, user: tester, namespace: apps }
                current-context: test
                """.formatted(url, TOKEN);
    }

    static void write(Path file, String text) {
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A provider named {@code prod} made from these settings (the kubeconfig is added unless given). */
    Provider provider(Map<String, Object> settings) {
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("kubeconfig", kubeconfig.toString());
        all.putAll(settings);
        List<Problem> problems = new ArrayList<>();
        Provider provider = new KubernetesProviderFactory(Map.of("HOME", kubeconfig.getParent().toString()))
                .create(config(all), problems).orElse(null);
        if (provider == null) {
            throw new IllegalStateException("the provider was refused: " + problems);
        }
        return provider;
    }

    /**
     * Observes one ConfigMap ({@code settings} in namespace {@code apps}) through a provider made from a
     * kubeconfig in {@code dir} whose one cluster and user are {@code cluster} and {@code user} (YAML mappings):
     * what a test of credentials needs the server to be asked.
     */
    static void observeThrough(Path dir, String cluster, String user) throws IOException {
        Path kubeconfig = dir.resolve("kubeconfig");
        Files.writeString(kubeconfig, """
                apiVersion: v1
                kind: Config
                clusters: [ { name: c, cluster: %s } ]
                users: [ { name: u, user: %s } ]
                contexts: [ { name: ctx, context: { cluster: c, user: u, namespace: apps } } ]
                current-context: ctx
                """.formatted(cluster, user));
        List<Problem> problems = new ArrayList<>();
        try (Provider provider = new KubernetesProviderFactory(Map.of()).create(config(Map.of("kubeconfig",
                kubeconfig.toString())), problems).orElseThrow(() -> new IllegalStateException(problems.toString()))) {
            provider.observe(new dev.plumbline.provider.StackScope("web"), List.of(dev.plumbline.provider.Manifests
                    .one("prod", """
                            apiVersion: v1
                            kind: ConfigMap
                            metadata: { name: settings }
                            data: { a: "1" }
                            """)), List.of());
        }
    }

    /** Has {@code server} answer what {@link #observeThrough} asks: no ConfigMap, listed and read. */
    static void answerObserveThrough(WireMockServer server) {
        String configMaps = "/api/v1/namespaces/apps/configmaps";
        server.stubFor(get(urlPathEqualTo(configMaps)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"apiVersion\":\"v1\",\"kind\":\"ConfigMapList\",\"items\":[]}")));
        server.stubFor(get(urlPathEqualTo(configMaps + "/settings")).willReturn(aResponse().withStatus(404)
                .withHeader("Content-Type", "application/json").withBody("{\"kind\":\"Status\",\"apiVersion\":\"v1\","
                        + "\"status\":\"Failure\",\"reason\":\"NotFound\",\"code\":404}")));
    }

    static ProviderConfig config(Map<String, Object> settings) {
        Map<String, Location> locations = new HashMap<>();
        int line = 3;
        for (String key : settings.keySet()) {
            locations.put(key, new Location("plumbline.yaml", line++, 7));
        }
        return new ProviderConfig("prod", "kubernetes", new Settings("provider 'prod'", settings, locations,
                new Location("plumbline.yaml", 2, 5), Path.of("/etc/plumbline")), new Location("plumbline.yaml", 2, 5));
    }

    @Override
    public void close() {
        client.close();
        server.destroy();
    }
}
