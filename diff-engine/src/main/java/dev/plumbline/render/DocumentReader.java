package dev.plumbline.render;

import dev.plumbline.model.Directives;
import dev.plumbline.model.Resource;
import dev.plumbline.model.ResourceKey;
import dev.plumbline.model.SourceMap;
import dev.plumbline.model.Values;
import dev.plumbline.problem.ControlCharacters;
import dev.plumbline.problem.Location;
import dev.plumbline.problem.Problem;
import dev.plumbline.yaml.FieldPath;
import dev.plumbline.yaml.Read;
import dev.plumbline.yaml.YamlParser;
import dev.plumbline.yaml.YamlTree;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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

    /** Every annotation under {@value Directives#PREFIX} that means something, for the message on any other. */
    private static final List<String> DIRECTIVES = List.of(Directives.PROVIDER, Directives.PRUNE, Directives.WAVE);

    private static final Pattern API_VERSION = Pattern.compile("([a-z0-9]([-a-z0-9.]*[a-z0-9])?/)?v[0-9]+[a-z0-9]*");
    private static final FieldPath API_VERSION_PATH = FieldPath.of("apiVersion");
    private static final FieldPath KIND = FieldPath.of("kind");
    private static final FieldPath METADATA = FieldPath.of("metadata");
    private static final FieldPath NAME = METADATA.key("name");
    private static final FieldPath NAMESPACE = METADATA.key("namespace");
    private static final FieldPath LABELS = METADATA.key("labels");
    private static final FieldPath ANNOTATIONS = METADATA.key("annotations");
    private static final FieldPath SPEC = FieldPath.of("spec");

    /** What {@code metadata} says about a resource's identity, and what its directives ask of Plumbline. */
    private record Identity(String name, String namespace, Optional<String> provider, Directives directives) {
    }

    private final String file;
    private final Router router;
    private final Interpolator interpolator;

    DocumentReader(String file, Router router, Interpolator interpolator) {
        this.file = file;
        this.router = router;
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
            // the very name the frozen document keeps (Values#shared): one copy, however often the file is parsed
            String group = group(api.value());
            String provider = id.value().provider().orElseGet(() -> router.providerFor(group, kindName.value()));
            ResourceKey key = new ResourceKey(provider, group, kindName.value(),
                    router.namespaceFor(provider, group, kindName.value(), id.value().namespace()),
                    Values.shared(id.value().name()));
            return Read.value(new Resource(key, Values.shared(api.value()), withoutDirectives(doc), source,
                    id.value().directives()));
        }
        return Read.failed(Read.problemsOf(apiVersion, kind, identity, spec));
    }

    private Read<Identity> identity(Map<String, Object> metadata, ManifestFields fields) {
        Read<String> name = fields.text(metadata, NAME).flatMap(text -> printable(text, NAME, fields));
        Read<String> namespace = fields.optionalText(metadata, NAMESPACE)
                .flatMap(text -> printable(text, NAMESPACE, fields));
        Read<Map<String, String>> labels = fields.textMap(metadata, LABELS).flatMap(map -> printable(map, LABELS,
                fields));
        Read<Map<String, String>> annotations = fields.textMap(metadata, ANNOTATIONS)
                .flatMap(map -> printable(map, ANNOTATIONS, fields)).flatMap(texts -> knownDirectives(texts, fields));
        Read<Optional<String>> provider = annotations.flatMap(texts -> provider(texts, fields));
        Read<Directives> directives = annotations.flatMap(texts -> directives(texts, fields));
        if (name instanceof Read.Value<String> named && namespace instanceof Read.Value<String> space
                && provider instanceof Read.Value<Optional<String>> to && directives instanceof Read.Value<Directives> asked
                && labels.ok()) {
            return Read.value(new Identity(named.value(), space.value(), to.value(), asked.value()));
        }
        // provider and directives are read from the annotations: when those failed, their problems once
        return Read.failed(annotations.ok() ? Read.problemsOf(name, namespace, labels, provider, directives)
                : Read.problemsOf(name, namespace, labels, annotations));
    }

    /** The text, when it holds no control character (names end up in targets, logs and terminals). */
    private static Read<String> printable(String text, FieldPath path, ManifestFields fields) {
        return ControlCharacters.first(text).<Read<String>>map(found -> Read.problem(fields.at(path), "'" + path
                + "' holds the control character " + found + " ('" + ControlCharacters.shown(text) + "'); names"
                + " and labels are printable text")).orElse(Read.value(text));
    }

    /** The map, when no key holds a control character (values of labels too, not of annotations). */
    private static Read<Map<String, String>> printable(Map<String, String> map, FieldPath path,
                                                     ManifestFields fields) {
        List<Problem> problems = new ArrayList<>();
        map.forEach((key, value) -> {
            String checked = path.equals(LABELS) ? key + value : key;
            ControlCharacters.first(checked).ifPresent(found -> problems.add(Problem.at(fields.at(path.key(key)),
                    "'" + ControlCharacters.shown(path.key(key).toString()) + "' holds the control character "
                            + found + "; label and annotation names, and label values, are printable text")));
        });
        return problems.isEmpty() ? Read.value(map) : Read.failed(problems);
    }

    /** The annotations, when every one under {@value Directives#PREFIX} is a directive Plumbline knows. */
    private static Read<Map<String, String>> knownDirectives(Map<String, String> annotations, ManifestFields fields) {
        List<Problem> problems = new ArrayList<>();
        annotations.keySet().stream().filter(key -> key.startsWith(Directives.PREFIX) && !DIRECTIVES.contains(key))
                .forEach(key -> problems.add(Problem.at(fields.at(ANNOTATIONS.key(key)), "'" + key + "' is not an"
                        + " annotation Plumbline knows; the ones under " + Directives.PREFIX + " are "
                        + String.join(", ", DIRECTIVES))));
        return problems.isEmpty() ? Read.value(annotations) : Read.failed(problems);
    }

    /** The provider the manifest names; empty when it names none (the router's to pick). */
    private Read<Optional<String>> provider(Map<String, String> annotations, ManifestFields fields) {
        String named = annotations.get(Directives.PROVIDER);
        if (named == null) {
            return Read.value(Optional.empty());
        }
        if (named.isBlank()) {
            return Read.problem(fields.at(ANNOTATIONS.key(Directives.PROVIDER)), "the annotation "
                    + Directives.PROVIDER + " must name a provider of the agent config; leave it out to use the"
                    + " stack's provider");
        }
        return Read.value(Optional.of(named));
    }

    private static Read<Directives> directives(Map<String, String> annotations, ManifestFields fields) {
        String prune = annotations.get(Directives.PRUNE);
        String waveText = annotations.get(Directives.WAVE);
        if (prune == null && waveText == null) {
            return Read.value(Directives.NONE);
        }
        List<Problem> problems = new ArrayList<>();
        if (prune != null && !prune.equals(Directives.PRUNE_DISABLED)) {
            problems.add(Problem.at(fields.at(ANNOTATIONS.key(Directives.PRUNE)), "the annotation " + Directives.PRUNE
                    + " takes one value, '" + Directives.PRUNE_DISABLED + "' (never prune this object), not '" + prune
                    + "'; leave it out to follow the stack's sync.prune"));
        }
        int wave = 0;
        if (waveText != null) {
            try {
                wave = Integer.parseInt(waveText.strip());
            } catch (NumberFormatException notAWholeNumber) {
                problems.add(Problem.at(fields.at(ANNOTATIONS.key(Directives.WAVE)), "the annotation "
                        + Directives.WAVE + " is a whole number, like \"-1\" or \"2\" (lower waves are applied"
                        + " first), not '" + waveText + "'"));
            }
        }
        return problems.isEmpty() ? Read.value(new Directives(prune != null, wave)) : Read.failed(problems);
    }

    /**
     * The document without the {@value Directives#PREFIX} annotations (and without {@code metadata.annotations}
     * when nothing else is left in it): they are for Plumbline, not for the target.
     */
    private static Map<String, Object> withoutDirectives(Map<String, Object> doc) {
        Map<String, Object> metadata = Values.map(doc.get("metadata"));
        Map<String, Object> annotations = Values.map(metadata.get("annotations"));
        if (annotations.keySet().stream().noneMatch(key -> key.startsWith(Directives.PREFIX))) {
            return doc;
        }
        Map<String, Object> kept = new LinkedHashMap<>(annotations);
        kept.keySet().removeIf(key -> key.startsWith(Directives.PREFIX));
        Map<String, Object> newMetadata = new LinkedHashMap<>(metadata);
        if (kept.isEmpty()) {
            newMetadata.remove("annotations");
        } else {
            newMetadata.put("annotations", kept);
        }
        Map<String, Object> newDoc = new LinkedHashMap<>(doc);
        newDoc.put("metadata", newMetadata);
        return newDoc;
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
