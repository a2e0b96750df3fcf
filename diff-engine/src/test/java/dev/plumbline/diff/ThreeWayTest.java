package dev.plumbline.diff;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumbline.model.Sensitive;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The three-way comparison: what was applied last, what is desired, what is live. */
class ThreeWayTest {

    @Test
    void liveIsComparedOnlyWhereTheManifestOrTheLastApplySetAField() {
        Map<String, Object> live = Map.of("spec", Map.of("replicas", 2L, "revisionHistoryLimit", 10L,
                "template", Map.of("containers", List.of(Map.of("name", "api", "image", "a:1",
                        "imagePullPolicy", "IfNotPresent")))));
        Map<String, Object> desired = Map.of("spec", Map.of("replicas", 3L,
                "template", Map.of("containers", List.of(Map.of("name", "api", "image", "a:2")))));
        Map<String, Object> applied = Map.of("spec", Map.of("replicas", true, "paused", true));

        assertThat(ThreeWay.project(live, desired, applied)).isEqualTo(Map.of("spec", Map.of("replicas", 2L,
                "template", Map.of("containers", List.of(Map.of("name", "api", "image", "a:1"))))));
    }

    @Test
    void aListOfAnotherLengthIsComparedWhole() {
        Map<String, Object> live = Map.of("args", List.of(Map.of("a", 1L, "b", 2L)));
        Map<String, Object> desired = Map.of("args", List.of(Map.of("a", 1L), Map.of("a", 2L)));

        assertThat(ThreeWay.project(live, desired, null)).isEqualTo(live);
    }

    @Test
    void aLiveValueWhereASecretIsDesiredIsASecretToo() {
        Object projected = ThreeWay.project(Map.of("data", Map.of("password", "p")),
                Map.of("data", Map.of("password", new Sensitive("p"))), null);

        assertThat(((Map<?, ?>) ((Map<?, ?>) projected).get("data")).get("password")).isEqualTo(new Sensitive("p"));
    }

    @Test
    void theMergePatchSetsWhatIsDesiredAndRemovesWhatWasAppliedAndIsNoMore() {
        Map<String, Object> desired = Map.of("metadata", Map.of("labels", Map.of("app", "web")),
                "data", Map.of("a", "1"));
        Map<String, Object> applied = Map.of("metadata", Map.of("labels", Map.of("app", true, "tier", true)),
                "data", Map.of("a", true, "b", true), "binaryData", Map.of("x", true));

        Map<String, Object> patch = ThreeWay.mergePatch(desired, applied);

        Map<String, Object> labels = new HashMap<>();
        labels.put("app", "web");
        labels.put("tier", null);
        Map<String, Object> data = new HashMap<>();
        data.put("a", "1");
        data.put("b", null);
        Map<String, Object> expected = new HashMap<>();
        expected.put("metadata", Map.of("labels", labels));
        expected.put("data", data);
        expected.put("binaryData", null);
        assertThat(patch).isEqualTo(expected);
        assertThat(ThreeWay.merged(Map.of("data", Map.of("a", "0", "b", "2", "c", "3"), "kind", "ConfigMap"), patch))
                .isEqualTo(Map.of("data", Map.of("a", "1", "c", "3"), "kind", "ConfigMap",
                        "metadata", Map.of("labels", Map.of("app", "web"))));
    }

    @Test
    void theShapeKeepsFieldNamesAndNoValue() {
        Object shape = ThreeWay.shape(Map.of("data", Map.of("password", new Sensitive("hunter2")),
                "ports", List.of(Map.of("port", 80L))));

        assertThat(shape).isEqualTo(Map.of("data", Map.of("password", true), "ports", List.of(Map.of("port", true))));
        assertThat(shape.toString()).doesNotContain("hunter2");
    }
}
