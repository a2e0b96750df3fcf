package dev.plumbline.render;

import dev.plumbline.model.SecretTemplate;
import dev.plumbline.model.SourceMap;
import dev.plumbline.model.Values;
import dev.plumbline.problem.Location;
import dev.plumbline.problem.Problem;
import dev.plumbline.yaml.FieldPath;
import dev.plumbline.yaml.Read;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Typed reads of the fields every manifest document has ({@code apiVersion}, {@code kind}, {@code metadata},
 * {@code spec}), from its plain values after substitution. Each read is a {@link Read}: the value, or a
 * problem at the field's position (or its nearest written parent's) that says what belongs there and what
 * was found instead. Whatever shape the document has, a read answers; it never throws.
 */
final class ManifestFields {

    private final SourceMap source;

    ManifestFields(SourceMap source) {
        this.source = source;
    }

    Location at(FieldPath path) {
        return source.at(path);
    }

    /** The whole document, which must be a mapping. */
    Read<Map<String, Object>> document(Object value) {
        if (value instanceof Map<?, ?>) {
            return Read.value(Values.map(value));
        }
        return Read.problem(source.origin(), "a manifest document must be a mapping with apiVersion, kind and"
                + " metadata");
    }

    /** Text that must be there and not blank. */
    Read<String> text(Map<String, Object> parent, FieldPath path) {
        Object value = parent.get(last(path));
        if (value == null) {
            return Read.problem(at(path), "the document needs '" + path + "'");
        }
        if (value instanceof String text && !text.isBlank()) {
            return Read.value(text);
        }
        return Read.problem(at(path), "'" + path + "' must be a non-empty string, not " + describe(value));
    }

    /** Text that may be left out (or null), which reads as the empty string. */
    Read<String> optionalText(Map<String, Object> parent, FieldPath path) {
        return parent.get(last(path)) == null ? Read.value("") : text(parent, path);
    }

    /** A mapping that must be there. */
    Read<Map<String, Object>> mapping(Map<String, Object> parent, FieldPath path, String needed) {
        Object value = parent.get(last(path));
        if (value instanceof Map<?, ?>) {
            return Read.value(Values.map(value));
        }
        Location location = parent.containsKey(last(path)) ? at(path) : at(path.parent());
        return Read.problem(location, value == null ? needed : needed + ", not " + describe(value));
    }

    /** A mapping that may be left out (or null), which reads as an empty one. */
    Read<Map<String, Object>> optionalMapping(Map<String, Object> parent, FieldPath path, String what) {
        Object value = parent.get(last(path));
        if (value == null) {
            return Read.value(Map.of());
        }
        return mapping(parent, path, "'" + path + "' must be a mapping of " + what);
    }

    /** A mapping of names to text, which may be left out; every entry that is not text is a problem. */
    Read<Map<String, String>> textMap(Map<String, Object> parent, FieldPath path) {
        return optionalMapping(parent, path, "names to strings").flatMap(map -> {
            Map<String, String> texts = new LinkedHashMap<>();
            List<Problem> problems = new ArrayList<>();
            map.forEach((key, item) -> {
                FieldPath itemPath = path.key(key);
                if (item instanceof String text) {
                    texts.put(key, text);
                } else if (item instanceof Map<?, ?> || item instanceof List<?> || item instanceof SecretTemplate) {
                    problems.add(Problem.at(at(itemPath), "'" + itemPath + "' must be a string, not "
                            + describe(item)));
                } else {
                    problems.add(Problem.at(at(itemPath), "'" + itemPath + "' must be a string; quote it"));
                }
            });
            return problems.isEmpty() ? Read.value(texts) : Read.failed(problems);
        });
    }

    /** What a person would call a value, for messages: {@code a list}, {@code the number 5}. */
    static String describe(Object value) {
        if (value == null) {
            return "nothing";
        }
        if (value instanceof Map<?, ?>) {
            return "a mapping";
        }
        if (value instanceof List<?>) {
            return "a list";
        }
        if (value instanceof SecretTemplate) {
            return "a secret reference (secrets belong in spec values only)";
        }
        if (value instanceof Boolean bool) {
            return "the boolean " + bool;
        }
        if (value instanceof Number number) {
            return "the number " + number;
        }
        if (value instanceof String text && text.isBlank()) {
            return "an empty string";
        }
        return "'" + value + "'";
    }

    private static String last(FieldPath path) {
        return String.valueOf(path.segments().get(path.segments().size() - 1));
    }
}
