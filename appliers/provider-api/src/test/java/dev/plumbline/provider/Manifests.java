package dev.plumbline.provider;

import dev.plumbline.model.Resource;
import dev.plumbline.model.ResourceKey;
import dev.plumbline.model.SourceMap;
import dev.plumbline.model.Values;
import dev.plumbline.problem.Problem;
import dev.plumbline.yaml.FieldPath;
import dev.plumbline.yaml.YamlParser;
import dev.plumbline.yaml.YamlTree;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Test fixtures: desired {@link Resource}s built from YAML text the way the renderer builds them, with a
 * position for every field, so tests can write manifests inline and check problems by {@code file:line}.
 * The key's group is the part of {@code apiVersion} before the slash.
 */
public final class Manifests {

    private Manifests() {
    }

    /** Every document of {@code yaml}, as resources of {@code provider}; {@code file} names them in positions. */
    public static List<Resource> parse(String provider, String file, String yaml) {
        YamlParser.Result parsed = YamlParser.parse(file, yaml);
        List<Problem> problems = new ArrayList<>(parsed.problems());
        List<Resource> resources = new ArrayList<>();
        for (Node node : parsed.documents()) {
            YamlTree.Converted converted = YamlTree.convert(file, node, YamlTree.ScalarRewriter.NONE, problems);
            Map<String, Object> document = Values.map(converted.value());
            String apiVersion = String.valueOf(document.getOrDefault("apiVersion", ""));
            Map<String, Object> metadata = Values.map(document.get("metadata"));
            ResourceKey key = new ResourceKey(provider,
                    apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "",
                    String.valueOf(document.getOrDefault("kind", "")),
                    String.valueOf(metadata.getOrDefault("namespace", "")),
                    String.valueOf(metadata.getOrDefault("name", "")));
            resources.add(new Resource(key, apiVersion, document,
                    new SourceMap(converted.positions().get(FieldPath.root()), converted.positions())));
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("the fixture is not valid YAML: " + problems);
        }
        return resources;
    }

    /** The single document of {@code yaml}, as a resource of {@code provider} from {@code test.yaml}. */
    public static Resource one(String provider, String yaml) {
        List<Resource> resources = parse(provider, "test.yaml", yaml);
        if (resources.size() != 1) {
            throw new IllegalArgumentException("expected one document, found " + resources.size());
        }
        return resources.get(0);
    }
}
