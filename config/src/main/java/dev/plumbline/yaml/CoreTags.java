package dev.plumbline.yaml;

import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * The tags Plumbline reads: the plain types of the YAML 1.2 core schema, {@code !!str}, {@code !!int},
 * {@code !!float}, {@code !!bool} and {@code !!null} on values, {@code !!seq} on lists and {@code !!map} on
 * mappings, and {@code !!binary} on a value, read as {@link Binary} bytes (a field that takes bytes writes
 * them; any other field refuses them). Any other tag a text spells out ({@code !!set},
 * {@code !!timestamp}, a local {@code !foo}) would turn into a Java object that no provider and no diff
 * knows how to write, so it is a problem at its position. Tags the resolver gives plain values by itself
 * are left alone.
 */
final class CoreTags {

    private static final Set<Tag> VALUES = Set.of(Tag.STR, Tag.INT, Tag.FLOAT, Tag.BOOL, Tag.NULL, Tag.BINARY);

    private CoreTags() {
    }

    /** What is wrong with the tag written on {@code node}, if anything; a sentence for a person. */
    static Optional<String> problem(Node node) {
        if (node.isResolved()) {
            return Optional.empty(); // no tag written: the core schema's resolver chose it
        }
        Tag tag = node.getTag();
        boolean fits = node instanceof MappingNode ? tag.equals(Tag.MAP)
                : node instanceof SequenceNode ? tag.equals(Tag.SEQ)
                : VALUES.contains(tag);
        if (fits) {
            return Optional.empty();
        }
        if (tag.equals(Tag.MAP) || tag.equals(Tag.SEQ) || VALUES.contains(tag)) {
            return Optional.of("the tag " + display(tag) + " does not fit " + (node instanceof MappingNode
                    ? "a mapping" : node instanceof SequenceNode ? "a list" : "a single value") + "; drop the tag");
        }
        return Optional.of("the tag " + display(tag) + " is not a plain YAML type; Plumbline reads strings,"
                + " numbers, booleans, null, lists and mappings only: drop the tag (quote the value to keep it as"
                + " text)");
    }

    /** A tag as a person writes it: {@code !!binary}, {@code !foo}, or {@code !<uri>}. */
    static String display(Tag tag) {
        String value = tag.getValue();
        if (value.startsWith(Tag.PREFIX)) {
            return "!!" + value.substring(Tag.PREFIX.length());
        }
        return value.startsWith("!") ? value : "!<" + value + ">";
    }
}
