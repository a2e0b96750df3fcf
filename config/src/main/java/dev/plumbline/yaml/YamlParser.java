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
import org.snakeyaml.engine.v2.api.ConstructNode;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.LoadSettingsBuilder;
import org.snakeyaml.engine.v2.composer.Composer;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.ReaderException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.parser.ParserImpl;
import org.snakeyaml.engine.v2.resolver.ScalarResolver;
import org.snakeyaml.engine.v2.scanner.StreamReader;
import org.snakeyaml.engine.v2.schema.CoreSchema;
import org.snakeyaml.engine.v2.schema.Schema;

/**
 * Parses YAML text into node trees that keep their positions (YAML 1.2 core schema), and turns what is
 * wrong with the text into {@link Problem}s: syntax errors, duplicate mapping keys, keys that are lists or
 * mappings, tags other than the core schema's plain types ({@link CoreTags}), aliases inside the node they
 * name, and the budgets below: nesting deeper than {@link #MAX_DEPTH}, more than {@link #MAX_DOCUMENTS}
 * documents, a document longer than {@link #MAX_DOCUMENT_CODE_POINTS}, aliases that add more than
 * {@link #MAX_ALIAS_EXPANSION} values to a document, and a document of more than {@link #MAX_NODES} values
 * counting what its aliases repeat. snakeyaml-engine's errors become problems with a position; nesting and
 * documents are counted on the parser's event stream ({@link BoundedParser}), before the composer builds a
 * node, and expansion is measured on the composed tree without expanding it ({@link AliasExpansion}), so
 * that no text can overflow the stack, loop, or fill the memory of whoever walks the nodes afterwards.
 * Nothing here builds Java objects; callers walk the nodes and keep the positions.
 */
public final class YamlParser {

    /** How many lists and mappings may sit inside each other; manifests and configs need far fewer. */
    public static final int MAX_DEPTH = 200;

    /** How many values aliases may add to a document beyond what its text spells out. */
    public static final long MAX_ALIAS_EXPANSION = 100_000;

    /**
     * How many values (scalars, lists and mappings) one document may hold once every alias in it is read as a
     * copy of its node, as every walker of the document reads it.
     */
    public static final long MAX_NODES = 1_000_000;

    /** How many documents one text may hold, empty ones included. */
    public static final int MAX_DOCUMENTS = 10_000;

    /** How many characters (code points) one document may span; snakeyaml-engine's own default, named. */
    public static final int MAX_DOCUMENT_CODE_POINTS = 3 * 1024 * 1024;

    /** How snakeyaml-engine's message starts when a document spans more than its code point limit. */
    private static final String CODE_POINT_LIMIT = "The incoming YAML document exceeds the limit";

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

    /**
     * The YAML 1.2 core schema, built once: snakeyaml-engine's {@link CoreSchema} compiles its resolver's
     * patterns again for every instance and makes a new resolver each time it is asked for one, which was a
     * good part of parsing a small manifest. Its resolver and constructors keep no state, so one serves every
     * parse, on any thread.
     */
    private static final Schema SCHEMA = new SharedSchema(new CoreSchema());

    /**
     * The settings {@link #parse} composes with, built once (a builder starts by building a schema of its own).
     * Keys that are lists or mappings are composed so that checkNodes can name each one where it is. The label
     * names the text in snakeyaml-engine's marks, which nothing here reads: problems are located by
     * {@link #markLocation} with the file's own name.
     */
    private static final LoadSettings PARSE = builder("yaml").setAllowNonScalarKeys(true).build();

    private YamlParser() {
    }

    /** The settings Plumbline reads YAML with, for callers that load values with snakeyaml-engine directly. */
    public static LoadSettings settings(String file) {
        return builder(file).build();
    }

    private static LoadSettingsBuilder builder(String file) {
        return LoadSettings.builder()
                .setLabel(file)
                .setSchema(SCHEMA)
                .setAllowDuplicateKeys(false)
                .setMaxAliasesForCollections(50)
                .setCodePointLimit(MAX_DOCUMENT_CODE_POINTS)
                .setAllowRecursiveKeys(false);
    }

    /** A schema's one resolver and constructors, handed out again instead of made anew. */
    private static final class SharedSchema implements Schema {
        private final ScalarResolver resolver;
        private final Map<Tag, ConstructNode> constructors;

        SharedSchema(Schema schema) {
            this.resolver = schema.getScalarResolver();
            this.constructors = Map.copyOf(schema.getSchemaTagConstructors());
        }

        @Override
        public ScalarResolver getScalarResolver() {
            return resolver;
        }

        @Override
        public Map<Tag, ConstructNode> getSchemaTagConstructors() {
            return constructors;
        }
    }

    public static Result parse(String file, String text) {
        List<Node> documents = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        LoadSettings settings = PARSE;
        BoundedParser parser = new BoundedParser(new ParserImpl(settings, new StreamReader(settings, text)),
                MAX_DEPTH, MAX_DOCUMENTS);
        try {
            Composer composer = new Composer(settings, parser);
            while (composer.hasNext()) {
                Node node = composer.next();
                if (!isEmptyDocument(node)) {
                    documents.add(node);
                    check(file, node, parser.documentHasAliases(), problems);
                }
            }
        } catch (BoundedParser.Refused e) {
            problems.add(Problem.at(markLocation(file, e.mark()), e.getMessage()));
        } catch (MarkedYamlEngineException e) {
            problems.add(Problem.at(markLocation(file, e.getProblemMark()), syntaxMessage(e)));
        } catch (ReaderException e) {
            problems.add(Problem.at(codePointLocation(file, text, e.getPosition()), "not valid YAML: the character"
                    + String.format(" U+%04X", e.getCodePoint()) + " may not appear in YAML text; remove it, or"
                    + " write it as an escape (like \\u0000) inside double quotes"));
        } catch (org.snakeyaml.engine.v2.exceptions.YamlVersionException e) {
            problems.add(Problem.at(markLocation(file, parser.lastMark()), "the file declares YAML "
                    + e.getSpecVersion().getRepresentation() + " (%YAML directive); Plumbline reads YAML 1.2 (and"
                    + " 1.1 and 1.0 as 1.2): write %YAML 1.2, or leave the directive out"));
        } catch (YamlEngineException e) {
            problems.add(Problem.at(markLocation(file, parser.lastMark()), String.valueOf(e.getMessage())
                    .startsWith(CODE_POINT_LIMIT) ? "this document is longer than " + MAX_DOCUMENT_CODE_POINTS
                    + " characters, the most a document may span; split it into smaller documents"
                    : "not valid YAML: " + firstLine(e.getMessage())));
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

    /** The line and column of the code point at {@code index} (snakeyaml-engine counts code points). */
    private static Location codePointLocation(String file, String text, int index) {
        int line = 1;
        int column = 1;
        int offset = 0;
        for (int seen = 0; seen < index && offset < text.length(); seen++) {
            int codePoint = text.codePointAt(offset);
            offset += Character.charCount(codePoint);
            boolean crlf = codePoint == '\r' && offset < text.length() && text.charAt(offset) == '\n';
            if (codePoint == '\n' || (codePoint == '\r' && !crlf)) {
                line++;
                column = 1;
            } else {
                column++;
            }
        }
        return Location.of(file, line, column);
    }

    private static boolean isEmptyDocument(Node node) {
        return node instanceof ScalarNode scalar
                && scalar.getValue().isEmpty()
                && scalar.getTag().getValue().endsWith(":null");
    }

    private static String syntaxMessage(MarkedYamlEngineException e) {
        String problem = e.getProblem() == null ? "invalid YAML" : firstLine(e.getProblem());
        String context = e.getContext();
        if (context != null && !context.isBlank()) {
            return "not valid YAML: " + problem + " (" + firstLine(context) + ")";
        }
        return "not valid YAML: " + problem;
    }

    private static String firstLine(String text) {
        return text == null || text.isBlank() ? "invalid YAML" : text.strip().lines().findFirst().orElse("").strip();
    }

    /**
     * The checks that need the whole document: how far aliases expand it, then its keys and tags. A document
     * without aliases is a tree, measured and walked without keeping track of the nodes already seen.
     */
    private static void check(String file, Node document, boolean aliases, List<Problem> problems) {
        AliasExpansion.Shape shape = aliases ? AliasExpansion.measure(document) : AliasExpansion.measureTree(document);
        if (shape.depth() > MAX_DEPTH) {
            problems.add(Problem.at(locate(file, document), "aliases nest this document's lists and mappings"
                    + " more than " + MAX_DEPTH + " levels deep; repeat fewer nodes through aliases"));
            return;
        }
        if (shape.added() > MAX_ALIAS_EXPANSION) {
            problems.add(Problem.at(locate(file, document), "aliases repeat nodes in this document until it holds"
                    + (shape.values() >= AliasExpansion.CAP ? " too many" : " " + shape.values()) + " values,"
                    + " more than " + MAX_ALIAS_EXPANSION + " beyond what it spells out; write the repeated parts"
                    + " out, or repeat less through aliases"));
            return;
        }
        if (shape.values() > MAX_NODES) {
            problems.add(Problem.at(locate(file, document), "this document holds " + shape.values() + " values"
                    + " (counting what its aliases repeat), more than the " + MAX_NODES + " a document may hold;"
                    + " split it into smaller documents"));
            return;
        }
        checkNodes(file, document, problems, aliases ? Collections.newSetFromMap(new IdentityHashMap<>()) : null);
    }

    /**
     * Duplicate and non-scalar keys, and tags that are not plain types, each node once however many aliases
     * repeat it ({@code seen} is null for a tree, where each node is reached once); recursion is bounded by
     * {@link #MAX_DEPTH}, checked before.
     */
    private static void checkNodes(String file, Node node, List<Problem> problems, Set<Node> seen) {
        if (seen != null && !seen.add(node)) {
            return;
        }
        CoreTags.problem(node).ifPresent(message -> problems.add(Problem.at(locate(file, node), message)));
        if (node instanceof MappingNode mapping) {
            Map<String, Node> firstByKey = new HashMap<>();
            for (NodeTuple tuple : mapping.getValue()) {
                if (tuple.getKeyNode() instanceof ScalarNode key) {
                    if (!key.isResolved() && key.getTag().equals(Tag.BINARY)) {
                        problems.add(Problem.at(locate(file, key), "a key cannot be binary (!!binary); write the key"
                                + " as text"));
                    }
                    Node first = firstByKey.putIfAbsent(key.getValue(), key);
                    if (first != null) {
                        problems.add(Problem.at(locate(file, key), "duplicate key '" + key.getValue()
                                + "' (first at line " + locate(file, first).line() + ")"));
                    }
                } else {
                    problems.add(Problem.at(locate(file, tuple.getKeyNode()), "a key must be a plain value,"
                            + " not a list or mapping; write it as a word or a quoted string"));
                }
                checkNodes(file, tuple.getKeyNode(), problems, seen);
                checkNodes(file, tuple.getValueNode(), problems, seen);
            }
        } else if (node instanceof SequenceNode sequence) {
            for (Node item : sequence.getValue()) {
                checkNodes(file, item, problems, seen);
            }
        }
    }
}
