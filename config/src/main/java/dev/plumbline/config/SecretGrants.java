package dev.plumbline.config;

import dev.plumbline.problem.Location;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What manifests may read as secrets, granted by the operator in the agent config's {@code secrets:}
 * section; a committer can reference nothing else. {@code fileRoots}: directories (absolute, normalised)
 * below which {@code ${secret:file:...}} may read, links included only when they stay below. {@code env}:
 * environment variable names {@code ${secret:env:...}} may read, each exact or a prefix ending in
 * {@code *}. Nothing granted (the default): every secret reference is an error.
 */
public record SecretGrants(List<Path> fileRoots, List<String> env, Location location) {

    /** An {@code env} entry: a variable name, or a prefix of one ending in {@code *}. */
    public static final String ENV_PATTERN = "[A-Za-z_][A-Za-z0-9_]*\\*?";

    public SecretGrants {
        fileRoots = List.copyOf(fileRoots);
        env = List.copyOf(env);
        Objects.requireNonNull(location, "location");
    }

    /** Nothing granted. */
    public static SecretGrants none(Location location) {
        return new SecretGrants(List.of(), List.of(), location);
    }

    /** Whether {@code ${secret:env:NAME}} may be read. */
    public boolean grantsEnv(String name) {
        return env.stream().anyMatch(entry -> entry.endsWith("*")
                ? name.startsWith(entry.substring(0, entry.length() - 1)) : name.equals(entry));
    }

    /** Whether {@code file} (absolute and normalised) lies below a granted root, by its name alone. */
    public boolean grantsFile(Path file) {
        return fileRoots.stream().anyMatch(root -> file.startsWith(root) && !file.equals(root));
    }
}
