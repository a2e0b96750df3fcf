package dev.plumbline.yaml;

import dev.plumbline.problem.Location;
import dev.plumbline.problem.Problem;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * Parses YAML text into node trees that keep their positions (YAML 1.2 core schema), and turns what is
 * wrong with the text into {@link Problem}s: syntax errors, duplicate mapping keys and recursive aliases.
 * Nothing here builds Java objects; callers walk the nodes and keep the positions.
 */
public final class YamlParser {

    /** The documents of one text (empty documents dropped) and every problem found in it. */
    public record Result(List<Node> documents, List<Problem> problems) {
        public Result {
            documents = List.copyOf(documents);
            problems = List.copyOf(problems);
        }

        public boolean ok() {
            return problems.isEmpty();
        }
    }

    private YamlParser() {
    }

    public static LoadSettings settings(String file) {
        return LoadSettings.builder()
                .setLabel(file)
                .setSchema(new CoreSchema())
                .setAllowDuplicateKeys(false)
                .setMaxAliasesForCollections(50)
                .setAllowRecursiveKeys(false)
                .build();
    }

    public static Result parse(String file, String text) {
        List<Node> documents = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        try {
            for (Node node : new Compose(settings(file)).composeAllFromString(text)) {
                if (isEmptyDocument(node)) {
                    continue;
                }
                checkKeys(file, node, problems, Collections.newSetFromMap(new IdentityHashMap<>()));
                documents.add(node);
            }
        } catch (MarkedYamlEngineException e) {
            problems.add(Problem.at(markLocation(file, e.getProblemMark()), syntaxMessage(e)));
        } catch (YamlEngineException e) {
            problems.add(Problem.at(Location.file(file), "not valid YAML: " + e.getMessage()));
        }
        return new Result(documents, problems);
    }

    /** The 1-based position where a node starts. */
    public static Location locate(String file, Node node) {
        return markLocation(file, node.getStartMark());
    }

    static Location markLocation(String file, Optional<Mark> mark) {
        return mark.map(m -> Location.of(file, m.getLine() + 1, m.getColumn() + 1)).orElse(Location.file(file));
    }

    private static boolean isEmptyDocument(Node node) {
        return node instanceof ScalarNode scalar
                && scalar.getValue().isEmpty()
                && scalar.getTag().getValue().endsWith(":null");
    }

    private static String syntaxMessage(MarkedYamlEngineException e) {
        String problem = e.getProblem() == null ? "invalid YAML" : e.getProblem();
        String context = e.getContext();
        if (context != null && !context.isBlank()) {
            return "not valid YAML: " + problem + " (" + context + ")";
        }
        return "not valid YAML: " + problem;
    }

    private static void checkKeys(String file, Node node, List<Problem> problems, Set<Node> seen) {
        if (!seen.add(node)) {
            if (node.isRecursive()) {
                problems.add(Problem.at(locate(file, node), "an alias refers to a node that contains it"));
            }
            return;
        }
        if (node instanceof MappingNode mapping) {
            Map<String, Node> firstByKey = new HashMap<>();
            for (NodeTuple tuple : mapping.getValue()) {
                if (tuple.getKeyNode() instanceof ScalarNode key) {
                    Node first = firstByKey.putIfAbsent(key.getValue(), key);
                    if (first != null) {
                        problems.add(Problem.at(locate(file, key), "duplicate key '" + key.getValue()
                                + "' (first at line " + locate(file, first).line() + ")"));
                    }
                }
                checkKeys(file, tuple.getKeyNode(), problems, seen);
                checkKeys(file, tuple.getValueNode(), problems, seen);
            }
        } else if (node instanceof SequenceNode sequence) {
            for (Node item : sequence.getValue()) {
                checkKeys(file, item, problems, seen);
            }
        }
    }
}
