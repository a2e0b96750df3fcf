package dev.plumbline.provider.postgres;

import dev.plumbline.model.SecretValue;
import dev.plumbline.provider.spec.SpecReader;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A {@code Role}: {@code metadata.name} is the role name. Defaults are PostgreSQL's own for
 * {@code CREATE ROLE}: no login, superuser, createdb, createrole, replication or bypassRls, inherit on,
 * no connection limit (-1), no expiry. {@code validUntil} is an instant ({@code 2030-01-01T00:00:00Z}) or
 * a date (midnight UTC); {@code infinity} or no value means it never expires. {@code memberOf} lists the
 * roles this one is a member of, sorted; it is the whole list, so memberships not listed are revoked.
 * {@code password} can only be a secret reference; it is in the state only when the manifest sets one,
 * so a role without one in Git keeps whatever password it has.
 */
record RoleSpec(String name, boolean login, boolean superuser, boolean createdb, boolean createrole,
                boolean inherit, boolean replication, boolean bypassRls, long connectionLimit,
                Optional<String> validUntil, List<String> memberOf, Optional<SecretValue> password)
        implements ObjectSpec {

    /** Names PostgreSQL keeps for itself or reads as keywords where a role is expected. */
    private static final Set<String> RESERVED = Set.of("public", "none", "current_user", "session_user",
            "current_role");

    RoleSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(validUntil, "validUntil");
        memberOf = memberOf.stream().sorted().toList();
        Objects.requireNonNull(password, "password");
    }

    static RoleSpec read(SpecReader spec) {
        spec.knownKeys(PostgresKind.ROLE.specKeys());
        String name = spec.resource().name();
        if (name.startsWith("pg_") || RESERVED.contains(name)) {
            spec.problem(dev.plumbline.yaml.FieldPath.of("metadata", "name"), spec.who() + ": the role name '"
                    + name + "' is reserved by PostgreSQL; choose another name");
        }
        List<String> memberOf = SpecNames.names(spec, "memberOf");
        if (memberOf.contains(name)) {
            spec.problem(SpecReader.at("memberOf"), spec.who() + " cannot be a member of itself");
        }
        return new RoleSpec(name, flag(spec, "login", false), flag(spec, "superuser", false),
                flag(spec, "createdb", false), flag(spec, "createrole", false), flag(spec, "inherit", true),
                flag(spec, "replication", false), flag(spec, "bypassRls", false),
                spec.get(spec.integer("connectionLimit", -1), -1L), validUntil(spec), memberOf, password(spec));
    }

    private static boolean flag(SpecReader spec, String key, boolean fallback) {
        return spec.get(spec.bool(key), fallback);
    }

    private static Optional<String> validUntil(SpecReader spec) {
        Object value = spec.raw("validUntil");
        if (value == null) {
            return Optional.empty();
        }
        String text = String.valueOf(value).trim();
        if (text.equals("infinity")) {
            return Optional.empty();
        }
        try {
            return Optional.of(instant(text));
        } catch (DateTimeParseException e) {
            spec.problem(SpecReader.at("validUntil"), "spec.validUntil of " + spec.who() + " must be an instant"
                    + " like 2030-01-01T00:00:00Z, a date like 2030-01-01, or infinity; not "
                    + SpecReader.describe(value));
            return Optional.empty();
        }
    }

    /** The normal text of a point in time: UTC, to the microsecond PostgreSQL keeps. */
    static String instant(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS).toString();
    }

    private static String instant(String text) {
        if (text.length() == 10) {
            return instant(LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant());
        }
        return instant(OffsetDateTime.parse(text).toInstant());
    }

    private static Optional<SecretValue> password(SpecReader spec) {
        Object value = spec.raw("password");
        if (value == null) {
            return Optional.empty();
        }
        if (value instanceof SecretValue secret) {
            return Optional.of(secret);
        }
        // the value itself is never repeated: it may well be the password
        spec.problem(SpecReader.at("password"), "spec.password of " + spec.who() + " must be a secret"
                + " reference, not a value written into the manifest: write password: ${secret:env:NAME} or"
                + " ${secret:file:PATH}, so that the password stays out of Git");
        return Optional.empty();
    }

    /** The same role with {@code password} as the state shows it (or without one). */
    RoleSpec withPassword(Optional<SecretValue> shown) {
        return new RoleSpec(name, login, superuser, createdb, createrole, inherit, replication, bypassRls,
                connectionLimit, validUntil, memberOf, shown);
    }

    @Override
    public ObjectId id() {
        return ObjectId.role(name);
    }

    @Override
    public Map<String, Object> specMap() {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("login", login);
        spec.put("superuser", superuser);
        spec.put("createdb", createdb);
        spec.put("createrole", createrole);
        spec.put("inherit", inherit);
        spec.put("replication", replication);
        spec.put("bypassRls", bypassRls);
        spec.put("connectionLimit", connectionLimit);
        validUntil.ifPresent(until -> spec.put("validUntil", until));
        spec.put("memberOf", memberOf);
        password.ifPresent(secret -> spec.put("password", secret));
        return spec;
    }
}
