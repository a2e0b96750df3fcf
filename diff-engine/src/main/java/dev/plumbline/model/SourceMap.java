package dev.plumbline.model;

import dev.plumbline.problem.Location;
import dev.plumbline.yaml.FieldPath;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Where a resource and each of its fields were written: the manifest file and document start, and the
 * position of every value by path. A path without a position of its own falls back to its nearest parent.
 *
 * <p>An agent keeps the source map of every resource of every stack between runs, so it is held compactly:
 * the paths are {@linkplain FieldPath#intern() shared} between resources, and the positions in one file
 * are two numbers each.
 */
public final class SourceMap {

    private static final int SCAN = 16;

    private final Location origin;
    private final FieldPath[] paths;
    private final int[] lines;
    private final int[] columns;
    /** The positions that are not in the origin's file (none, as manifests are read), kept as they are. */
    private final Map<FieldPath, Location> elsewhere;
    private final Map<FieldPath, Integer> index;

    public SourceMap(Location origin, Map<FieldPath, Location> positions) {
        this.origin = Objects.requireNonNull(origin, "origin");
        int inFile = (int) positions.values().stream().filter(at -> at.file().equals(origin.file())).count();
        paths = new FieldPath[inFile];
        lines = new int[inFile];
        columns = new int[inFile];
        Map<FieldPath, Location> other = new HashMap<>();
        int at = 0;
        for (Map.Entry<FieldPath, Location> position : positions.entrySet()) {
            Location location = Objects.requireNonNull(position.getValue(), "position");
            if (location.file().equals(origin.file())) {
                paths[at] = position.getKey().intern();
                lines[at] = location.line();
                columns[at++] = location.column();
            } else {
                other.put(position.getKey(), location);
            }
        }
        elsewhere = other.isEmpty() ? Map.of() : Map.copyOf(other);
        if (paths.length > SCAN) {
            index = new HashMap<>(paths.length * 4 / 3 + 1);
            for (int i = 0; i < paths.length; i++) {
                index.put(paths[i], i);
            }
        } else {
            index = null;
        }
    }

    public static SourceMap of(Location origin) {
        return new SourceMap(origin, Map.of());
    }

    public Location origin() {
        return origin;
    }

    /** Every position, by path. */
    public Map<FieldPath, Location> positions() {
        Map<FieldPath, Location> positions = new LinkedHashMap<>();
        for (int i = 0; i < paths.length; i++) {
            positions.put(paths[i], Location.of(origin.file(), lines[i], columns[i]));
        }
        positions.putAll(elsewhere);
        return positions;
    }

    public Location at(FieldPath path) {
        FieldPath current = path;
        while (true) {
            Location location = own(current);
            if (location != null) {
                return location;
            }
            if (current.isRoot()) {
                return origin;
            }
            current = current.parent();
        }
    }

    private Location own(FieldPath path) {
        int at = -1;
        if (index != null) {
            at = index.getOrDefault(path, -1);
        } else {
            for (int i = 0; i < paths.length && at < 0; i++) {
                if (paths[i].equals(path)) {
                    at = i;
                }
            }
        }
        return at >= 0 ? Location.of(origin.file(), lines[at], columns[at]) : elsewhere.get(path);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SourceMap map && map.origin.equals(origin) && map.positions().equals(positions());
    }

    @Override
    public int hashCode() {
        return origin.hashCode() * 31 + positions().hashCode();
    }

    @Override
    public String toString() {
        return "SourceMap[origin=" + origin + ", positions=" + positions() + "]";
    }
}
