package dev.plumbline.model;

import dev.plumbline.problem.Location;
import dev.plumbline.yaml.FieldPath;
import java.io.ByteArrayOutputStream;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Where a resource and each of its fields were written: the manifest file and document start, and the
 * position of every value by path. A path without a position of its own falls back to its nearest parent.
 *
 * <p>An agent keeps the source map of every resource of every stack between runs, so it is held compactly:
 * the paths, in order, are a {@link KeyTable} that every resource with the same paths shares (the
 * {@link FieldPath}s themselves {@linkplain FieldPath#intern() interned}), and the positions in the origin's
 * file are a few bytes each: the line as a difference from the one before and the column, each as a
 * variable-length number.
 */
public final class SourceMap {

    private static final byte[] NONE = new byte[0];

    private final String file;
    private final int line;
    private final int column;
    private final KeyTable paths;
    /** The line (as a difference from the previous one, zig-zag coded) and column of each path, as varints. */
    private final byte[] positions;
    /** The positions that are not in the origin's file (none, as manifests are read), kept as they are. */
    private final Map<FieldPath, Location> elsewhere;

    public SourceMap(Location origin, Map<FieldPath, Location> positions) {
        Objects.requireNonNull(origin, "origin");
        this.file = origin.file();
        this.line = origin.line();
        this.column = origin.column();
        int inFile = 0;
        for (Location at : positions.values()) {
            if (Objects.requireNonNull(at, "position").file().equals(file)) {
                inFile++;
            }
        }
        FieldPath[] ordered = new FieldPath[inFile];
        ByteArrayOutputStream coded = new ByteArrayOutputStream(inFile * 2);
        Map<FieldPath, Location> other = new HashMap<>();
        int at = 0;
        int previous = 0;
        for (Map.Entry<FieldPath, Location> position : positions.entrySet()) {
            Location location = position.getValue();
            if (location.file().equals(file)) {
                ordered[at++] = position.getKey().intern();
                write(coded, zigzag(location.line() - previous));
                write(coded, location.column());
                previous = location.line();
            } else {
                other.put(position.getKey(), location);
            }
        }
        this.paths = KeyTable.of(ordered);
        this.positions = inFile == 0 ? NONE : coded.toByteArray();
        this.elsewhere = other.isEmpty() ? Map.of() : Map.copyOf(other);
    }

    public static SourceMap of(Location origin) {
        return new SourceMap(origin, Map.of());
    }

    public Location origin() {
        return Location.of(file, line, column);
    }

    /** Every position, by path. */
    public Map<FieldPath, Location> positions() {
        Map<FieldPath, Location> all = new LinkedHashMap<>();
        int[] cursor = {0, 0};
        for (int i = 0; i < paths.size(); i++) {
            all.put((FieldPath) paths.key(i), next(cursor));
        }
        all.putAll(elsewhere);
        return all;
    }

    public Location at(FieldPath path) {
        FieldPath current = path;
        while (true) {
            Location location = own(current);
            if (location != null) {
                return location;
            }
            if (current.isRoot()) {
                return origin();
            }
            current = current.parent();
        }
    }

    private Location own(FieldPath path) {
        int at = paths.find(path);
        if (at < 0) {
            return elsewhere.get(path);
        }
        int[] cursor = {0, 0};
        Location location = next(cursor);
        for (int i = 0; i < at; i++) {
            location = next(cursor);
        }
        return location;
    }

    /** The position coded at {@code cursor} ({byte offset, previous line}), moving the cursor past it. */
    private Location next(int[] cursor) {
        int lineNow = cursor[1] + unzigzag(read(cursor));
        int columnNow = read(cursor);
        cursor[1] = lineNow;
        return Location.of(file, lineNow, columnNow);
    }

    private int read(int[] cursor) {
        int value = 0;
        int shift = 0;
        while (true) {
            byte b = positions[cursor[0]++];
            value |= (b & 0x7f) << shift;
            if (b >= 0) {
                return value;
            }
            shift += 7;
        }
    }

    private static void write(ByteArrayOutputStream out, int value) {
        while ((value & ~0x7f) != 0) {
            out.write((value & 0x7f) | 0x80);
            value >>>= 7;
        }
        out.write(value);
    }

    private static int zigzag(int value) {
        return (value << 1) ^ (value >> 31);
    }

    private static int unzigzag(int value) {
        return (value >>> 1) ^ -(value & 1);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SourceMap map && map.origin().equals(origin()) && map.positions().equals(positions());
    }

    @Override
    public int hashCode() {
        return origin().hashCode() * 31 + positions().hashCode();
    }

    @Override
    public String toString() {
        return "SourceMap[origin=" + origin() + ", positions=" + positions() + "]";
    }
}
