package dev.plumbline.render;

import dev.plumbline.model.Resource;
import dev.plumbline.model.ResourceKey;
import dev.plumbline.model.SourceMap;
import dev.plumbline.model.Values;
import dev.plumbline.problem.Location;
import dev.plumbline.problem.Problem;
import dev.plumbline.yaml.FieldPath;
import dev.plumbline.yaml.YamlParser;
import dev.plumbline.yaml.YamlTree;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Turns one YAML document into a {@link Resource}: substitutes variables, checks the identity fields
 * ({@code apiVersion}, {@code kind}, {@code metadata.name}, optional {@code metadata.namespace}, labels and
 * annotations as text maps) and derives the key. Problems go to the shared list; a document with any
 * problem yields no resource.
 */
final class DocumentReader {

    /** Annotation that sends one resource to another provider than the stack's default. */
    static final String PROVIDER_ANNOTATION = "plumbline.dev/provider";

    private static final Pattern API_VERSION = Pattern.compile("([a-z0-9]([-a-z0-9.]*[a-z0-9])?/)?v[0-9]+[a-z0-9]*");

    private final String file;
    private final String defaultProvider;
    private final Interpolator interpolator;
    private final List<Problem> problems;

    DocumentReader(String file, String defaultProvider, Interpolator interpolator, List<Problem> problems) {
        this.file = file;
        this.defaultProvider = defaultProvider;
        this.interpolator = interpolator;
        this.problems = problems;
    }

    Optional<Resource> read(Node document) {
        Location origin = YamlParser.locate(file, document);
        List<Problem> found = new ArrayList<>();
        YamlTree.Converted converted = YamlTree.convert(file, document, interpolator, found);
        if (!(converted.value() instanceof Map<?, ?>)) {
            found.add(Problem.at(origin, "a manifest document must be a mapping with apiVersion, kind and metadata"));
            problems.addAll(found);
            return Optional.empty();
        }
        Map<String, Object> doc = Values.map(converted.value());
        SourceMap source = new SourceMap(origin, converted.positions());
        String apiVersion = text(doc, source, FieldPath.of("apiVersion"), found);
        if (apiVersion != null && !API_VERSION.matcher(apiVersion).matches()) {
            found.add(Problem.at(source.at(FieldPath.of("apiVersion")), "apiVersion '" + apiVersion
                    + "' is not of the form group/version (like files.plumbline.dev/v1) or version (like v1)"));
        }
        String kind = text(doc, source, FieldPath.of("kind"), found);
        Map<String, Object> metadata = Map.of();
        if (!(doc.get("metadata") instanceof Map<?, ?>)) {
            found.add(Problem.at(doc.containsKey("metadata") ? source.at(FieldPath.of("metadata")) : origin,
                    "the document needs a metadata mapping with a name"));
        } else {
            metadata = Values.map(doc.get("metadata"));
        }
        String name = metadata.isEmpty() ? null : text(metadata, source, FieldPath.of("metadata", "name"), found);
        String namespace = optionalText(metadata, source, FieldPath.of("metadata", "namespace"), found);
        textMap(metadata, source, FieldPath.of("metadata", "labels"), found);
        Map<String, Object> annotations = textMap(metadata, source, FieldPath.of("metadata", "annotations"), found);
        problems.addAll(found);
        if (!found.isEmpty()) {
            return Optional.empty();
        }
        String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
        Object providerOverride = annotations.get(PROVIDER_ANNOTATION);
        String provider = providerOverride == null ? defaultProvider : (String) providerOverride;
        ResourceKey key = new ResourceKey(provider, group, kind, namespace, name);
        return Optional.of(new Resource(key, apiVersion, doc, source));
    }

    private static String text(Map<String, Object> map, SourceMap source, FieldPath path, List<Problem> found) {
        String field = (String) path.segments().get(path.segments().size() - 1);
        Object value = map.get(field);
        if (value == null) {
            found.add(Problem.at(source.at(path), "the document needs '" + path + "'"));
            return null;
        }
        if (!(value instanceof String text) || text.isBlank()) {
            found.add(Problem.at(source.at(path), "'" + path + "' must be a non-empty string"));
            return null;
        }
        return text;
    }

    private static String optionalText(Map<String, Object> map, SourceMap source, FieldPath path,
                                       List<Problem> found) {
        String field = (String) path.segments().get(path.segments().size() - 1);
        return map.containsKey(field) ? text(map, source, path, found) : "";
    }

    private static Map<String, Object> textMap(Map<String, Object> metadata, SourceMap source, FieldPath path,
                                               List<Problem> found) {
        String field = (String) path.segments().get(path.segments().size() - 1);
        Object value = metadata.get(field);
        if (value == null) {
            return Map.of();
        }
        if (!(value instanceof Map<?, ?>)) {
            found.add(Problem.at(source.at(path), "'" + path + "' must be a mapping of names to strings"));
            return Map.of();
        }
        Map<String, Object> map = Values.map(value);
        map.forEach((key, item) -> {
            if (!(item instanceof String)) {
                found.add(Problem.at(source.at(path.key(key)), "'" + path.key(key) + "' must be a string;"
                        + " quote it"));
            }
        });
        return map;
    }
}
