package dev.plumbline.yaml;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumbline.problem.Problem;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MappingReaderTest {

    private final List<Problem> problems = new ArrayList<>();

    private MappingReader reader(String yaml) {
        YamlParser.Result parsed = YamlParser.parse("c.yaml", yaml);
        assertThat(parsed.problems()).isEmpty();
        return MappingReader.of("c.yaml", "stacks[0]", parsed.documents().get(0), problems).orElseThrow();
    }

    @Test
    void eachReadIsAValueOrALocatedProblemAndRecordsNothing() {
        MappingReader stack = reader("name: web\nsource: [a]\nblank: ''\nauto: maybe\nevery: 5m\nnone: null\n");

        assertThat(stack.readRequiredString("name").optional()).contains("web");
        assertThat(stack.readRequiredString("source").problems()).extracting(Problem::toString).containsExactly(
                "c.yaml:2:9: 'source' in stacks[0] must be a single value, not a list or mapping");
        assertThat(stack.readRequiredString("blank").problems()).extracting(Problem::toString)
                .containsExactly("c.yaml:3:8: 'blank' in stacks[0] must have a value");
        assertThat(stack.readRequiredString("provider").problems()).extracting(Problem::toString)
                .containsExactly("c.yaml:1:1: stacks[0] is missing the required key 'provider'");
        assertThat(stack.readBool("auto").problems()).extracting(Problem::toString)
                .containsExactly("c.yaml:4:7: 'auto' in stacks[0] must be true or false, not 'maybe'");
        assertThat(stack.readDuration("every").optional()).contains(Optional.of(Duration.ofMinutes(5)));
        assertThat(stack.readString("none").optional()).contains(Optional.empty());
        assertThat(stack.readBool("absent").optional()).contains(Optional.empty());
        assertThat(problems).isEmpty();
    }

    @Test
    void theRecordingReadsAddTheSameProblemsToTheSharedList() {
        MappingReader stack = reader("source: {a: 1}\nauto: maybe\n");

        assertThat(stack.requiredString("source")).isEmpty();
        assertThat(stack.bool("auto")).isEmpty();
        assertThat(stack.requiredString("name")).isEmpty();
        assertThat(problems).extracting(Problem::toString).containsExactly(
                "c.yaml:1:9: 'source' in stacks[0] must be a single value, not a list or mapping",
                "c.yaml:2:7: 'auto' in stacks[0] must be true or false, not 'maybe'",
                "c.yaml:1:1: stacks[0] is missing the required key 'name'");
    }
}
