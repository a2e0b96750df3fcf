package dev.plumbline.provider.postgres;

import dev.plumbline.provider.spec.SpecReader;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An {@code Extension} in one database. {@code spec.name} is the extension name ({@code pg_trgm},
 * {@code uuid-ossp}) and defaults to {@code metadata.name}; {@code spec.database} is required;
 * {@code schema} defaults to {@code public} and is always passed to {@code CREATE EXTENSION}, so the
 * result does not depend on a search_path. {@code version} is compared only when the manifest sets one;
 * without it the extension is created at its default version and later versions are left alone.
 */
record ExtensionSpec(String name, String database, String schema, Optional<String> version)
        implements ObjectSpec {

    private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9._-]+");

    ExtensionSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(version, "version");
    }

    static ExtensionSpec read(SpecReader spec) {
        spec.knownKeys(PostgresKind.EXTENSION.specKeys());
        String name = SchemaSpec.objectName(spec);
        String database = SpecNames.requiredName(spec, "database", "the database to install the extension in")
                .orElse("");
        if (spec.raw("version") instanceof Number number) {
            spec.problem(SpecReader.at("version"), "spec.version of " + spec.who() + " was read as the number "
                    + number + "; quote it so it stays as written, like version: \"" + number + "\"");
        }
        Optional<String> version = spec.raw("version") instanceof Number ? Optional.empty()
                : spec.get(spec.string("version").filter(text -> VERSION.matcher(text).matches(),
                        text -> "spec.version of " + spec.who() + " is not a version: write it as the extension"
                                + " spells it, like \"1.6\""));
        return new ExtensionSpec(name, database, SpecNames.name(spec, "schema").orElse("public"), version);
    }

    /** The live extension as a manifest like {@code desired} would show it: a version only when it names one. */
    ExtensionSpec shapedLike(ExtensionSpec desired) {
        return new ExtensionSpec(name, database, schema, desired.version.isPresent() ? version : Optional.empty());
    }

    @Override
    public ObjectId id() {
        return new ObjectId(PostgresKind.EXTENSION, database, name);
    }

    @Override
    public Map<String, Object> specMap() {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("name", name);
        spec.put("database", database);
        spec.put("schema", schema);
        version.ifPresent(value -> spec.put("version", value));
        return spec;
    }
}
