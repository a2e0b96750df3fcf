package dev.plumbline.provider.kubernetes;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import dev.plumbline.model.Resource;
import dev.plumbline.plan.Action;
import dev.plumbline.plan.Change;
import dev.plumbline.problem.PlumblineException;
import dev.plumbline.problem.Reasons;
import dev.plumbline.problem.StalledException;
import dev.plumbline.problem.TransientException;
import dev.plumbline.provider.ApplyContext;
import dev.plumbline.provider.Manifests;
import dev.plumbline.provider.Provider;
import dev.plumbline.provider.StackScope;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the API server's failures mean for a run, with WireMock answering in its place: a conflict, throttling
 * (with the server's Retry-After), a server error and a dropped connection are tried again by the engine with
 * its backoff (the client itself does not retry); an object the server refuses stalls at its position.
 */
class KubernetesFaultsTest {

    private static final String CONFIG_MAPS = "/api/v1/namespaces/apps/configmaps";

    @TempDir
    Path dir;

    private WireMockServer server;
    private Provider provider;

    @BeforeEach
    void start() {
        server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        server.start();
        Path kubeconfig = dir.resolve("kubeconfig");
        KubeMock.write(kubeconfig, KubeMock.kubeconfigFor("http://127.0.0.1:" + server.port()));
        List<dev.plumbline.problem.Problem> problems = new ArrayList<>();
        provider = new KubernetesProviderFactory(Map.of()).create(KubeMock.config(Map.of("kubeconfig",
                kubeconfig.toString())), problems).orElseThrow(() -> new IllegalStateException(problems.toString()));
    }

    @AfterEach
    void stop() {
        provider.close();
        server.stop();
    }

    private static Resource settings() {
        return Manifests.one("prod", """
                apiVersion: v1
                kind: ConfigMap
                metadata: { name: settings }
                data: { a: "1" }
                """);
    }

    private PlumblineException createFails() {
        Resource settings = settings();
        Change create = new Change(Action.CREATE, settings.key(), Optional.of(settings), Optional.empty(), List.of());
        return catchThrowableOfType(PlumblineException.class, () -> provider.apply(create,
                new ApplyContext("web", "1111111111111111111111111111111111111111", Instant.now())));
    }

    private static String status(int code, String reason, String message, String details) {
        return """
                {"kind":"Status","apiVersion":"v1","status":"Failure","message":"%s","reason":"%s","code":%d%s}
                """.formatted(message, reason, code, details);
    }

    @Test
    void throttlingIsTransientAndCarriesTheServersRetryAfter() {
        server.stubFor(post(urlPathEqualTo(CONFIG_MAPS)).willReturn(aResponse().withStatus(429)
                .withHeader("Retry-After", "7").withHeader("Content-Type", "application/json")
                .withBody(status(429, "TooManyRequests", "too many requests",
                        ",\"details\":{\"retryAfterSeconds\":7}"))));

        PlumblineException failure = createFails();

        assertThat(failure).isInstanceOf(TransientException.class);
        assertThat(failure.reason()).isEqualTo(Reasons.RATE_LIMITED);
        assertThat(((TransientException) failure).retryAfter()).contains(Duration.ofSeconds(7));
        server.verify(1, postRequestedFor(urlPathEqualTo(CONFIG_MAPS))); // no retry inside the client
    }

    @Test
    void aConflictAndAServerErrorAreTransient() {
        server.stubFor(post(urlPathEqualTo(CONFIG_MAPS)).willReturn(aResponse().withStatus(409)
                .withHeader("Content-Type", "application/json")
                .withBody(status(409, "Conflict", "the object has been modified", ""))));
        assertThat(createFails()).isInstanceOf(TransientException.class)
                .satisfies(failure -> assertThat(failure.reason()).isEqualTo(Reasons.CONCURRENT_MODIFICATION))
                .hasMessageContaining("the object has been modified");

        server.resetAll();
        server.stubFor(post(urlPathEqualTo(CONFIG_MAPS)).willReturn(aResponse().withStatus(500)
                .withHeader("Content-Type", "application/json")
                .withBody(status(500, "InternalError", "etcdserver: request timed out", ""))));
        assertThat(createFails()).isInstanceOf(TransientException.class)
                .satisfies(failure -> assertThat(failure.reason()).isEqualTo(Reasons.APPLY_FAILED))
                .hasMessageContaining("etcdserver: request timed out");
        server.verify(1, postRequestedFor(urlPathEqualTo(CONFIG_MAPS)));
    }

    @Test
    void aDroppedConnectionIsTransient() {
        server.stubFor(get(urlPathEqualTo(CONFIG_MAPS)).willReturn(aResponse()
                .withFault(Fault.CONNECTION_RESET_BY_PEER)));

        PlumblineException failure = catchThrowableOfType(PlumblineException.class, () -> provider.observe(
                new StackScope("web"), List.of(settings()), List.of()));

        assertThat(failure).isInstanceOf(TransientException.class);
        assertThat(failure.reason()).isEqualTo(Reasons.UNREACHABLE);
        assertThat(failure.getMessage()).startsWith("provider 'prod': list v1 ConfigMap in namespace apps: ");
    }

    @Test
    void aKindTheClusterDoesNotServeIsAnErrorAtTheManifest() {
        server.stubFor(get(urlPathEqualTo("/apis/example.com/v1/namespaces/apps/widgets")).willReturn(aResponse()
                .withStatus(404).withHeader("Content-Type", "application/json")
                .withBody(status(404, "NotFound", "the server could not find the requested resource", ""))));
        Resource widget = Manifests.one("prod", """
                apiVersion: example.com/v1
                kind: Widget
                metadata: { name: gear }
                spec: { teeth: 12 }
                """);

        PlumblineException failure = catchThrowableOfType(PlumblineException.class, () -> provider.observe(
                new StackScope("web"), List.of(widget), List.of()));

        Resource definition = Manifests.one("prod", """
                apiVersion: apiextensions.k8s.io/v1
                kind: CustomResourceDefinition
                metadata: { name: widgets.example.com }
                spec: { group: example.com, scope: Namespaced, names: { kind: Widget, plural: widgets } }
                """);
        server.stubFor(get(urlPathEqualTo("/apis/apiextensions.k8s.io/v1/customresourcedefinitions")).willReturn(
                aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(
                        "{\"apiVersion\":\"v1\",\"kind\":\"List\",\"items\":[]}")));
        server.stubFor(get(urlPathEqualTo("/apis/apiextensions.k8s.io/v1/customresourcedefinitions/widgets.example.com"))
                .willReturn(aResponse().withStatus(404).withHeader("Content-Type", "application/json")
                        .withBody(status(404, "NotFound", "not found", ""))));
        assertThat(provider.observe(new StackScope("web"), List.of(definition, widget), List.of()))
                .as("with its definition in the same stack, applied first, the kind is not there yet").isEmpty();
        assertThat(failure).isInstanceOf(StalledException.class);
        assertThat(failure.getMessage()).isEqualTo("test.yaml:1:1: provider 'prod': the cluster does not serve kind"
                + " Widget of apiVersion example.com/v1 (its answer: 404 not found); check apiVersion and kind, or"
                + " apply the kind's CustomResourceDefinition first");
    }

    @Test
    void anObjectTheServerRefusesStallsAtItsManifestPosition() {
        server.stubFor(post(urlPathEqualTo(CONFIG_MAPS)).willReturn(aResponse().withStatus(422)
                .withHeader("Content-Type", "application/json")
                .withBody(status(422, "Invalid", "ConfigMap \\\"settings\\\" is invalid: data[a b]: Invalid value", ""))));

        PlumblineException failure = createFails();

        assertThat(failure).isInstanceOf(StalledException.class);
        assertThat(failure.reason()).isEqualTo(Reasons.INVALID_MANIFEST);
        assertThat(failure.getMessage()).contains("test.yaml:1:1").contains("is invalid");
    }
}
