package dev.plumbline.provider.postgres;

import dev.plumbline.provider.spec.SpecReader;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A {@code Database}: {@code metadata.name} is the database name. {@code owner} defaults to the user the
 * provider connects as (the owner {@code CREATE DATABASE} gives); {@code connectionLimit} to -1 (none);
 * {@code allowConnections} to true. {@code encoding} is compared only when the manifest sets one (it is
 * spelt as PostgreSQL shows it: {@code utf-8} and {@code unicode} become {@code UTF8}); it cannot change
 * once the database exists. {@code dropWithConnections} (default false) is what prune does with a database
 * that still has sessions: false leaves it, true ends them and drops it. It is not a property of the
 * database, so the provider keeps it in the database's provenance comment, where prune reads it.
 */
record DatabaseSpec(String name, String owner, Optional<String> encoding, long connectionLimit,
                    boolean allowConnections, boolean dropWithConnections) implements ObjectSpec {

    private static final Pattern ENCODING = Pattern.compile("[A-Za-z0-9_-]+");

    DatabaseSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(encoding, "encoding");
    }

    static DatabaseSpec read(SpecReader spec, String defaultOwner) {
        spec.knownKeys(PostgresKind.DATABASE.specKeys());
        Optional<String> encoding = spec.get(spec.string("encoding")
                .filter(text -> ENCODING.matcher(text).matches(), text -> "spec.encoding of " + spec.who()
                        + " is not an encoding name: write one like UTF8, LATIN1 or WIN1252")
                .map(DatabaseSpec::encodingName));
        return new DatabaseSpec(spec.resource().name(), SpecNames.name(spec, "owner").orElse(defaultOwner), encoding,
                spec.get(spec.integer("connectionLimit", -1), -1L), spec.get(spec.bool("allowConnections"), true),
                spec.get(spec.bool("dropWithConnections"), false));
    }

    /** An encoding as {@code pg_encoding_to_char} spells it. */
    static String encodingName(String written) {
        String name = written.toUpperCase(Locale.ROOT).replace("-", "");
        return name.equals("UNICODE") ? "UTF8" : name;
    }

    /** The live database as a manifest like {@code desired} would show it: encoding only when it names one. */
    DatabaseSpec shapedLike(DatabaseSpec desired) {
        return new DatabaseSpec(name, owner, desired.encoding.isPresent() ? encoding : Optional.empty(),
                connectionLimit, allowConnections, dropWithConnections);
    }

    @Override
    public ObjectId id() {
        return ObjectId.database(name);
    }

    @Override
    public Map<String, Object> specMap() {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("owner", owner);
        encoding.ifPresent(value -> spec.put("encoding", value));
        spec.put("connectionLimit", connectionLimit);
        spec.put("allowConnections", allowConnections);
        spec.put("dropWithConnections", dropWithConnections);
        return spec;
    }
}
