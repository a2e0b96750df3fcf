package dev.plumbline.render;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumbline.model.SecretTemplate;
import dev.plumbline.problem.Location;
import dev.plumbline.problem.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InterpolatorTest {

    private final Interpolator interpolator = new Interpolator(Map.of("a", "1", "b_2", "two"));
    private final Location here = Location.of("f.yaml", 3, 7);

    private String rewrite(String text, List<Problem> problems) {
        return interpolator.rewrite(text, here, problems);
    }

    @Test
    void substitutesEveryReferenceAndKeepsEscapes() {
        List<Problem> problems = new ArrayList<>();
        assertThat(rewrite("${a}-${b_2}-$${a}-$x-${a}", problems)).isEqualTo("1-two-${a}-$x-1");
        assertThat(problems).isEmpty();
    }

    @Test
    void reportsUnclosedAndMalformedReferences() {
        List<Problem> problems = new ArrayList<>();
        rewrite("${a", problems);
        rewrite("${secret:vault:X}", problems);
        rewrite("key-${secret:env:X}", problems);
        assertThat(problems).extracting(Problem::toString).containsExactly(
                "f.yaml:3:7: '${' is not closed; write ${name}, or $${ for a literal ${",
                "f.yaml:3:7: '${secret:vault:X}' is not a secret reference; write ${secret:env:NAME} or"
                        + " ${secret:file:PATH} (a secret comes from the agent's environment or a file, nowhere else)",
                "f.yaml:3:7: a key cannot hold a secret; put ${secret:...} in a value");
    }

    @Test
    void aValueWithASecretReferenceStaysATemplateWithItsEscapes() {
        List<Problem> problems = new ArrayList<>();

        Object value = interpolator.value("user=${a} pass=${secret:env:DB_PASS} cost=$${5} key=${secret:file:/k}",
                here, problems);

        assertThat(problems).isEmpty();
        assertThat(value).isEqualTo(new SecretTemplate("user=1 pass=${secret:env:DB_PASS} cost=$${5}"
                + " key=${secret:file:/k}"));
        assertThat(((SecretTemplate) value).references()).containsExactly(
                new SecretTemplate.Reference("env", "DB_PASS"), new SecretTemplate.Reference("file", "/k"));
        assertThat(interpolator.value("literal $${secret:env:X}", here, problems)).isEqualTo("literal ${secret:env:X}");
    }
}
