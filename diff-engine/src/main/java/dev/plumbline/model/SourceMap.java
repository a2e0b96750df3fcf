package dev.plumbline.model;

import dev.plumbline.problem.Location;
import dev.plumbline.yaml.FieldPath;
import java.util.Map;
import java.util.Objects;

/**
 * Where a resource and each of its fields were written: the manifest file and document start, and the
 * position of every value by path. A path without a position of its own falls back to its nearest parent.
 */
public record SourceMap(Location origin, Map<FieldPath, Location> positions) {

    public SourceMap {
        Objects.requireNonNull(origin, "origin");
        positions = Map.copyOf(positions);
    }

    public static SourceMap of(Location origin) {
        return new SourceMap(origin, Map.of());
    }

    public Location at(FieldPath path) {
        FieldPath current = path;
        while (true) {
            Location location = positions.get(current);
            if (location != null) {
                return location;
            }
            if (current.isRoot()) {
                return origin;
            }
            current = current.parent();
        }
    }
}
