package dev.plumbline.yaml;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumbline.problem.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** YAML 1.1's merge key ({@code <<}), which kubectl and Argo CD read, is read the same way (snakeyaml-engine merges). */
class MergeKeyTest {

    private static Object read(String text, List<Problem> problems) {
        YamlParser.Result parsed = YamlParser.parse("m.yaml", text);
        problems.addAll(parsed.problems());
        return YamlTree.convert("m.yaml", parsed.documents().get(0), YamlTree.ScalarRewriter.NONE, problems).value();
    }

    @Test
    void aMergedMappingFillsTheKeysTheMappingDoesNotWrite() {
        List<Problem> problems = new ArrayList<>();
        Object value = read("""
                defaults: &defaults
                  mode: "0644"
                  owner: web
                a:
                  <<: *defaults
                  mode: "0600"
                """, problems);

        assertThat(problems).isEmpty();
        assertThat(value).isEqualTo(Map.of("defaults", Map.of("mode", "0644", "owner", "web"),
                "a", Map.of("mode", "0600", "owner", "web")));
    }

    @Test
    void inAListOfMergedMappingsTheEarlierOneWins() {
        List<Problem> problems = new ArrayList<>();
        Object value = read("""
                x: &x {a: 1, b: 1}
                y: &y {b: 2, c: 2}
                z:
                  <<: [*x, *y]
                  c: 3
                """, problems);

        assertThat(problems).isEmpty();
        assertThat(((Map<?, ?>) value).get("z")).isEqualTo(Map.of("a", 1L, "b", 1L, "c", 3L));
    }

    @Test
    void aQuotedMergeKeyIsAnOrdinaryKey() {
        List<Problem> problems = new ArrayList<>();
        Object value = read("a:\n  '<<': text\n", problems);

        assertThat(problems).isEmpty();
        assertThat(value).isEqualTo(Map.of("a", Map.of("<<", "text")));
    }

    @Test
    void mergingSomethingThatIsNotAMappingIsAProblemOfTheFile() {
        YamlParser.Result parsed = YamlParser.parse("m.yaml", "a:\n  n: 1\n  <<: 5\n");

        assertThat(parsed.documents()).isEmpty();
        assertThat(parsed.problems()).extracting(Problem::toString).containsExactly(
                "m.yaml:4:1: not valid YAML: Expected mapping node or an anchor referencing mapping");
    }
}
