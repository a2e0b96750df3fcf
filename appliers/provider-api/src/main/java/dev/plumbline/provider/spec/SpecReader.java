package dev.plumbline.provider.spec;

import dev.plumbline.model.Resource;
import dev.plumbline.model.Values;
import dev.plumbline.problem.Location;
import dev.plumbline.problem.Problem;
import dev.plumbline.yaml.Durations;
import dev.plumbline.yaml.FieldPath;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Typed reads of one resource's {@code spec}: each read yields a {@link Field}, a value or a problem at the
 * field's manifest position (from the resource's source map), in the words every provider uses:
 * {@code spec.login of Role app must be true or false, not the text 'yes'}. {@link #get} keeps a field's
 * value (or a fallback, so that reading goes on) and notes its problem, so that one pass over a resource
 * finds every problem in it; {@link #problems} are the ones noted. A provider reads its specs through this
 * for validation and normalisation alike, so the two can never disagree about what a field means.
 */
public final class SpecReader {

    private final Resource resource;
    private final Map<String, Object> spec;
    private final List<Problem> problems;

    private SpecReader(Resource resource, List<Problem> problems) {
        this.resource = resource;
        this.spec = resource.spec();
        this.problems = problems;
    }

    /** A reader of {@code resource}'s spec that notes problems in a list of its own. */
    public static SpecReader of(Resource resource) {
        return new SpecReader(resource, new ArrayList<>());
    }

    /** A reader of {@code resource}'s spec that notes problems in {@code problems}. */
    public static SpecReader of(Resource resource, List<Problem> problems) {
        return new SpecReader(resource, problems);
    }

    public Resource resource() {
        return resource;
    }

    /** How messages name the resource: {@code Role app}. */
    public String who() {
        return resource.key().display();
    }

    /** The path {@code spec.<keys>}. */
    public static FieldPath at(String... keys) {
        FieldPath path = FieldPath.of("spec");
        for (String key : keys) {
            path = path.key(key);
        }
        return path;
    }

    /** Where {@code path} was written, or its nearest written parent. */
    public Location location(FieldPath path) {
        return resource.location(path);
    }

    /** Whether {@code spec.<key>} holds a value (not null). */
    public boolean has(String key) {
        return spec.get(key) != null;
    }

    /** What {@code spec.<key>} holds as written, or null. */
    public Object raw(String key) {
        return spec.get(key);
    }

    /** The problems noted so far. */
    public List<Problem> problems() {
        return List.copyOf(problems);
    }

    /** Notes a problem at {@code path}. */
    public void problem(FieldPath path, String message) {
        problems.add(Problem.at(location(path), message));
    }

    /** The value of {@code field}, or {@code fallback} when it is absent or wrong; its problem is noted. */
    public <T> T get(Field<T> field, T fallback) {
        return get(field).orElse(fallback);
    }

    /** The value of {@code field}, when there is one; its problem is noted. */
    public <T> Optional<T> get(Field<T> field) {
        field.problem().ifPresent(problems::add);
        return field.optional();
    }

    /** Notes every key of {@code spec} that is not one of {@code known}, naming the known keys. */
    public void knownKeys(List<String> known) {
        for (String key : spec.keySet()) {
            if (!known.contains(key)) {
                problem(at(key), "unknown key '" + key + "' in spec of " + who() + " (known keys: "
                        + String.join(", ", known) + ")");
            }
        }
    }

    /** {@code spec.<key>} as written, named {@code spec.<key> of <who>}. */
    public Field<Object> field(String key) {
        return Field.of(at(key) + " of " + who(), location(at(key)), spec.get(key));
    }

    /** As {@link #field}, a problem when absent: {@code <who> needs spec.<key> (<hint>)}. */
    public Field<Object> required(String key, String hint) {
        return field(key).require(who() + " needs " + at(key) + " (" + hint + ")");
    }

    /** A text: {@code must be text, not ...}. */
    public Field<String> string(String key) {
        return field(key).as(String.class, "text");
    }

    /** As {@link #string}, a problem when absent (see {@link #required}). */
    public Field<String> requiredString(String key, String hint) {
        return required(key, hint).as(String.class, "text");
    }

    /** {@code true} or {@code false}. */
    public Field<Boolean> bool(String key) {
        return field(key).as(Boolean.class, "true or false");
    }

    /** A whole number from {@code min} up (to the largest {@code int}). */
    public Field<Long> integer(String key, long min) {
        return field(key).expect(value -> value instanceof Long number && number >= min
                && number <= Integer.MAX_VALUE, "a whole number from " + min + " up", "").map(Long.class::cast);
    }

    /** A duration as {@link Durations} reads it: {@code 30s}, {@code 5m}, {@code 1h30m}, {@code 500ms}. */
    public Field<Duration> duration(String key) {
        return field(key).as(String.class, "a duration like 30s, 5m or 1h30m").parse(Durations::parse);
    }

    /** One of the words {@code words} maps, as the value it maps it to: {@code must be one of a, b, c, not ...}. */
    public <E> Field<E> word(String key, Map<String, E> words) {
        return field(key).expect(value -> value instanceof String text && words.containsKey(text),
                "one of " + String.join(", ", words.keySet()), "").map(words::get);
    }

    /** A mapping. */
    public Field<Map<String, Object>> mapping(String key) {
        return field(key).expect(value -> value instanceof Map<?, ?>, "a mapping", "").map(Values::map);
    }

    /**
     * A list, as one field per item named {@code spec.<key>[i] of <who>} at the item's position, so that
     * each item is checked on its own; {@code expected} says what the list should be ({@code a list of names}).
     */
    public Field<List<Field<Object>>> items(String key, String expected) {
        return field(key).expect(value -> value instanceof List<?>, expected, "").map(value -> {
            List<Object> list = Values.list(value);
            List<Field<Object>> items = new ArrayList<>(list.size());
            for (int i = 0; i < list.size(); i++) {
                FieldPath path = at(key).index(i);
                items.add(Field.of(path + " of " + who(), location(path), list.get(i)));
            }
            return items;
        });
    }

    /** A list of texts; the first item that is not text makes the whole list a problem. */
    public Field<List<String>> strings(String key) {
        Field<List<Field<Object>>> items = items(key, "a list of texts");
        if (items.optional().isEmpty()) {
            return items.map(list -> List.of());
        }
        List<String> texts = new ArrayList<>();
        for (Field<Object> item : items.optional().get()) {
            Field<String> text = item.require(item.name() + " must be text, not empty").as(String.class, "text");
            if (text.problem().isPresent()) {
                return new Field.Invalid<>(items.name(), text.problem().get());
            }
            texts.add(text.orElse(""));
        }
        return items.map(list -> List.copyOf(texts));
    }

    /**
     * A mapping, as one field per entry named {@code spec.<key>["<entry>"] of <who>} at the entry's position,
     * in the order written.
     */
    public Field<Map<String, Field<Object>>> entries(String key) {
        return mapping(key).map(map -> {
            Map<String, Field<Object>> entries = new LinkedHashMap<>();
            map.forEach((entry, value) -> entries.put(entry, Field.of(at(key) + "[\"" + entry + "\"] of " + who(),
                    location(at(key).key(entry)), value)));
            return entries;
        });
    }

    /** A value as a sentence names it: {@code a mapping}, {@code the text 'yes'}, {@code the number 42}. */
    public static String describe(Object value) {
        if (value instanceof dev.plumbline.model.SecretValue) {
            return "a secret reference (this field takes none: write the value itself; only the fields the"
                    + " provider's page says take ${secret:...})";
        }
        if (value instanceof dev.plumbline.yaml.Binary) {
            return "binary bytes (!!binary: only the fields the provider's page says take bytes do; write text"
                    + " here, without the tag)";
        }
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
