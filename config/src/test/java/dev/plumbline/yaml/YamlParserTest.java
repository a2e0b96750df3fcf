package dev.plumbline.yaml;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumbline.problem.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class YamlParserTest {

    @Test
    void findsDuplicateKeysInEveryDocument() {
        YamlParser.Result result = YamlParser.parse("a.yaml", """
                kind: A
                kind: B
                ---
                spec:
                  x: 1
                  x: 2
                """);

        assertThat(result.documents()).hasSize(2);
        assertThat(result.problems()).extracting(Problem::toString).containsExactly(
                "a.yaml:2:1: duplicate key 'kind' (first at line 1)",
                "a.yaml:6:3: duplicate key 'x' (first at line 5)");
    }

    @Test
    void aYamlVersionOtherThanOneIsNamedWithWhatToWrite() {
        YamlParser.Result result = YamlParser.parse("v.yaml", "%YAML 2.0\n---\na: 1\n");

        assertThat(result.problems()).extracting(Problem::toString).containsExactly("v.yaml:1:1: the file declares"
                + " YAML 2.0 (%YAML directive); Plumbline reads YAML 1.2 (and 1.1 and 1.0 as 1.2): write %YAML 1.2,"
                + " or leave the directive out");
        assertThat(YamlParser.parse("w.yaml", "%YAML 1.1\n---\na: 1\n").problems()).isEmpty();
    }

    @Test
    void reportsSyntaxErrorsWithTheirPosition() {
        YamlParser.Result result = YamlParser.parse("b.yaml", "a: [1, 2\nb: c\n");
        assertThat(result.problems()).singleElement().satisfies(p -> {
            assertThat(p.location().file()).isEqualTo("b.yaml");
            assertThat(p.location().line()).isEqualTo(2);
            assertThat(p.message()).startsWith("not valid YAML");
        });
    }

    @Test
    void dropsEmptyDocuments() {
        YamlParser.Result result = YamlParser.parse("c.yaml", "---\n---\na: 1\n---\n");
        assertThat(result.problems()).isEmpty();
        assertThat(result.documents()).hasSize(1);
    }

    @Test
    void convertsToPlainValuesWithPositions() {
        YamlParser.Result result = YamlParser.parse("d.yaml", """
                spec:
                  port: 80
                  ratio: 0.5
                  on: true
                  none: null
                  names: [a, "b"]
                """);
        List<Problem> problems = new ArrayList<>();
        YamlTree.Converted converted = YamlTree.convert("d.yaml", result.documents().get(0),
                YamlTree.ScalarRewriter.NONE, problems);

        assertThat(problems).isEmpty();
        Map<String, Object> spec = new java.util.LinkedHashMap<>();
        spec.put("port", 80L);
        spec.put("ratio", 0.5);
        spec.put("on", true);
        spec.put("none", null);
        spec.put("names", List.of("a", "b"));
        assertThat(converted.value()).isEqualTo(Map.of("spec", spec));
        assertThat(converted.positions().get(FieldPath.of("spec", "names").index(1)).toString()).isEqualTo("d.yaml:6:14");
        assertThat(converted.positions().get(FieldPath.of("spec", "port")).toString()).isEqualTo("d.yaml:2:9");
    }

    @Test
    void retypesRewrittenPlainScalarsButNotQuotedOnes() {
        YamlParser.Result result = YamlParser.parse("e.yaml", "a: ${n}\nb: \"${n}\"\n");
        YamlTree.Converted converted = YamlTree.convert("e.yaml", result.documents().get(0),
                (text, location, problems) -> text.replace("${n}", "3"), new ArrayList<>());
        assertThat(converted.value()).isEqualTo(Map.of("a", 3L, "b", "3"));
    }
}
