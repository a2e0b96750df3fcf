package dev.plumbline.yaml;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumbline.problem.Problem;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Texts that used to overflow the stack, loop or escape as exceptions: each is a located problem now. */
class YamlParserLimitsTest {

    private static final String TOO_DEEP = "lists and mappings are nested more than 200 levels deep here";

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "[    | 201",
            "{a:  | 801",
            "'- ' | 401",
            "'? ' | 401"})
    void nestingIsBoundedBeforeAnyNodeIsBuilt(String level, int column) {
        // 100,000 levels overflowed the composer's recursion; this runs in the test's own thread on purpose
        YamlParser.Result result = YamlParser.parse("deep.yaml", (level + (level.endsWith(":") ? " " : ""))
                .repeat(100_000) + "x");

        assertThat(result.documents()).isEmpty();
        assertThat(result.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.location().toString()).isEqualTo("deep.yaml:1:" + column);
            assertThat(problem.message()).startsWith(TOO_DEEP);
        });
    }

    @Test
    void nestingUpToTheLimitIsFine() {
        assertThat(YamlParser.parse("a.yaml", "[".repeat(200) + "]".repeat(200)).problems()).isEmpty();
        assertThat(YamlParser.parse("a.yaml", "[".repeat(201) + "]".repeat(201)).problems())
                .extracting(Problem::toString).singleElement().asString().startsWith("a.yaml:1:201: " + TOO_DEEP);
    }

    @Test
    void documentsBeforeATooDeepOneAreKept() {
        YamlParser.Result result = YamlParser.parse("a.yaml", "a: 1\n---\n" + "- ".repeat(300) + "x\n");
        assertThat(result.documents()).hasSize(1);
        assertThat(result.problems()).extracting(Problem::toString).singleElement().asString()
                .startsWith("a.yaml:3:401: " + TOO_DEEP);
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void anAliasInsideTheNodeItNamesIsAProblemNotAnEndlessLoop() {
        assertThat(YamlParser.parse("a.yaml", "base: &a {<<: *a}\n").problems()).extracting(Problem::toString)
                .containsExactly("a.yaml:1:15: the alias *a refers to a node that contains it; an alias can only"
                        + " repeat a node that is complete before it");
        assertThat(YamlParser.parse("a.yaml", "a: &a [1, *a]\n").problems()).extracting(Problem::toString)
                .singleElement().asString().startsWith("a.yaml:1:11: the alias *a refers to a node that contains it");
    }

    @Test
    void anAnchorUsedAgainAfterItIsCompleteIsFine() {
        YamlParser.Result result = YamlParser.parse("a.yaml", "base: &a {x: 1}\nmore: {<<: *a, y: 2}\n"
                + "outer: &b [&b [1], *b]\n");
        assertThat(result.problems()).isEmpty();
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aliasesThatExpandADocumentTooFarAreAProblem() {
        StringBuilder laughs = new StringBuilder("a0: &a0 [lol, lol]\n");
        for (int i = 1; i < 25; i++) {
            laughs.append("a").append(i).append(": &a").append(i)
                    .append(" [*a").append(i - 1).append(", *a").append(i - 1).append("]\n");
        }
        assertThat(YamlParser.parse("laughs.yaml", laughs.toString()).problems()).extracting(Problem::toString)
                .singleElement().asString().startsWith("laughs.yaml:1:1: aliases repeat nodes in this document until"
                        + " it holds 134217725 values, more than 100000 beyond what it spells out");

        StringBuilder deep = new StringBuilder("a0: &a0 [x]\n");
        for (int i = 1; i <= 40; i++) {
            deep.append("a").append(i).append(": &a").append(i).append(" ").append("[".repeat(10))
                    .append("*a").append(i - 1).append("]".repeat(10)).append("\n");
        }
        assertThat(YamlParser.parse("deep.yaml", deep.toString()).problems()).extracting(Problem::toString)
                .singleElement().asString().startsWith("deep.yaml:1:1: aliases nest this document's lists and"
                        + " mappings more than 200 levels deep");
    }

    @Test
    void keysThatAreListsOrMappingsAreEachLocated() {
        assertThat(YamlParser.parse("k.yaml", "? [a]\n: b\nc: 1\n{x: 1}: 2\n").problems())
                .extracting(Problem::toString).containsExactly(
                        "k.yaml:1:3: a key must be a plain value, not a list or mapping; write it as a word or a"
                                + " quoted string",
                        "k.yaml:4:1: a key must be a plain value, not a list or mapping; write it as a word or a"
                                + " quoted string");
    }

    @Test
    void errorsWithoutAPositionOfTheirOwnAreStillLocated() {
        StringBuilder aliases = new StringBuilder("a: &a [1]\nb:\n");
        for (int i = 0; i < 51; i++) {
            aliases.append("  - *a\n");
        }
        assertThat(YamlParser.parse("a.yaml", aliases.toString()).problems()).extracting(Problem::toString)
                .containsExactly("a.yaml:53:5: not valid YAML: Number of aliases for non-scalar nodes exceeds the"
                        + " specified max=50");

        assertThat(YamlParser.parse("z.yaml", "a: 1\nb: x\0y\n").problems()).extracting(Problem::toString)
                .containsExactly("z.yaml:2:5: not valid YAML: the character U+0000 may not appear in YAML text;"
                        + " remove it, or write it as an escape (like \\u0000) inside double quotes");
    }

    @Test
    void aValueItsTagCannotReadIsOneLineWithoutClassNames() {
        YamlParser.Result parsed = YamlParser.parse("t.yaml", "a: !!int x\nb: !foo y\n");
        java.util.List<Problem> problems = new java.util.ArrayList<>();
        YamlTree.plain("t.yaml", parsed.documents().get(0), problems);
        assertThat(problems).extracting(Problem::toString).containsExactly(
                "t.yaml:1:4: cannot read the value 'x' as !!int (For input string: \"x\"); fix the value, or quote"
                        + " it and drop the tag to keep it as text",
                "t.yaml:2:4: the tag !foo is not a plain YAML type; Plumbline reads strings, numbers, booleans,"
                        + " null, lists and mappings only: drop the tag (quote the value to keep it as text)");
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aShortAliasBombWellUnderTheAliasLimitIsOneLocatedProblem() {
        // three aliases a level, twelve levels: 36 aliases (snakeyaml-engine allows 50), 2.4 million values
        StringBuilder bomb = new StringBuilder("l0: &l0 [lol, lol, lol]\n");
        for (int i = 1; i <= 12; i++) {
            String previous = "*l" + (i - 1);
            bomb.append("l").append(i).append(": &l").append(i).append(" [").append(previous).append(", ")
                    .append(previous).append(", ").append(previous).append("]\n");
        }
        assertThat(bomb.length()).isLessThan(500);

        YamlParser.Result result = YamlParser.parse("bomb.yaml", bomb.toString());

        assertThat(result.problems()).extracting(Problem::toString).singleElement().asString().isEqualTo(
                "bomb.yaml:1:1: aliases repeat nodes in this document until it holds 3587232 values, more than 100000"
                        + " beyond what it spells out; write the repeated parts out, or repeat less through aliases");
    }

    @Test
    void aDocumentMayHoldAMillionValuesCountingWhatItsAliasesRepeat() {
        String zeros = "0,".repeat(40_000) + "0";
        String withAliases = "{a: &a [" + zeros + "], b: [*a, *a], c: [" + "0,".repeat(900_000) + "0]}";
        assertThat(YamlParser.parse("big.yaml", withAliases).problems()).extracting(Problem::toString)
                .containsExactly("big.yaml:1:1: this document holds 1020013 values (counting what its aliases"
                        + " repeat), more than the 1000000 a document may hold; split it into smaller documents");
    }

    @Test
    void aDocumentLongerThanTheLimitIsOneLocatedProblem() {
        String line = "- " + "x".repeat(1022) + "\n";
        String text = "a: 1\n---\n" + line.repeat(YamlParser.MAX_DOCUMENT_CODE_POINTS / line.length() + 1);

        YamlParser.Result result = YamlParser.parse("long.yaml", text);

        assertThat(result.problems()).extracting(Problem::toString).singleElement().asString()
                .startsWith("long.yaml:").endsWith(": this document is longer than 3145728 characters, the most a"
                        + " document may span; split it into smaller documents");
        assertThat(result.documents()).as("the documents before it").hasSize(1);
    }

    @Test
    void moreDocumentsThanTheLimitIsOneProblemAtTheFirstOneTooMany() {
        String many = "---\na: 1\n".repeat(YamlParser.MAX_DOCUMENTS + 5);

        YamlParser.Result result = YamlParser.parse("many.yaml", many);

        assertThat(result.problems()).extracting(Problem::toString).containsExactly("many.yaml:"
                + (2 * YamlParser.MAX_DOCUMENTS + 1) + ":1: this file holds more than 10000 documents; a file may hold"
                + " 10000 at most: split it into several files");
        assertThat(YamlParser.parse("full.yaml", "---\na: 1\n".repeat(YamlParser.MAX_DOCUMENTS)).problems())
                .isEmpty();
    }
}
