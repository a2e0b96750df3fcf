package dev.plumbline.diff;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumbline.model.ContentHash;
import dev.plumbline.model.Sensitive;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SensitivityTest {

    @Test
    void secretsCompareByDigestAndNeverPrintTheirValue() {
        Sensitive secret = new Sensitive("hunter2");

        assertThat(secret).isEqualTo(new Sensitive("hunter2")).isNotEqualTo(new Sensitive("hunter3"));
        assertThat(secret.toString()).isEqualTo("(sensitive)");
        assertThat(secret.digest()).startsWith("sha256:").doesNotContain("hunter2");
        assertThat(ContentHash.of(Map.of("p", secret))).isEqualTo(ContentHash.of(Map.of("p", new Sensitive("hunter2"))))
                .isNotEqualTo(ContentHash.of(Map.of("p", new Sensitive("other"))));
        assertThat(YamlText.render(Map.of("spec", Map.of("password", secret)))).doesNotContain("hunter2")
                .contains("(sensitive)");
    }

    @Test
    void liveValuesWhereDesiredHoldsASecretBecomeSecretsToo() {
        Map<String, Object> desired = Map.of("spec", Map.of("password", new Sensitive("s3"), "name", "app",
                "list", List.of(new Sensitive("x"))));
        Map<String, Object> live = Map.of("spec", Map.of("password", "s3", "name", "app", "list", List.of("y")));

        Map<String, Object> aligned = Sensitivity.align(live, desired);

        assertThat(Differ.diff(aligned, desired)).extracting(c -> c.path().toString()).containsExactly("spec.list[0]");
        assertThat(aligned.toString()).doesNotContain("s3");
        assertThat(Sensitivity.masked(Map.of("a", List.of(new Sensitive("s3"))))).isEqualTo(Map.of("a",
                List.of("(sensitive)")));
    }
}
