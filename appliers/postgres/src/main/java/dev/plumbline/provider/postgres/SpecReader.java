package dev.plumbline.provider.postgres;

import dev.plumbline.model.Resource;
import dev.plumbline.model.Values;
import dev.plumbline.problem.Problem;
import dev.plumbline.yaml.FieldPath;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Typed reads of one resource's {@code spec}, each wrong value reported as a problem at its manifest
 * position (and a default returned in its place, so that reading goes on and every problem is found in one
 * pass). The spec records read themselves through this, for validation and normalisation alike, so the two
 * can never disagree about what a field means.
 */
final class SpecReader {

    private final Resource resource;
    private final Map<String, Object> spec;
    private final List<Problem> problems;

    SpecReader(Resource resource, List<Problem> problems) {
        this.resource = resource;
        this.spec = resource.spec();
        this.problems = problems;
    }

    Resource resource() {
        return resource;
    }

    /** How messages name the resource: {@code Role app}. */
    String who() {
        return resource.key().display();
    }

    void problem(FieldPath path, String message) {
        problems.add(Problem.at(resource.location(path), message));
    }

    static FieldPath at(String... keys) {
        FieldPath path = FieldPath.of("spec");
        for (String key : keys) {
            path = path.key(key);
        }
        return path;
    }

    boolean has(String key) {
        return spec.get(key) != null;
    }

    Object raw(String key) {
        return spec.get(key);
    }

    /** Reports every key of {@code spec} that is not one of {@code known}. */
    void knownKeys(List<String> known) {
        for (String key : spec.keySet()) {
            if (!known.contains(key)) {
                problem(at(key), "unknown key '" + key + "' in spec of " + who() + " (known keys: "
                        + String.join(", ", known) + ")");
            }
        }
    }

    boolean bool(String key, boolean fallback) {
        Object value = spec.get(key);
        if (value == null) {
            return fallback;
        }
        if (value instanceof Boolean flag) {
            return flag;
        }
        problem(at(key), "spec." + key + " of " + who() + " must be true or false, not " + describe(value));
        return fallback;
    }

    long integer(String key, long fallback, long min) {
        Object value = spec.get(key);
        if (value == null) {
            return fallback;
        }
        if (value instanceof Long number && number >= min && number <= Integer.MAX_VALUE) {
            return number;
        }
        problem(at(key), "spec." + key + " of " + who() + " must be a whole number from " + min + " up, not "
                + describe(value));
        return fallback;
    }

    /** A text value, or empty when absent or not text (reported). */
    Optional<String> text(String key) {
        Object value = spec.get(key);
        if (value == null) {
            return Optional.empty();
        }
        if (value instanceof String text) {
            return Optional.of(text);
        }
        problem(at(key), "spec." + key + " of " + who() + " must be text, not " + describe(value));
        return Optional.empty();
    }

    /** A plain PostgreSQL name (see {@link Quoting#checkName}), or empty when absent or wrong (reported). */
    Optional<String> name(String key) {
        return text(key).filter(name -> checkName(at(key), "spec." + key, name));
    }

    /** As {@link #name}, reporting its absence with {@code hint} (what the field is for). */
    Optional<String> requiredName(String key, String hint) {
        if (!has(key)) {
            problem(at(key), who() + " needs spec." + key + " (" + hint + ")");
            return Optional.empty();
        }
        return name(key);
    }

    /** A list of plain names; duplicates are reported. */
    List<String> names(String key) {
        Object value = spec.get(key);
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> items)) {
            problem(at(key), "spec." + key + " of " + who() + " must be a list of names, not " + describe(value));
            return List.of();
        }
        List<String> names = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            FieldPath path = at(key).index(i);
            Object item = items.get(i);
            if (!(item instanceof String name)) {
                problem(path, "spec." + key + "[" + i + "] of " + who() + " must be a name, not " + describe(item));
            } else if (names.contains(name)) {
                problem(path, "spec." + key + " of " + who() + " names '" + name + "' twice");
            } else if (checkName(path, "spec." + key + "[" + i + "]", name)) {
                names.add(name);
            }
        }
        return names;
    }

    /** Checks a name at {@code path}, reporting why it is refused; true when it is fine. */
    boolean checkName(FieldPath path, String field, String name) {
        Optional<String> why = Quoting.checkName(name);
        why.ifPresent(reason -> problem(path, field + " of " + who() + ": " + reason));
        return why.isEmpty();
    }

    Map<String, Object> mapping(String key) {
        return Values.map(spec.get(key));
    }

    static String describe(Object value) {
        if (value instanceof Map<?, ?>) {
            return "a mapping";
        }
        if (value instanceof List<?>) {
            return "a list";
        }
        if (value instanceof String text) {
            return "the text '" + text + "'";
        }
        String type = value instanceof Number ? "number" : value instanceof Boolean ? "boolean" : "value";
        return "the " + type + " " + value;
    }
}
