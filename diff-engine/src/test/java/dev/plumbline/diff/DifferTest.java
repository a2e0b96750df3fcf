package dev.plumbline.diff;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumbline.model.ContentHash;
import dev.plumbline.yaml.FieldPath;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;

class DifferTest {

    @Test
    void namesEveryChangedPath() {
        Map<String, Object> live = Map.of("spec", Map.of("path", "a", "mode", "0644", "ports", List.of(80L, 443L),
                "gone", true));
        Map<String, Object> desired = Map.of("spec", Map.of("path", "a", "mode", "0600", "ports", List.of(80L),
                "added", Map.of("x", 1L)));

        List<FieldChange> changes = Differ.diff(live, desired);

        assertThat(changes).containsExactlyInAnyOrder(
                FieldChange.changed(FieldPath.of("spec", "mode"), "0644", "0600"),
                FieldChange.removed(FieldPath.of("spec", "ports").index(1), 443L),
                FieldChange.removed(FieldPath.of("spec", "gone"), true),
                FieldChange.added(FieldPath.of("spec", "added"), Map.of("x", 1L)));
        assertThat(changes.stream().map(c -> c.path().toString()))
                .contains("spec.ports[1]", "spec.added");
    }

    @Test
    void aTypeChangeIsAChangeOfTheWholeValue() {
        assertThat(Differ.diff(Map.of("a", List.of(1L)), Map.of("a", Map.of("b", 1L))))
                .containsExactly(FieldChange.changed(FieldPath.of("a"), List.of(1L), Map.of("b", 1L)));
    }

    @RepeatedTest(200)
    void aTreeDoesNotDifferFromItselfAndHashesIgnoreKeyOrder(RepetitionInfo repetition) {
        Random random = new Random(repetition.getCurrentRepetition());
        Map<String, Object> tree = new LinkedHashMap<>();
        for (int i = random.nextInt(20); i > 0; i--) {
            String k = Long.toString(random.nextLong(), 36);
            tree.put(k, Map.of("v", random.nextLong(), "l", List.of(k, random.nextBoolean())));
        }
        Map<String, Object> reversed = new LinkedHashMap<>();
        List<String> keys = new java.util.ArrayList<>(tree.keySet());
        java.util.Collections.reverse(keys);
        keys.forEach(k -> reversed.put(k, tree.get(k)));

        assertThat(Differ.diff(tree, reversed)).isEmpty();
        assertThat(ContentHash.of(tree)).isEqualTo(ContentHash.of(reversed));
    }

    @Test
    void hashesDifferWhenValuesOrTypesDiffer() {
        assertThat(ContentHash.of(Map.of("a", 1L))).isNotEqualTo(ContentHash.of(Map.of("a", "1")));
        assertThat(ContentHash.of(Map.of("a", "x"))).isNotEqualTo(ContentHash.of(Map.of("a", "y")));
    }
}
