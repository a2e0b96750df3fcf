package dev.plumbline.yaml;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * A document without aliases is measured by one walk of its tree ({@link AliasExpansion#measureTree}); it must
 * give what the general measure gives, merge keys, empty collections and multi-document texts included.
 */
class AliasExpansionTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "plain",
        "",
        "{}",
        "[]",
        "a: 1",
        "apiVersion: files.plumbline.dev/v1\nkind: File\nmetadata: { name: f1 }\nspec:\n  path: d/f1.txt\n"
                + "  content: \"value 1\\n\"\n  mode: \"0644\"\n",
        "a: [1, [2, [3, {}]], {b: [[]]}]\nc: {d: {e: {f: g}}}\n",
        "- a\n- - b\n  - c\n- {d: e}\n",
        "a:\n  <<: {b: 1, c: 2}\n  c: 3\n",
        "a:\n  <<: [{b: 1}, {c: {d: [1, 2]}}]\n  e: 4\n",
        "? [a, b]\n: c\n",
        "a: &x {b: 1}\nc: 2\n",
        "a: 1\n---\nb: [1, 2]\n---\n- c\n",
    })
    void aTreeMeasuresAsTheGeneralMeasureDoes(String text) {
        YamlParser.Result parsed = YamlParser.parse("t.yaml", text);
        List<Node> documents = parsed.documents();
        for (Node document : documents) {
            assertThat(AliasExpansion.measureTree(document)).isEqualTo(AliasExpansion.measure(document));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "a: &x {b: {c: 1}}\nd: *x\ne: *x\n",
        "a: &x [1, 2]\nb: [*x, *x, *x]\n",
        "x: &x {a: 1}\ny:\n  <<: *x\n  b: 2\n",
    })
    void aDocumentWithAliasesIsNotATree(String text) {
        Node document = YamlParser.parse("t.yaml", text).documents().get(0);
        AliasExpansion.Shape shape = AliasExpansion.measure(document);
        assertThat(shape.values()).isGreaterThan(shape.distinct());
    }
}
