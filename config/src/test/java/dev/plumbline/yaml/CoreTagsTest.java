package dev.plumbline.yaml;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumbline.problem.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Only the core schema's plain types are read; every other tag is a problem where it is written. */
class CoreTagsTest {

    private static final String NOT_PLAIN = " is not a plain YAML type; Plumbline reads strings, numbers, booleans,"
            + " null, lists and mappings only: drop the tag (quote the value to keep it as text)";

    @Test
    void binaryIsReadAsBytesTheSameInEveryProcess() {
        YamlParser.Result parsed = YamlParser.parse("b.yaml", "spec:\n  content: !!binary aGVsbG8=\n"
                + "  raw: !!binary |\n    /wAB\n");

        assertThat(parsed.problems()).isEmpty();
        List<Problem> problems = new ArrayList<>();
        Object value = YamlTree.plain("b.yaml", parsed.documents().get(0), problems);
        assertThat(problems).isEmpty();
        Binary hello = Binary.of("hello".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(value).isEqualTo(Map.of("spec", Map.of("content", hello,
                "raw", Binary.of(new byte[] {(byte) 0xff, 0, 1}))));
        assertThat(hello).hasToString("(binary: 5 bytes, sha256 2cf24dba)");
        assertThat(hello.base64()).isEqualTo("aGVsbG8=");
    }

    @Test
    void binaryThatIsNotBase64IsALocatedProblem() {
        List<Problem> problems = new ArrayList<>();
        YamlParser.Result parsed = YamlParser.parse("b.yaml", "a: !!binary not*base64\n");
        YamlTree.plain("b.yaml", parsed.documents().get(0), problems);

        assertThat(problems).extracting(Problem::toString).singleElement().asString()
                .startsWith("b.yaml:1:4: cannot read the value 'not*base64' as !!binary");
    }

    @Test
    void everyTagThatIsNotAPlainTypeIsAProblemEachAtItsPosition() {
        YamlParser.Result parsed = YamlParser.parse("t.yaml", """
                a: !foo x
                b: !!set {x: null}
                c: !!timestamp 2001-12-14
                d: !<tag:example.com,2026:thing> y
                !!binary aGk=: key
                e: !ENV ${HOME}
                f: !!str {x: 1}
                g: !!map [1]
                """);

        assertThat(parsed.problems()).extracting(Problem::toString).containsExactly(
                "t.yaml:1:4: the tag !foo" + NOT_PLAIN,
                "t.yaml:2:4: the tag !!set" + NOT_PLAIN,
                "t.yaml:3:4: the tag !!timestamp" + NOT_PLAIN,
                "t.yaml:4:4: the tag !<tag:example.com,2026:thing>" + NOT_PLAIN,
                "t.yaml:5:1: a key cannot be binary (!!binary); write the key as text",
                "t.yaml:6:4: the tag !ENV" + NOT_PLAIN,
                "t.yaml:7:4: the tag !!str does not fit a mapping; drop the tag",
                "t.yaml:8:4: the tag !!map does not fit a list; drop the tag");
    }

    @Test
    void plainTypesWrittenOutOrResolvedAreRead() {
        YamlParser.Result parsed = YamlParser.parse("ok.yaml", """
                a: !!str 0644
                b: !!int "12"
                c: !!float 1
                d: !!bool true
                e: !!null ""
                f: !!seq [1]
                g: !!map {x: 1}
                h: ! 12
                i: ${not_a_variable_here}
                base: &base {x: 1}
                more: {<<: *base}
                """);

        assertThat(parsed.problems()).isEmpty();
        List<Problem> problems = new ArrayList<>();
        @SuppressWarnings("unchecked")
        Map<String, Object> value = (Map<String, Object>) YamlTree.plain("ok.yaml", parsed.documents().get(0),
                problems);
        assertThat(problems).isEmpty();
        assertThat(value).containsEntry("a", "0644").containsEntry("b", 12L).containsEntry("c", 1.0)
                .containsEntry("d", true).containsEntry("e", null).containsEntry("f", List.of(1L))
                .containsEntry("g", Map.of("x", 1L)).containsEntry("h", "12")
                .containsEntry("i", "${not_a_variable_here}");
    }
}
