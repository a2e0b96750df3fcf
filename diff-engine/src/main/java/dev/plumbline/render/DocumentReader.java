package dev.plumbline.render;

import dev.plumbline.model.Resource;
import dev.plumbline.model.ResourceKey;
import dev.plumbline.model.SourceMap;
import dev.plumbline.problem.Location;
import dev.plumbline.problem.Problem;
import dev.plumbline.yaml.FieldPath;
import dev.plumbline.yaml.Read;
import dev.plumbline.yaml.YamlParser;
import dev.plumbline.yaml.YamlTree;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Turns one YAML document into a {@link Resource}: substitutes variables, checks the identity fields
 * ({@code apiVersion}, {@code kind}, {@code metadata.name}, optional {@code metadata.namespace}, labels and
 * annotations as text maps), checks that {@code spec}, when given, is a mapping, and derives the key.
 * The answer is a {@link Read}: the resource, or every problem in the document (a document with any
 * problem yields no resource), whatever shape the document has.
 */
final class DocumentReader {

    /** Annotation that sends one resource to another provider than the stack's default. */
    static final String PROVIDER_ANNOTATION = "plumbline.dev/provider";

    private static final Pattern API_VERSION = Pattern.compile("([a-z0-9]([-a-z0-9.]*[a-z0-9])?/)?v[0-9]+[a-z0-9]*");
    private static final FieldPath API_VERSION_PATH = FieldPath.of("apiVersion");
    private static final FieldPath KIND = FieldPath.of("kind");
    private static final FieldPath METADATA = FieldPath.of("metadata");
    private static final FieldPath NAME = METADATA.key("name");
    private static final FieldPath NAMESPACE = METADATA.key("namespace");
    private static final FieldPath LABELS = METADATA.key("labels");
    private static final FieldPath ANNOTATIONS = METADATA.key("annotations");
    private static final FieldPath SPEC = FieldPath.of("spec");

    /** What {@code metadata} says about a resource's identity. */
    private record Identity(String name, String namespace, String provider) {
    }

    private final String file;
    private final String defaultProvider;
    private final Interpolator interpolator;

    DocumentReader(String file, String defaultProvider, Interpolator interpolator) {
        this.file = file;
        this.defaultProvider = defaultProvider;
        this.interpolator = interpolator;
    }

    Read<Resource> read(Node document) {
        Location origin = YamlParser.locate(file, document);
        List<Problem> substitution = new ArrayList<>();
        YamlTree.Converted converted = YamlTree.convert(file, document, interpolator, substitution);
        SourceMap source = new SourceMap(origin, converted.positions());
        ManifestFields fields = new ManifestFields(source);
        Read<Resource> resource = fields.document(converted.value()).flatMap(doc -> resource(doc, source, fields));
        if (substitution.isEmpty()) {
            return resource;
        }
        substitution.addAll(resource.problems());
        return Read.failed(substitution);
    }

    private Read<Resource> resource(Map<String, Object> doc, SourceMap source, ManifestFields fields) {
        Read<String> apiVersion = fields.text(doc, API_VERSION_PATH).flatMap(text -> apiVersion(text, fields));
        Read<String> kind = fields.text(doc, KIND);
        Read<Identity> identity = fields.mapping(doc, METADATA, "the document needs a metadata mapping with a name")
                .flatMap(metadata -> identity(metadata, fields));
        Read<Map<String, Object>> spec = fields.optionalMapping(doc, SPEC, "the resource's fields");
        if (apiVersion instanceof Read.Value<String> api && kind instanceof Read.Value<String> kindName
                && identity instanceof Read.Value<Identity> id && spec.ok()) {
            ResourceKey key = new ResourceKey(id.value().provider(), group(api.value()), kindName.value(),
                    id.value().namespace(), id.value().name());
            return Read.value(new Resource(key, api.value(), doc, source));
        }
        return Read.failed(Read.problemsOf(apiVersion, kind, identity, spec));
    }

    private Read<Identity> identity(Map<String, Object> metadata, ManifestFields fields) {
        Read<String> name = fields.text(metadata, NAME);
        Read<String> namespace = fields.optionalText(metadata, NAMESPACE);
        Read<Map<String, String>> labels = fields.textMap(metadata, LABELS);
        Read<String> provider = fields.textMap(metadata, ANNOTATIONS).flatMap(annotations -> provider(annotations,
                fields));
        if (name instanceof Read.Value<String> named && namespace instanceof Read.Value<String> space
                && provider instanceof Read.Value<String> to && labels.ok()) {
            return Read.value(new Identity(named.value(), space.value(), to.value()));
        }
        return Read.failed(Read.problemsOf(name, namespace, labels, provider));
    }

    private Read<String> provider(Map<String, String> annotations, ManifestFields fields) {
        String named = annotations.get(PROVIDER_ANNOTATION);
        if (named == null) {
            return Read.value(defaultProvider);
        }
        if (named.isBlank()) {
            return Read.problem(fields.at(ANNOTATIONS.key(PROVIDER_ANNOTATION)), "the annotation "
                    + PROVIDER_ANNOTATION + " must name a provider of the agent config; leave it out to use the"
                    + " stack's provider");
        }
        return Read.value(named);
    }

    private static Read<String> apiVersion(String text, ManifestFields fields) {
        if (API_VERSION.matcher(text).matches()) {
            return Read.value(text);
        }
        return Read.problem(fields.at(API_VERSION_PATH), "apiVersion '" + text + "' is not of the form"
                + " group/version (like files.plumbline.dev/v1) or version (like v1)");
    }

    private static String group(String apiVersion) {
        int slash = apiVersion.indexOf('/');
        return slash < 0 ? "" : apiVersion.substring(0, slash);
    }
}
