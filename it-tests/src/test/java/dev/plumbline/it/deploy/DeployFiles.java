package dev.plumbline.it.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/** The files under {@code deploy/} the deploy tests read, and what they say. */
final class DeployFiles {

    /** The uid and gid the image runs as, and the StatefulSet's pod too. */
    static final long USER = 65532;

    private DeployFiles() {
    }

    /** The repository's root, as failsafe passes it. */
    static Path root() {
        String root = System.getProperty("plumbline.root");
        assertThat(root).as("failsafe sets plumbline.root to the repository root").isNotNull();
        return Path.of(root).toAbsolutePath().normalize();
    }

    static Path kubernetesDir() {
        return root().resolve("deploy/kubernetes");
    }

    /** Every manifest of deploy/kubernetes, by path. */
    static List<Path> kubernetesManifests() {
        try (Stream<Path> files = Files.list(kubernetesDir())) {
            return files.filter(file -> file.toString().endsWith(".yaml") || file.toString().endsWith(".yml"))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The one YAML document of a file, as a map. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> document(Path file) {
        try {
            Object loaded = new Load(LoadSettings.builder().build()).loadFromString(Files.readString(file));
            assertThat(loaded).as("%s holds one YAML mapping", file).isInstanceOf(Map.class);
            return (Map<String, Object>) loaded;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The object of deploy/kubernetes of this kind and name. */
    static Map<String, Object> object(String kind, String name) {
        for (Path file : kubernetesManifests()) {
            Map<String, Object> document = document(file);
            if (kind.equals(document.get("kind")) && name.equals(at(document, "metadata", "name"))) {
                return document;
            }
        }
        return fail("deploy/kubernetes has no " + kind + " " + name);
    }

    /** The plumbline.yaml the ConfigMap plumbline-config holds. */
    static String containerConfig() {
        Object config = at(object("ConfigMap", "plumbline-config"), "data", "plumbline.yaml");
        assertThat(config).as("the ConfigMap plumbline-config has data.plumbline.yaml").isInstanceOf(String.class);
        return (String) config;
    }

    /** The value at a path of keys (and list indexes) in a YAML or JSON tree; null when there is none. */
    static Object at(Object tree, Object... path) {
        Object current = tree;
        for (Object step : path) {
            if (step instanceof Integer index && current instanceof List<?> list) {
                current = index < list.size() ? list.get(index) : null;
            } else if (current instanceof Map<?, ?> map) {
                current = map.get(step);
            } else {
                return null;
            }
        }
        return current;
    }

    /** The project's version, from the root pom. */
    static String projectVersion() {
        try {
            String pom = Files.readString(root().resolve("pom.xml"));
            Matcher version = Pattern.compile("<artifactId>plumbline-parent</artifactId>\\s*<version>([^<]+)</version>")
                    .matcher(pom);
            assertThat(version.find()).as("the root pom names its version").isTrue();
            return version.group(1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
