package dev.plumbline.provider.postgres;

import dev.plumbline.problem.TransientException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Where the password of the provider's own connection comes from: an environment variable, a file (its
 * content with surrounding whitespace stripped), nothing (trust or peer authentication), or a value handed
 * in by code that embeds the provider. It is read each time a connection is opened, so a rotated file is
 * picked up, and it is never kept, logged or printed: {@link #toString()} says where it comes from only.
 */
public final class PasswordSource {

    private enum Kind { NONE, ENV, FILE, VALUE }

    private final Kind kind;
    private final String name;
    private final Function<String, String> environment;

    private PasswordSource(Kind kind, String name, Function<String, String> environment) {
        this.kind = kind;
        this.name = name;
        this.environment = environment;
    }

    /** No password: the server trusts the connection (trust, peer or certificate authentication). */
    public static PasswordSource none() {
        return new PasswordSource(Kind.NONE, "", name -> null);
    }

    /** The environment variable {@code variable} of this process. */
    public static PasswordSource env(String variable) {
        return env(variable, System::getenv);
    }

    /** The variable {@code variable} of {@code environment} (tests hand in their own). */
    public static PasswordSource env(String variable, Function<String, String> environment) {
        return new PasswordSource(Kind.ENV, Objects.requireNonNull(variable, "variable"), environment);
    }

    public static PasswordSource file(Path path) {
        return new PasswordSource(Kind.FILE, path.toString(), name -> null);
    }

    /** A password the embedding code already holds (tests, tools). */
    public static PasswordSource value(String password) {
        Objects.requireNonNull(password, "password");
        return new PasswordSource(Kind.VALUE, "", name -> password);
    }

    /**
     * The password now, or empty for {@link #none()}.
     *
     * @throws TransientException with reason {@code SecretUnavailable} when the variable is unset or the file
     *     unreadable or empty (either may appear later)
     */
    Optional<String> resolve() {
        return switch (kind) {
            case NONE -> Optional.empty();
            case VALUE -> Optional.of(environment.apply(""));
            case ENV -> {
                String value = environment.apply(name);
                if (value == null || value.isEmpty()) {
                    throw new TransientException("SecretUnavailable", "the PostgreSQL password in environment"
                            + " variable " + name + " is not set for the agent");
                }
                yield Optional.of(value);
            }
            case FILE -> {
                String value;
                try {
                    value = Files.readString(Path.of(name), StandardCharsets.UTF_8).strip();
                } catch (IOException e) {
                    throw new TransientException("SecretUnavailable", "the PostgreSQL password file " + name
                            + " cannot be read (" + e.getClass().getSimpleName() + ")");
                }
                if (value.isEmpty()) {
                    throw new TransientException("SecretUnavailable", "the PostgreSQL password file " + name
                            + " is empty");
                }
                yield Optional.of(value);
            }
        };
    }

    /** Where the password comes from, for messages: {@code env PG_PASSWORD}, {@code file /run/pg}. */
    @Override
    public String toString() {
        return switch (kind) {
            case NONE -> "no password";
            case ENV -> "env " + name;
            case FILE -> "file " + name;
            case VALUE -> "a password given in code";
        };
    }
}
