package dev.plumbline.yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plumbline.problem.Location;
import dev.plumbline.problem.Problem;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReadTest {

    private static final Location HERE = Location.of("a.yaml", 3, 7);

    @Test
    void aReadIsAValueOrProblemsNeverBothNorNeither() {
        assertThatThrownBy(() -> Read.value(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> Read.failed(List.of())).isInstanceOf(IllegalArgumentException.class);

        Read<String> value = Read.value("web");
        assertThat(value.ok()).isTrue();
        assertThat(value.problems()).isEmpty();
        assertThat(value.orElse("other")).isEqualTo("web");

        Read<String> failed = Read.problem(HERE, "'name' must be text");
        assertThat(failed.ok()).isFalse();
        assertThat(failed.optional()).isEmpty();
        assertThat(failed.problems()).extracting(Problem::toString).containsExactly("a.yaml:3:7: 'name' must be text");
    }

    @Test
    void aFailureCarriesItsProblemsThroughAChainOnce() {
        Read<Integer> length = Read.<String>problem(HERE, "no name").map(String::length);
        Read<Integer> checked = length.flatMap(n -> Read.problem(HERE, "never asked"));
        assertThat(checked.problems()).extracting(Problem::message).containsExactly("no name");

        Read<Integer> fine = Read.value("web").map(String::length).flatMap(n -> n > 5
                ? Read.value(n) : Read.problem(HERE, "too short: " + n));
        assertThat(fine.problems()).extracting(Problem::message).containsExactly("too short: 3");

        assertThat(Read.problemsOf(Read.value(1), checked, fine)).extracting(Problem::message)
                .containsExactly("no name", "too short: 3");
    }

    @Test
    void reportAddsTheProblemsToASharedListAndKeepsTheValue() {
        List<Problem> problems = new ArrayList<>();
        assertThat(Read.value("x").report(problems)).contains("x");
        assertThat(Read.<String>problem(HERE, "bad").report(problems)).isEmpty();
        assertThat(problems).extracting(Problem::message).containsExactly("bad");
    }
}
