package dev.plumbline.config;

import dev.plumbline.problem.Location;
import dev.plumbline.problem.Problem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a credential of the agent itself (an admin token, a webhook secret) is kept: an environment
 * variable or a file. The config holds only the reference; the value is read when the agent starts, and a
 * missing one is a problem at the reference's line. A file's content is trimmed of surrounding whitespace.
 */
public record SecretRef(Kind kind, String name, Location location) {

    public enum Kind { ENV, FILE }

    public SecretRef {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(location, "location");
    }

    public static SecretRef env(String variable, Location location) {
        return new SecretRef(Kind.ENV, variable, location);
    }

    public static SecretRef file(Path path, Location location) {
        return new SecretRef(Kind.FILE, path.toString(), location);
    }

    /** The value, or empty with a problem recorded when the variable is unset or the file unreadable or empty. */
    public Optional<byte[]> resolve(Map<String, String> environment, List<Problem> problems) {
        String value;
        if (kind == Kind.ENV) {
            value = environment.get(name);
            if (value == null || value.isEmpty()) {
                problems.add(Problem.at(location, "environment variable " + name + (value == null ? " is not set"
                        : " is empty")));
                return Optional.empty();
            }
        } else {
            try {
                value = Files.readString(Path.of(name), StandardCharsets.UTF_8).strip();
            } catch (IOException e) {
                problems.add(Problem.at(location, "cannot read " + name + ": " + Unreadable.why(e)));
                return Optional.empty();
            }
            if (value.isEmpty()) {
                problems.add(Problem.at(location, name + " is empty"));
                return Optional.empty();
            }
        }
        return Optional.of(value.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * As {@link #resolve(Map, List)}, each problem starting with what the secret is for, like
     * {@code admin token 'dash': environment variable DASH_TOKEN is not set}.
     */
    public Optional<byte[]> resolve(Map<String, String> environment, String what, List<Problem> problems) {
        List<Problem> found = new ArrayList<>();
        Optional<byte[]> value = resolve(environment, found);
        found.forEach(problem -> problems.add(Problem.at(problem.location(), what + ": " + problem.message())));
        return value;
    }

    /** How the config spelt it, for messages: {@code env DASH_TOKEN} or {@code file /etc/plumbline/token}. */
    public String describe() {
        return (kind == Kind.ENV ? "env " : "file ") + name;
    }
}
