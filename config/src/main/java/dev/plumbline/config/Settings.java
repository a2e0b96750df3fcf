package dev.plumbline.config;

import dev.plumbline.problem.Location;
import dev.plumbline.problem.Problem;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The type-specific settings of a provider, as plain values with the position of each, so that the
 * provider that reads them can report a wrong or missing one at its line. Relative paths resolve against
 * {@code baseDir}, the config file's directory.
 */
public final class Settings {

    private final String where;
    private final Map<String, Object> values;
    private final Map<String, Location> locations;
    private final Location location;
    private final Path baseDir;

    public Settings(String where, Map<String, Object> values, Map<String, Location> locations, Location location,
                    Path baseDir) {
        this.where = Objects.requireNonNull(where, "where");
        this.values = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(values));
        this.locations = Map.copyOf(locations);
        this.location = Objects.requireNonNull(location, "location");
        this.baseDir = Objects.requireNonNull(baseDir, "baseDir");
    }

    public Map<String, Object> values() {
        return values;
    }

    public Location location(String key) {
        return locations.getOrDefault(key, location);
    }

    public Path baseDir() {
        return baseDir;
    }

    public Optional<String> string(String key, List<Problem> problems) {
        Object value = values.get(key);
        if (value == null) {
            return Optional.empty();
        }
        if (value instanceof Map || value instanceof List) {
            problems.add(Problem.at(location(key), "'" + key + "' in " + where + " must be a single value"));
            return Optional.empty();
        }
        return Optional.of(String.valueOf(value));
    }

    public Optional<String> requiredString(String key, List<Problem> problems) {
        Optional<String> value = string(key, problems).filter(text -> !text.isBlank());
        if (value.isEmpty() && !(values.get(key) instanceof Map || values.get(key) instanceof List)) {
            problems.add(Problem.at(location(key), where + " needs '" + key + "'"));
        }
        return value;
    }

    /** A path setting, resolved against the config file's directory when relative. */
    public Optional<Path> requiredPath(String key, List<Problem> problems) {
        return requiredString(key, problems).map(text -> baseDir.resolve(text).normalize());
    }

    /** Reports every key that is not one of {@code known}. */
    public void checkKnown(Set<String> known, List<Problem> problems) {
        List<String> unknown = new ArrayList<>();
        for (String key : values.keySet()) {
            if (!known.contains(key)) {
                unknown.add(key);
            }
        }
        for (String key : unknown) {
            problems.add(Problem.at(location(key), "unknown key '" + key + "' in " + where
                    + " (known keys: name, type, " + String.join(", ", new TreeSet<>(known)) + ")"));
        }
    }
}
