package dev.plumbline.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Frozen mappings behave as the ordered, null-allowing, unmodifiable maps they stand in for. */
class FrozenMapTest {

    @Test
    void keepsOrderAllowsNullValuesAndEqualsOtherMapsWithTheSameEntries() {
        Map<String, Object> source = new LinkedHashMap<>();
        source.put("z", 1L);
        source.put("a", null);
        source.put("m", Map.of("x", List.of("y")));

        Map<String, Object> frozen = Values.freezeMap(source);

        assertThat(frozen.keySet()).containsExactly("z", "a", "m").contains("a").doesNotContain("b");
        assertThat(frozen.values()).containsExactly(1L, null, Map.of("x", List.of("y")));
        assertThatThrownBy(() -> frozen.keySet().iterator().remove()).isInstanceOf(RuntimeException.class);
        assertThatThrownBy(() -> frozen.values().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThat(frozen).containsEntry("a", null).containsKey("a").doesNotContainKey("b");
        assertThat(frozen.get("b")).isNull();
        assertThat(frozen).isEqualTo(source).hasSameHashCodeAs(source);
        assertThat(new HashMap<>(source)).isEqualTo(frozen);
        assertThat(frozen.toString()).isEqualTo(source.toString());
        assertThat(Values.freeze(frozen)).as("frozen once").isSameAs(frozen);
        assertThatThrownBy(() -> frozen.put("b", 1)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> Values.map(frozen.get("m")).put("b", 1))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> frozen.entrySet().iterator().next().setValue(2))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void aLargeMappingIsFoundByIndexAndKeysThatPrintAlikeMerge() {
        Map<String, Object> source = new LinkedHashMap<>();
        for (int i = 0; i < 100; i++) {
            source.put("k" + i, i);
        }
        Map<String, Object> frozen = Values.freezeMap(source);
        assertThat(frozen.get("k73")).isEqualTo(73L);
        assertThat(frozen).hasSize(100).isEqualTo(Values.freezeMap(new HashMap<>(source)));

        Map<Object, Object> mixed = new LinkedHashMap<>();
        mixed.put(1, "number");
        mixed.put("1", "text");
        assertThat(Values.freeze(mixed)).isEqualTo(Map.of("1", "text"));
    }

    @Test
    void comparesAsAnyMapDoesWithNullValuesAndMissingKeysApartAndCannotBeChanged() {
        Map<String, Object> withNull = new LinkedHashMap<>();
        withNull.put("a", null);
        withNull.put("b", "x");
        Map<String, Object> withOther = new LinkedHashMap<>();
        withOther.put("c", null);
        withOther.put("b", "x");
        Map<String, Object> frozen = Values.freezeMap(withNull);

        assertThat(frozen).isEqualTo(withNull).isNotEqualTo(withOther).isNotEqualTo(Map.of("b", "x"));
        assertThat(frozen).isNotEqualTo(Values.freezeMap(withOther)).isNotEqualTo(List.of());
        assertThat(Values.freezeMap(Map.of("k", 1L))).isEqualTo(Values.freezeMap(Map.of("k", 1L)))
                .isNotEqualTo(Values.freezeMap(Map.of("k", 2L))).isNotEqualTo(Map.of(1, 1L));
        assertThat(frozen.containsValue("x")).isTrue();
        assertThat(frozen.containsValue(null)).isTrue();
        assertThat(frozen.containsValue("y")).isFalse();
        assertThat(frozen.isEmpty()).isFalse();
        assertThat(Values.freezeMap(Map.of())).isEmpty();
        assertThat(frozen.hashCode()).isEqualTo(withNull.hashCode());
        assertThat(frozen.toString()).isEqualTo("{a=null, b=x}");
        assertThatThrownBy(() -> frozen.remove("a")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(frozen::clear).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> frozen.putAll(Map.of("c", 1))).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> frozen.merge("b", "y", (one, other) -> one))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThat(frozen).as("unchanged").isEqualTo(withNull);
    }
}
