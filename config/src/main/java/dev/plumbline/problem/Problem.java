package dev.plumbline.problem;

import java.util.Objects;

/**
 * A problem in something a person wrote (config, manifest, request), with the place it was found and a
 * sentence that says what to do. Printed as {@code file:line:col: message}.
 */
public record Problem(Location location, String message) {

    public Problem {
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(message, "message");
    }

    public static Problem at(Location location, String message) {
        return new Problem(location, message);
    }

    @Override
    public String toString() {
        return location + ": " + message;
    }
}
