package dev.plumbline.provider.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumbline.model.Resource;
import dev.plumbline.provider.Health;
import dev.plumbline.provider.Manifests;
import dev.plumbline.provider.Provider;
import dev.plumbline.provider.StackDriver;
import dev.plumbline.provider.StackScope;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Health read from the objects' status, which the mock server keeps as a controller writes it (the tests
 * write it, as the Deployment controller, the Job controller and the kubelet would).
 */
class KubernetesHealthTest {

    @TempDir
    Path dir;

    private KubeMock mock;
    private Provider provider;

    @BeforeEach
    void start() {
        mock = new KubeMock(dir);
        provider = mock.provider(Map.of());
    }

    @AfterEach
    void stop() {
        provider.close();
        mock.close();
    }

    private static final List<Resource> DESIRED = Manifests.parse("prod", "app.yaml", """
            apiVersion: apps/v1
            kind: Deployment
            metadata: { name: api, namespace: apps }
            spec: { replicas: 3, selector: { matchLabels: { app: api } }, template: { metadata: { labels: { app: api } } } }
            ---
            apiVersion: batch/v1
            kind: Job
            metadata: { name: migrate, namespace: apps }
            spec: { template: { spec: { restartPolicy: Never } } }
            ---
            apiVersion: v1
            kind: PersistentVolumeClaim
            metadata: { name: data, namespace: apps }
            spec: { accessModes: [ReadWriteOnce], resources: { requests: { storage: 1Gi } } }
            ---
            apiVersion: v1
            kind: ConfigMap
            metadata: { name: settings, namespace: apps }
            data: { a: "1" }
            """);

    private Map<String, Health> health() {
        Map<String, Health> byName = new java.util.TreeMap<>();
        provider.health(new StackScope("web"), DESIRED).forEach((key, health) -> byName.put(key.kind(), health));
        return byName;
    }

    /** Writes {@code status} onto the live object, as its controller would. */
    private void status(String apiVersion, String kind, String name, Map<String, Object> status) {
        String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
        String version = apiVersion.substring(apiVersion.indexOf('/') + 1);
        ResourceDefinitionContext context = new ResourceDefinitionContext.Builder().withGroup(group)
                .withVersion(version).withKind(kind).withNamespaced(true)
                .withPlural(io.fabric8.kubernetes.api.Pluralize.toPlural(kind.toLowerCase(java.util.Locale.ROOT)))
                .build();
        var objects = mock.client.genericKubernetesResources(context).inNamespace("apps");
        GenericKubernetesResource live = objects.withName(name).get();
        live.setAdditionalProperty("status", status);
        objects.resource(live).update();
    }

    @Test
    void progressingAfterTheApplyThenHealthyOnceControllersCatchUp() {
        new StackDriver(provider, "web").reconcile("1111111111111111111111111111111111111111", DESIRED, true);

        Map<String, Health> first = health();

        assertThat(first.get("Deployment").state()).isEqualTo(Health.State.PROGRESSING);
        assertThat(first.get("Deployment").message()).isEqualTo("the controller has not seen the last change yet");
        assertThat(first.get("Job").state()).isEqualTo(Health.State.PROGRESSING);
        assertThat(first.get("PersistentVolumeClaim").message()).isEqualTo("not bound yet (phase Pending)");
        assertThat(first.get("ConfigMap")).isEqualTo(Health.healthy("present"));

        status("apps/v1", "Deployment", "api", Map.of("observedGeneration", 1, "replicas", 3, "updatedReplicas", 3,
                "availableReplicas", 3));
        status("batch/v1", "Job", "migrate", Map.of("succeeded", 1, "conditions",
                List.of(Map.of("type", "Complete", "status", "True"))));
        status("v1", "PersistentVolumeClaim", "data", Map.of("phase", "Bound"));

        assertThat(health().values()).extracting(Health::state).containsOnly(Health.State.HEALTHY);
    }

    @Test
    void aFailedJobAndARolloutPastItsDeadlineAreDegraded() {
        new StackDriver(provider, "web").reconcile("1111111111111111111111111111111111111111", DESIRED, true);

        status("batch/v1", "Job", "migrate", Map.of("failed", 3, "conditions", List.of(Map.of("type", "Failed",
                "status", "True", "reason", "BackoffLimitExceeded", "message", "Job has reached the specified backoff limit"))));
        status("apps/v1", "Deployment", "api", Map.of("observedGeneration", 1, "updatedReplicas", 1, "conditions",
                List.of(Map.of("type", "Progressing", "status", "False", "reason", "ProgressDeadlineExceeded",
                        "message", "ReplicaSet \"api-5d\" has timed out progressing."))));

        Map<String, Health> health = health();

        assertThat(health.get("Job")).isEqualTo(Health.degraded("failed: Job has reached the specified backoff limit"));
        assertThat(health.get("Deployment")).isEqualTo(Health.degraded("the rollout exceeded its progress deadline:"
                + " ReplicaSet \"api-5d\" has timed out progressing."));
    }
}
