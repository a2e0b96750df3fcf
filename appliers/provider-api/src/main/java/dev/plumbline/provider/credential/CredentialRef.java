package dev.plumbline.provider.credential;

import dev.plumbline.problem.Reasons;
import dev.plumbline.config.ProviderConfig;
import dev.plumbline.config.SecretRef;
import dev.plumbline.config.Settings;
import dev.plumbline.problem.Problem;
import dev.plumbline.problem.TransientException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Where a provider's own credential (the password of its connection, say) comes from: a {@link SecretRef}
 * of the config (an environment variable of the environment the agent hands to
 * {@link dev.plumbline.provider.ProviderFactory#create}, or a file whose content is taken with surrounding
 * whitespace stripped), nothing (the target does not ask for one), or a value handed in by code that embeds
 * the provider. It is read each time it is needed ({@link #resolve}), so a rotated file is picked up, and it
 * is never kept, logged or printed: {@link #toString()} says where it comes from only.
 */
public final class CredentialRef {

    /** The reason of a credential that cannot be read now. */
    public static final String UNAVAILABLE = Reasons.SECRET_UNAVAILABLE;

    private static final CredentialRef NONE = new CredentialRef(Optional.empty(), "", name -> null, Optional.empty());

    private final Optional<SecretRef> reference;
    private final String purpose;
    private final Function<String, String> environment;
    private final Optional<String> given;

    private CredentialRef(Optional<SecretRef> reference, String purpose, Function<String, String> environment,
                          Optional<String> given) {
        this.reference = reference;
        this.purpose = purpose;
        this.environment = environment;
        this.given = given;
    }

    /** No credential: the target trusts the connection (trust, peer or certificate authentication). */
    public static CredentialRef none() {
        return NONE;
    }

    /** A credential the embedding code already holds (tests, tools). */
    public static CredentialRef given(String value) {
        return new CredentialRef(Optional.empty(), "", name -> null,
                Optional.of(Objects.requireNonNull(value, "value")));
    }

    /**
     * The credential {@code reference} names, read from {@code environment} (for a variable) or the disk (for a
     * file); {@code purpose} names it in messages, like {@code the PostgreSQL password}.
     */
    public static CredentialRef of(SecretRef reference, String purpose, Function<String, String> environment) {
        return new CredentialRef(Optional.of(Objects.requireNonNull(reference, "reference")),
                Objects.requireNonNull(purpose, "purpose"), Objects.requireNonNull(environment, "environment"),
                Optional.empty());
    }

    /**
     * The credential a provider's settings name with {@code envKey} (a variable) or {@code fileKey} (a path,
     * relative to the config file's directory), at most one of them; neither is {@link #none()}. Both is a
     * problem at {@code fileKey}'s line, reported into {@code problems}.
     */
    public static CredentialRef fromSettings(ProviderConfig config, String envKey, String fileKey, String purpose,
                                             Function<String, String> environment, List<Problem> problems) {
        Settings settings = config.settings();
        Optional<String> env = settings.string(envKey, problems).filter(text -> !text.isBlank());
        Optional<String> file = settings.string(fileKey, problems).filter(text -> !text.isBlank());
        if (env.isPresent() && file.isPresent()) {
            problems.add(Problem.at(settings.location(fileKey), "provider '" + config.name() + "' has both "
                    + envKey + " and " + fileKey + "; keep one of them"));
            return none();
        }
        if (env.isPresent()) {
            return of(SecretRef.env(env.get(), settings.location(envKey)), purpose, environment);
        }
        return file.map(path -> of(SecretRef.file(settings.baseDir().resolve(path).normalize(),
                settings.location(fileKey)), purpose, environment)).orElse(none());
    }

    /** The reference of the config this credential is read through, if it is one. */
    public Optional<SecretRef> reference() {
        return reference;
    }

    /**
     * The credential now, or empty for {@link #none()}.
     *
     * @throws TransientException with reason {@value #UNAVAILABLE} when the variable is unset or the file
     *     unreadable or empty (either may appear later)
     */
    public Optional<String> resolve() {
        if (given.isPresent() || reference.isEmpty()) {
            return given;
        }
        SecretRef ref = reference.get();
        if (ref.kind() == SecretRef.Kind.ENV) {
            String value = environment.apply(ref.name());
            if (value == null || value.isEmpty()) {
                throw new TransientException(UNAVAILABLE, purpose + " in environment variable " + ref.name()
                        + " is not set for the agent");
            }
            return Optional.of(value);
        }
        String value;
        try {
            value = Files.readString(Path.of(ref.name()), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new TransientException(UNAVAILABLE, purpose + " file " + ref.name() + " cannot be read ("
                    + e.getClass().getSimpleName() + ")");
        }
        if (value.isEmpty()) {
            throw new TransientException(UNAVAILABLE, purpose + " file " + ref.name() + " is empty");
        }
        return Optional.of(value);
    }

    /** Where the credential comes from, for messages: {@code env PG_PASSWORD}, {@code file /run/pg}. */
    @Override
    public String toString() {
        if (given.isPresent()) {
            return "a credential given in code";
        }
        return reference.map(SecretRef::describe).orElse("no credential");
    }
}
