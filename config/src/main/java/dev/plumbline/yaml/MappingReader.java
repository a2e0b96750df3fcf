package dev.plumbline.yaml;

import dev.plumbline.problem.Location;
import dev.plumbline.problem.Problem;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Reads one YAML mapping of a config-like document field by field, collecting every problem (wrong type,
 * missing key, unknown key) into a shared list with its position instead of stopping at the first.
 * Each typed read is a {@link Read} (value or located problem); the methods without {@code read} in their
 * name record the problem in the shared list and return the value, if any.
 * Call {@link #finish()} once all known keys are read to report the unknown ones.
 */
public final class MappingReader {

    private final String file;
    private final String where;
    private final MappingNode node;
    private final List<Problem> problems;
    private final Map<String, NodeTuple> entries = new LinkedHashMap<>();
    private final Set<String> known = new LinkedHashSet<>();

    private MappingReader(String file, String where, MappingNode node, List<Problem> problems) {
        this.file = file;
        this.where = where;
        this.node = node;
        this.problems = problems;
        for (NodeTuple tuple : node.getValue()) {
            if (tuple.getKeyNode() instanceof ScalarNode key) {
                entries.putIfAbsent(key.getValue(), tuple);
            } else {
                problems.add(Problem.at(YamlParser.locate(file, tuple.getKeyNode()),
                        "a key in " + where + " must be a plain word, not a list or mapping"));
            }
        }
    }

    /** A reader over {@code node}, or empty (with a problem recorded) when it is not a mapping. */
    public static Optional<MappingReader> of(String file, String where, Node node, List<Problem> problems) {
        if (node instanceof MappingNode mapping) {
            return Optional.of(new MappingReader(file, where, mapping, problems));
        }
        problems.add(Problem.at(YamlParser.locate(file, node), where + " must be a mapping of keys to values"));
        return Optional.empty();
    }

    public String file() {
        return file;
    }

    public String where() {
        return where;
    }

    public Location location() {
        return YamlParser.locate(file, node);
    }

    /** Where the value of {@code key} starts, or where this mapping starts when the key is absent. */
    public Location location(String key) {
        NodeTuple tuple = entries.get(key);
        return tuple == null ? location() : YamlParser.locate(file, tuple.getValueNode());
    }

    public List<Problem> problems() {
        return problems;
    }

    public void problem(String key, String message) {
        problems.add(Problem.at(location(key), message));
    }

    public boolean has(String key) {
        known.add(key);
        return entries.containsKey(key);
    }

    public Optional<Node> node(String key) {
        known.add(key);
        NodeTuple tuple = entries.get(key);
        return tuple == null ? Optional.empty() : Optional.of(tuple.getValueNode());
    }

    /**
     * A scalar value as text, or empty when the key is absent or null; a list or mapping in its place is a
     * problem. The {@code read...} methods return the problem with the value; the others record it.
     */
    public Read<Optional<String>> readString(String key) {
        Optional<Node> value = node(key);
        if (value.isEmpty() || isNull(value.get())) {
            return Read.value(Optional.empty());
        }
        if (value.get() instanceof ScalarNode scalar) {
            return Read.value(Optional.of(scalar.getValue()));
        }
        return Read.problem(location(key), "'" + key + "' in " + where + " must be a single value, not a list"
                + " or mapping");
    }

    /** A scalar value as text that must be present and not blank. */
    public Read<String> readRequiredString(String key) {
        if (!has(key)) {
            return Read.problem(location(), where + " is missing the required key '" + key + "'");
        }
        return readString(key).flatMap(text -> text.filter(value -> !value.isBlank())
                .<Read<String>>map(Read::value)
                .orElseGet(() -> Read.problem(location(key), "'" + key + "' in " + where + " must have a value")));
    }

    public Read<Optional<Boolean>> readBool(String key) {
        return readString(key).flatMap(text -> text.isEmpty() ? Read.value(Optional.<Boolean>empty())
                : switch (text.get()) {
                    case "true", "True", "TRUE" -> Read.value(Optional.of(true));
                    case "false", "False", "FALSE" -> Read.value(Optional.of(false));
                    default -> Read.problem(location(key), "'" + key + "' in " + where
                            + " must be true or false, not '" + text.get() + "'");
                });
    }

    public Read<Optional<java.time.Duration>> readDuration(String key) {
        return readString(key).flatMap(text -> {
            if (text.isEmpty()) {
                return Read.value(Optional.empty());
            }
            try {
                return Read.value(Optional.of(Durations.parse(text.get())));
            } catch (IllegalArgumentException e) {
                return Read.problem(location(key), "'" + key + "' in " + where + ": " + e.getMessage());
            }
        });
    }

    /** {@link #readString}, recording its problem. */
    public Optional<String> string(String key) {
        return readString(key).report(problems).flatMap(text -> text);
    }

    /** {@link #readRequiredString}, recording its problem. */
    public Optional<String> requiredString(String key) {
        return readRequiredString(key).report(problems);
    }

    public Optional<Boolean> bool(String key) {
        return readBool(key).report(problems).flatMap(value -> value);
    }

    public Optional<java.time.Duration> duration(String key) {
        return readDuration(key).report(problems).flatMap(value -> value);
    }

    public Optional<MappingReader> mapping(String key) {
        return node(key).filter(n -> !isNull(n)).flatMap(n -> of(file, where + "." + key, n, problems));
    }

    /** The items of a list value; a scalar or mapping in its place is a problem. */
    public List<Node> sequence(String key) {
        Optional<Node> value = node(key);
        if (value.isEmpty() || isNull(value.get())) {
            return List.of();
        }
        if (value.get() instanceof SequenceNode sequence) {
            return sequence.getValue();
        }
        problem(key, "'" + key + "' in " + where + " must be a list");
        return List.of();
    }

    /** A mapping of plain values, read as text (numbers and booleans keep their spelling). */
    public Map<String, String> stringMap(String key) {
        Map<String, String> values = new LinkedHashMap<>();
        mapping(key).ifPresent(reader -> {
            for (String name : reader.keys()) {
                reader.string(name).ifPresent(text -> values.put(name, text));
                if (reader.node(name).map(MappingReader::isNull).orElse(false)) {
                    values.put(name, "");
                }
            }
        });
        return values;
    }

    /** Every key present in the mapping, in order. */
    public List<String> keys() {
        return new ArrayList<>(entries.keySet());
    }

    /** Keys present in the mapping that no reader method asked for. */
    public List<String> unreadKeys() {
        List<String> unread = new ArrayList<>();
        for (String key : entries.keySet()) {
            if (!known.contains(key)) {
                unread.add(key);
            }
        }
        return unread;
    }

    /** Reports every key that was present but never read, naming the keys this mapping takes. */
    public void finish() {
        for (String key : unreadKeys()) {
            problems.add(Problem.at(YamlParser.locate(file, entries.get(key).getKeyNode()),
                    "unknown key '" + key + "' in " + where + " (known keys: " + String.join(", ", known) + ")"));
        }
    }

    public static boolean isNull(Node node) {
        return node instanceof ScalarNode scalar && scalar.getTag().getValue().endsWith(":null");
    }
}
