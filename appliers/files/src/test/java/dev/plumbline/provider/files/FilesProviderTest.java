package dev.plumbline.provider.files;

import dev.plumbline.model.Provenance;
import dev.plumbline.model.Resource;
import dev.plumbline.model.Sensitive;
import dev.plumbline.provider.Manifests;
import dev.plumbline.provider.Provider;
import dev.plumbline.provider.ProviderCompatibilityKit;
import dev.plumbline.yaml.FieldPath;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.io.TempDir;

/** The files provider against the provider compatibility kit, over a root that does not exist yet. */
class FilesProviderTest extends ProviderCompatibilityKit {

    @TempDir
    Path dir;

    private Path root;

    @Override
    protected Provider createProvider() {
        root = dir.resolve("app-config");
        return new FilesProvider("local", root);
    }

    /** Version 1 spells path and mode the long way round, so normalising is part of every test. */
    @Override
    protected Resource sample(String name, int version) {
        String mode = version == 1 ? "\"644\"" : "\"0600\"";
        return Manifests.one("local", """
                apiVersion: files.plumbline.dev/v1
                kind: File
                metadata:
                  name: %s
                spec:
                  path: ./conf//%s.conf
                  content: |
                    name = %s
                    version = %d
                  mode: %s
                """.formatted(name, name, name, version, mode));
    }

    @Override
    protected FieldPath drift(Resource applied) throws Exception {
        Files.writeString(path(applied), "edited by hand\n");
        return FieldPath.of("spec", "content");
    }

    @Override
    protected boolean exists(Resource resource) {
        return Files.exists(path(resource), LinkOption.NOFOLLOW_LINKS);
    }

    @Override
    protected Optional<Provenance> provenance(Resource resource) throws Exception {
        return LedgerFiles.provenance(root, relative(resource));
    }

    @Override
    protected void createUnmanaged(Resource resource) throws Exception {
        Path file = path(resource);
        Files.createDirectories(file.getParent());
        Files.writeString(file, (String) resource.spec().get("content"));
    }

    @Override
    protected Resource sampleWithSecret(String name, Sensitive secret) {
        Resource plain = sample(name, 1);
        Map<String, Object> document = new LinkedHashMap<>(plain.document());
        Map<String, Object> spec = new LinkedHashMap<>(plain.spec());
        spec.put("content", secret);
        document.put("spec", spec);
        return plain.withDocument(document);
    }

    @Override
    protected boolean holdsSecret(Resource resource, String value) throws Exception {
        return Files.readString(path(resource)).equals(value);
    }

    @Override
    protected String bookkeeping() throws Exception {
        StringBuilder text = new StringBuilder();
        Path ledgers = root.resolve(".plumbline");
        if (Files.exists(ledgers)) {
            try (var walk = Files.walk(ledgers)) {
                for (Path file : walk.filter(Files::isRegularFile).toList()) {
                    text.append(Files.readString(file));
                }
            }
        }
        return text.toString();
    }

    private Path path(Resource resource) {
        return root.resolve(relative(resource));
    }

    private static String relative(Resource resource) {
        return "conf/" + resource.name() + ".conf";
    }
}
