package dev.plumbline.yaml;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * How large and how deep a composed document becomes once every alias is read as a copy of its node, as
 * {@link YamlTree} and every other walker will read it. A few aliases of aliases can turn a short text
 * into billions of values or thousands of levels ("billion laughs"); this measures that without expanding
 * anything (each distinct node is measured once) and without recursion, so it is safe on any tree; a node
 * that contains itself counts as too deep.
 */
final class AliasExpansion {

    /** Values are counted up to this and no further, so that sums cannot overflow. */
    static final long CAP = 1L << 60;

    /** The counts for one document: values after expansion, distinct nodes, and collections nested. */
    record Shape(long values, long distinct, int depth) {
        /** How many values the aliases add to what the text spells out. */
        long added() {
            return Math.max(0, values - distinct);
        }
    }

    private record Measure(long values, int depth) {
    }

    private AliasExpansion() {
    }

    static Shape measure(Node root) {
        Map<Node, Measure> done = new IdentityHashMap<>();
        Set<Node> visiting = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Node> stack = new ArrayDeque<>();
        stack.push(root);
        while (!stack.isEmpty()) {
            Node node = stack.peek();
            if (done.containsKey(node)) {
                stack.pop();
            } else if (visiting.add(node)) {
                for (Node child : children(node)) {
                    if (!done.containsKey(child) && !visiting.contains(child)) {
                        stack.push(child);
                    }
                }
            } else {
                stack.pop();
                visiting.remove(node);
                done.put(node, combine(node, done));
            }
        }
        Measure measure = done.get(root);
        return new Shape(measure.values(), done.size(), measure.depth());
    }

    /**
     * The shape of a document that holds no alias, and so is a tree (the composer shares a node only where an
     * alias names it): what {@link #measure} gives for it, counted in one walk without keeping the nodes.
     */
    static Shape measureTree(Node root) {
        long nodes = 0;
        int depth = 0;
        Deque<Node> stack = new ArrayDeque<>();
        Deque<Integer> levels = new ArrayDeque<>(); // the collections from the root down to the node, itself included
        stack.push(root);
        levels.push(isCollection(root) ? 1 : 0);
        while (!stack.isEmpty()) {
            Node node = stack.pop();
            int level = levels.pop();
            nodes++;
            depth = Math.max(depth, level);
            for (Node child : children(node)) {
                stack.push(child);
                levels.push(level + (isCollection(child) ? 1 : 0));
            }
        }
        return new Shape(nodes, nodes, depth);
    }

    private static boolean isCollection(Node node) {
        return node instanceof MappingNode || node instanceof SequenceNode;
    }

    /** Combines the children's measures; a child not yet measured (a cycle) counts as too deep. */
    private static Measure combine(Node node, Map<Node, Measure> done) {
        List<Node> children = children(node);
        if (children.isEmpty() && !(node instanceof MappingNode || node instanceof SequenceNode)) {
            return new Measure(1, 0);
        }
        long values = 1;
        int depth = 0;
        for (Node child : children) {
            Measure measure = done.get(child);
            if (measure == null) {
                return new Measure(CAP, Integer.MAX_VALUE - 1);
            }
            values = Math.min(CAP, values + measure.values());
            depth = Math.max(depth, measure.depth());
        }
        return new Measure(values, depth + 1);
    }

    private static List<Node> children(Node node) {
        if (node instanceof SequenceNode sequence) {
            return sequence.getValue();
        }
        if (node instanceof MappingNode mapping) {
            List<Node> children = new ArrayList<>(mapping.getValue().size() * 2);
            for (NodeTuple tuple : mapping.getValue()) {
                children.add(tuple.getKeyNode());
                children.add(tuple.getValueNode());
            }
            return children;
        }
        return List.of();
    }
}
