package dev.plumbline.diff;

import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.api.StreamDataWriter;
import org.snakeyaml.engine.v2.common.FlowStyle;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * Writes a plain-value tree as block YAML for people to read in diffs: keys in their own order, multi-line
 * strings as literal blocks so that a change to one line of a file shows as one changed line.
 */
public final class YamlText {

    private static final DumpSettings SETTINGS = DumpSettings.builder()
            .setDefaultFlowStyle(FlowStyle.BLOCK)
            .setIndent(2)
            .setWidth(Integer.MAX_VALUE)
            .setSplitLines(false)
            .setSchema(new CoreSchema())
            .build();

    private YamlText() {
    }

    public static String render(Object value) {
        if (value instanceof Map<?, ?> map && map.isEmpty()) {
            return "";
        }
        StringWriter out = new StringWriter();
        new Dump(SETTINGS).dumpNode(node(value), new StreamDataWriter() {
            @Override
            public void write(String text) {
                out.write(text);
            }

            @Override
            public void write(String text, int offset, int length) {
                out.write(text, offset, length);
            }
        });
        return out.toString();
    }

    public static List<String> lines(Object value) {
        String text = render(value);
        if (text.isEmpty()) {
            return List.of();
        }
        List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
        if (text.endsWith("\n")) {
            lines.remove(lines.size() - 1);
        }
        return lines;
    }

    private static Node node(Object value) {
        if (value instanceof Map<?, ?> map) {
            List<NodeTuple> tuples = new ArrayList<>();
            map.forEach((k, v) -> tuples.add(new NodeTuple(scalar(Tag.STR, String.valueOf(k)), node(v))));
            return new MappingNode(Tag.MAP, tuples, FlowStyle.BLOCK);
        }
        if (value instanceof List<?> list) {
            List<Node> items = new ArrayList<>();
            list.forEach(item -> items.add(node(item)));
            return new SequenceNode(Tag.SEQ, items, list.isEmpty() ? FlowStyle.FLOW : FlowStyle.BLOCK);
        }
        if (value == null) {
            return scalar(Tag.NULL, "null");
        }
        if (value instanceof Boolean) {
            return scalar(Tag.BOOL, value.toString());
        }
        if (value instanceof Double || value instanceof Float) {
            return scalar(Tag.FLOAT, value.toString());
        }
        if (value instanceof Number) {
            return scalar(Tag.INT, value.toString());
        }
        String text = value.toString();
        if (text.contains("\n")) {
            return new ScalarNode(Tag.STR, text, ScalarStyle.LITERAL);
        }
        return scalar(Tag.STR, text);
    }

    private static ScalarNode scalar(Tag tag, String text) {
        return new ScalarNode(tag, text, ScalarStyle.PLAIN);
    }
}
