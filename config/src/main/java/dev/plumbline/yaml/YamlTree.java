package dev.plumbline.yaml;

import dev.plumbline.problem.Location;
import dev.plumbline.problem.Problem;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.constructor.StandardConstructor;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * Turns a YAML node tree into plain Java values (ordered {@code Map<String, Object>}, {@code List<Object>},
 * {@code String}, {@code Long}, {@code BigInteger}, {@code Double}, {@code Boolean}, null, and
 * {@link Binary} for {@code !!binary}; a value with any other tag is a problem: see {@link CoreTags}) and records
 * where each value started, by {@link FieldPath}. A {@link ScalarRewriter} may replace scalar text
 * first (variable substitution); a replaced plain scalar is typed again from its new text.
 */
public final class YamlTree {

    /** Rewrites one scalar's text before it is typed; reports problems into the given list. */
    @FunctionalInterface
    public interface ScalarRewriter {
        String rewrite(String text, Location location, List<Problem> problems);

        /**
         * The value of a scalar (not a key): its rewritten text, typed as YAML would type it, unless the
         * rewriter returns something other than text, which is kept as it is (a secret reference, say).
         */
        default Object value(String text, Location location, List<Problem> problems) {
            return rewrite(text, location, problems);
        }

        ScalarRewriter NONE = (text, location, problems) -> text;
    }

    /** A converted value and the position of every value inside it. */
    public record Converted(Object value, Map<FieldPath, Location> positions) {
        public Converted {
            positions = Map.copyOf(positions);
        }
    }

    private final String file;
    private final ScalarRewriter rewriter;
    private final List<Problem> problems;
    private final StandardConstructor constructor;
    private final org.snakeyaml.engine.v2.resolver.ScalarResolver resolver;
    private final Map<FieldPath, Location> positions = new LinkedHashMap<>();

    /**
     * Settings, constructor and resolver are the same for every file and costly to build (a schema, a map
     * of constructors), so each thread keeps one; a constructor keeps state while it works, so it is not
     * shared between threads.
     */
    private static final ThreadLocal<StandardConstructor> CONSTRUCTORS =
            ThreadLocal.withInitial(() -> new StandardConstructor(YamlParser.settings("")));
    private static final org.snakeyaml.engine.v2.resolver.ScalarResolver RESOLVER =
            YamlParser.settings("").getSchema().getScalarResolver();

    private YamlTree(String file, ScalarRewriter rewriter, List<Problem> problems) {
        this.file = file;
        this.rewriter = rewriter;
        this.problems = problems;
        this.constructor = CONSTRUCTORS.get();
        this.resolver = RESOLVER;
    }

    public static Converted convert(String file, Node node, ScalarRewriter rewriter, List<Problem> problems) {
        YamlTree tree = new YamlTree(file, rewriter, problems);
        Object value = tree.value(node, FieldPath.root(), 0);
        return new Converted(value, tree.positions);
    }

    /** Converts without rewriting, keeping no positions; for values where positions are not needed. */
    public static Object plain(String file, Node node, List<Problem> problems) {
        return convert(file, node, ScalarRewriter.NONE, problems).value();
    }

    private Object value(Node node, FieldPath path, int depth) {
        Location location = YamlParser.locate(file, node);
        positions.putIfAbsent(path, location);
        if (depth > YamlParser.MAX_DEPTH) {
            problems.add(Problem.at(location, "nested deeper than " + YamlParser.MAX_DEPTH + " levels"));
            return null;
        }
        if (node instanceof MappingNode mapping) {
            Map<String, Object> map = new LinkedHashMap<>();
            for (NodeTuple tuple : mapping.getValue()) {
                String key = keyText(tuple.getKeyNode());
                if (key == null || map.containsKey(key)) {
                    continue; // reported by YamlParser (non-scalar or duplicate key)
                }
                map.put(key, value(tuple.getValueNode(), path.key(key), depth + 1));
            }
            return map;
        }
        if (node instanceof SequenceNode sequence) {
            List<Object> list = new ArrayList<>();
            int index = 0;
            for (Node item : sequence.getValue()) {
                list.add(value(item, path.index(index++), depth + 1));
            }
            return list;
        }
        return scalar((ScalarNode) node, location);
    }

    private String keyText(Node key) {
        if (key instanceof ScalarNode scalar) {
            return rewriter.rewrite(scalar.getValue(), YamlParser.locate(file, key), problems);
        }
        return null;
    }

    private Object scalar(ScalarNode node, Location location) {
        Optional<String> tagProblem = CoreTags.problem(node);
        if (tagProblem.isPresent()) { // YamlParser reports it too; this keeps such a value out of every result
            problems.add(Problem.at(location, tagProblem.get()));
            return node.getValue();
        }
        Object rewritten = rewriter.value(node.getValue(), location, problems);
        if (!(rewritten instanceof String text)) {
            return rewritten;
        }
        ScalarNode typed = node;
        if (!text.equals(node.getValue())) {
            Tag tag = node.isPlain() ? resolver.resolve(text, true) : Tag.STR;
            typed = new ScalarNode(tag, true, text, node.getScalarStyle(), node.getStartMark(), node.getEndMark());
        }
        Object value;
        try {
            value = constructor.constructSingleDocument(Optional.of(typed));
        } catch (RuntimeException e) {
            problems.add(Problem.at(location, "cannot read the value '" + text + "' as "
                    + typed.getTag().getValue().replace("tag:yaml.org,2002:", "!!") + " (" + reason(e)
                    + "); fix the value, or quote it and drop the tag to keep it as text"));
            return text;
        }
        return normalise(value);
    }

    /** Why snakeyaml-engine could not construct a value, in one line, without its class names or snippets. */
    private static String reason(RuntimeException e) {
        String message = e instanceof MarkedYamlEngineException marked ? marked.getProblem() : e.getMessage();
        if (e.getCause() != null && (message == null || message.contains(e.getCause().getClass().getName()))) {
            message = e.getCause().getMessage();
        }
        if (message == null || message.isBlank()) {
            return "not a valid value of that type";
        }
        return message.strip().lines().findFirst().orElse("").strip();
    }

    private static Object normalise(Object value) {
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof BigInteger big && big.bitLength() < 64) {
            return big.longValue();
        }
        if (value instanceof Float f) {
            return f.doubleValue();
        }
        if (value instanceof byte[] bytes) {
            return Binary.of(bytes);
        }
        return value;
    }
}
