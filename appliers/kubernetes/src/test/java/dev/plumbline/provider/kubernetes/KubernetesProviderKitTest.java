package dev.plumbline.provider.kubernetes;

import dev.plumbline.model.Provenance;
import dev.plumbline.model.Resource;
import dev.plumbline.model.Sensitive;
import dev.plumbline.provider.Manifests;
import dev.plumbline.provider.Provider;
import dev.plumbline.provider.ProviderCompatibilityKit;
import dev.plumbline.yaml.FieldPath;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Kubernetes provider against the provider compatibility kit, with {@code ConfigMap} (and a
 * {@code Secret} for the secret) as the sample kinds, on fabric8's mock API server in CRUD mode; a server of
 * its own for every test, so the target is empty for it.
 */
class KubernetesProviderKitTest extends ProviderCompatibilityKit {

    private static final String NAMESPACE = "kit";

    @TempDir
    Path dir;

    private KubeMock mock;

    @Override
    protected Provider createProvider() {
        mock = new KubeMock(dir);
        return mock.provider(Map.of("namespace", NAMESPACE));
    }

    @AfterEach
    void stopServer() {
        if (mock != null) {
            mock.close();
        }
    }

    @Override
    protected Resource sample(String name, int version) {
        return Manifests.one("prod", """
                apiVersion: v1
                kind: ConfigMap
                metadata: { name: %s, namespace: %s }
                data: { version: "%d", owner: "team-%s" }
                """.formatted(name, NAMESPACE, version, name));
    }

    @Override
    protected FieldPath drift(Resource applied) {
        ConfigMap live = configMap(applied);
        live.getData().put("version", "edited by hand");
        mock.client.configMaps().inNamespace(NAMESPACE).resource(live).update();
        return FieldPath.of("data", "version");
    }

    @Override
    protected boolean exists(Resource resource) {
        return object(resource) != null;
    }

    @Override
    protected Optional<Provenance> provenance(Resource resource) {
        HasMetadata object = object(resource);
        Map<String, String> annotations = object == null ? null : object.getMetadata().getAnnotations();
        if (annotations == null || annotations.get("plumbline.dev/stack") == null) {
            return Optional.empty();
        }
        return Optional.of(new Provenance(annotations.get("plumbline.dev/stack"),
                annotations.get("plumbline.dev/revision"), Instant.parse(annotations.get("plumbline.dev/applied-at"))));
    }

    @Override
    protected void createUnmanaged(Resource resource) {
        mock.client.configMaps().inNamespace(NAMESPACE).resource(new ConfigMapBuilder().withNewMetadata()
                .withName(resource.name()).endMetadata().withData(Map.of("version", "before", "extra", "kept"))
                .build()).create();
    }

    @Override
    protected Resource sampleWithSecret(String name, Sensitive secret) {
        Resource plain = Manifests.one("prod", """
                apiVersion: v1
                kind: Secret
                metadata: { name: %s, namespace: %s }
                stringData: { password: placeholder }
                """.formatted(name, NAMESPACE));
        Map<String, Object> document = new LinkedHashMap<>(plain.document());
        document.put("stringData", Map.of("password", secret));
        return plain.withDocument(document);
    }

    @Override
    protected boolean holdsSecret(Resource resource, String value) {
        Secret secret = mock.client.secrets().inNamespace(NAMESPACE).withName(resource.name()).get();
        if (secret == null) {
            return false;
        }
        if (secret.getStringData() != null && value.equals(secret.getStringData().get("password"))) {
            return true;
        }
        return secret.getData() != null && secret.getData().get("password") != null && value.equals(new String(
                Base64.getDecoder().decode(secret.getData().get("password")), StandardCharsets.UTF_8));
    }

    /** The labels and annotations of every object: what the provider keeps beside the data. */
    @Override
    protected String bookkeeping() {
        List<String> lines = new ArrayList<>();
        mock.client.configMaps().inAnyNamespace().list().getItems().forEach(object -> lines.add(object.getMetadata()
                .getName() + " " + object.getMetadata().getLabels() + " " + object.getMetadata().getAnnotations()));
        mock.client.secrets().inAnyNamespace().list().getItems().forEach(object -> lines.add(object.getMetadata()
                .getName() + " " + object.getMetadata().getLabels() + " " + object.getMetadata().getAnnotations()));
        lines.sort(null);
        return String.join("\n", lines);
    }

    private ConfigMap configMap(Resource resource) {
        return mock.client.configMaps().inNamespace(NAMESPACE).withName(resource.name()).get();
    }

    private HasMetadata object(Resource resource) {
        return resource.kind().equals("Secret")
                ? mock.client.secrets().inNamespace(NAMESPACE).withName(resource.name()).get()
                : configMap(resource);
    }
}
