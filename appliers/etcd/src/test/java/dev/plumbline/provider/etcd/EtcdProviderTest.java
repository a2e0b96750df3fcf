package dev.plumbline.provider.etcd;

import dev.plumbline.model.Provenance;
import dev.plumbline.model.Resource;
import dev.plumbline.model.Sensitive;
import dev.plumbline.provider.Manifests;
import dev.plumbline.provider.Provider;
import dev.plumbline.provider.ProviderCompatibilityKit;
import dev.plumbline.yaml.FieldPath;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The etcd provider against the provider compatibility kit, with {@code Key} as the sample kind, on a real
 * etcd; every test gets a prefix of its own, so the target is empty for it.
 */
class EtcdProviderTest extends ProviderCompatibilityKit {

    @RegisterExtension
    static final EtcdServer ETCD = new EtcdServer();

    private String prefix;

    @Override
    protected Provider createProvider() {
        prefix = EtcdFixtures.freshPrefix();
        return EtcdFixtures.provider(ETCD, prefix);
    }

    @Override
    protected Resource sample(String name, int version) {
        return Manifests.one("kv", """
                apiVersion: etcd.plumbline.dev/v1
                kind: Key
                metadata:
                  name: %s
                spec:
                  key: app/%s
                  value: "%s, version %d"
                """.formatted(name, name, name, version));
    }

    @Override
    protected FieldPath drift(Resource applied) {
        ETCD.put(key(applied), "edited by hand");
        return FieldPath.of("spec", "value");
    }

    @Override
    protected boolean exists(Resource resource) {
        return ETCD.get(key(resource)).isPresent();
    }

    @Override
    protected Optional<Provenance> provenance(Resource resource) {
        return EtcdFixtures.record(ETCD, prefix, relative(resource)).map(KeyRecord::provenance);
    }

    @Override
    protected void createUnmanaged(Resource resource) {
        ETCD.put(key(resource), (String) resource.spec().get("value"));
    }

    @Override
    protected Resource sampleWithSecret(String name, Sensitive secret) {
        Resource plain = sample(name, 1);
        Map<String, Object> document = new LinkedHashMap<>(plain.document());
        Map<String, Object> spec = new LinkedHashMap<>(plain.spec());
        spec.put("value", secret);
        document.put("spec", spec);
        return plain.withDocument(document);
    }

    @Override
    protected boolean holdsSecret(Resource resource, String value) {
        return ETCD.get(key(resource)).filter(value::equals).isPresent();
    }

    @Override
    protected String bookkeeping() {
        return String.join("\n", ETCD.getPrefix(prefix + ".plumbline/").values());
    }

    private String key(Resource resource) {
        return prefix + relative(resource);
    }

    private static String relative(Resource resource) {
        return "app/" + resource.name();
    }
}
