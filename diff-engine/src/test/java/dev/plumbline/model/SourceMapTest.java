package dev.plumbline.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plumbline.problem.Location;
import dev.plumbline.yaml.FieldPath;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A source map gives back every position it was made of, in order, and falls back to a path's parents. */
class SourceMapTest {

    private static final String FILE = "stacks/web/site.yaml";

    @Test
    void keepsEveryPositionInOrderWhateverTheirLinesAndColumns() {
        Map<FieldPath, Location> positions = new LinkedHashMap<>();
        positions.put(FieldPath.of("spec"), Location.of(FILE, 7, 1));
        positions.put(FieldPath.of("apiVersion"), Location.of(FILE, 1, 13)); // a line before the one before
        positions.put(FieldPath.of("spec", "content"), Location.of(FILE, 9, 200));
        positions.put(FieldPath.of("spec", "big"), Location.of(FILE, 3_000_000, 70_000));
        positions.put(FieldPath.of("spec", "zero"), Location.of(FILE, 0, 0));
        positions.put(FieldPath.of("metadata"), Location.of("other.yaml", 4, 2)); // not in the origin's file

        SourceMap map = new SourceMap(Location.of(FILE, 1, 1), positions);

        assertThat(map.positions()).containsExactlyInAnyOrderEntriesOf(positions);
        assertThat(map.positions().keySet()).startsWith(FieldPath.of("spec"), FieldPath.of("apiVersion"),
                FieldPath.of("spec", "content"), FieldPath.of("spec", "big"), FieldPath.of("spec", "zero"));
        assertThat(map.origin()).isEqualTo(Location.of(FILE, 1, 1));
        assertThat(map.at(FieldPath.of("spec", "big"))).isEqualTo(Location.of(FILE, 3_000_000, 70_000));
        assertThat(map.at(FieldPath.of("metadata"))).isEqualTo(Location.of("other.yaml", 4, 2));
    }

    @Test
    void aPathWithoutAPositionOfItsOwnFallsBackToItsNearestParentThenTheOrigin() {
        Map<FieldPath, Location> positions = new LinkedHashMap<>();
        positions.put(FieldPath.of("spec"), Location.of(FILE, 5, 1));
        positions.put(FieldPath.of("spec", "mode"), Location.of(FILE, 8, 9));
        SourceMap map = new SourceMap(Location.of(FILE, 2, 1), positions);

        assertThat(map.at(FieldPath.of("spec", "mode"))).isEqualTo(Location.of(FILE, 8, 9));
        assertThat(map.at(FieldPath.of("spec", "path"))).isEqualTo(Location.of(FILE, 5, 1));
        assertThat(map.at(FieldPath.of("spec").index(3).key("x"))).isEqualTo(Location.of(FILE, 5, 1));
        assertThat(map.at(FieldPath.of("kind"))).isEqualTo(Location.of(FILE, 2, 1));
        assertThat(SourceMap.of(Location.of(FILE, 3, 1)).at(FieldPath.of("spec"))).isEqualTo(Location.of(FILE, 3, 1));
    }

    @Test
    void mapsOfTheSamePositionsAreEqualAndTheirPositionsCannotBeChangedThroughThem() {
        Map<FieldPath, Location> positions = new LinkedHashMap<>();
        for (int i = 0; i < 40; i++) {
            positions.put(FieldPath.of("spec", "k" + i), Location.of(FILE, 10 + i, 3));
        }
        SourceMap one = new SourceMap(Location.of(FILE, 1, 1), positions);
        SourceMap other = new SourceMap(Location.of(FILE, 1, 1), new LinkedHashMap<>(positions));

        assertThat(one).isEqualTo(other).hasSameHashCodeAs(other);
        assertThat(one).isNotEqualTo(new SourceMap(Location.of(FILE, 2, 1), positions));
        assertThat(one.at(FieldPath.of("spec", "k33"))).isEqualTo(Location.of(FILE, 43, 3));
        one.positions().clear();
        positions.clear();
        assertThat(one.positions()).hasSize(40).isEqualTo(other.positions());
        assertThat(one.toString()).contains(FILE + ":1:1", "spec.k0");
    }

    @Test
    void aMissingPositionIsRefused() {
        Map<FieldPath, Location> positions = new LinkedHashMap<>();
        positions.put(FieldPath.of("spec"), null);
        assertThatThrownBy(() -> new SourceMap(Location.of(FILE, 1, 1), positions))
                .isInstanceOf(NullPointerException.class);
    }
}
