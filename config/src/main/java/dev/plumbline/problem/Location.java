package dev.plumbline.problem;

import java.util.Objects;

/**
 * Where something a person wrote lives: a file (as the person knows it) and a 1-based line and column.
 * A line of 0 means "the file as a whole".
 */
public record Location(String file, int line, int column) {

    public Location {
        Objects.requireNonNull(file, "file");
        if (line < 0 || column < 0) {
            throw new IllegalArgumentException("line and column are 1-based, or 0 for unknown");
        }
    }

    public static Location of(String file, int line, int column) {
        return new Location(file, line, column);
    }

    /** The file as a whole, when no line can be named. */
    public static Location file(String file) {
        return new Location(file, 0, 0);
    }

    /** {@code file:line:column}, a control character in the file's name shown escaped (it cannot forge a line). */
    @Override
    public String toString() {
        String shown = ControlCharacters.shown(file);
        if (line == 0) {
            return shown;
        }
        return shown + ":" + line + ":" + column;
    }
}
