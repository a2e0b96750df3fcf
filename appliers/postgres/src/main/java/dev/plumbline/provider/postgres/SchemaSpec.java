package dev.plumbline.provider.postgres;

import dev.plumbline.provider.spec.SpecReader;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A {@code Schema} in one database. {@code spec.name} is the schema name and defaults to
 * {@code metadata.name} (set it to manage schemas of one name in several databases from one stack);
 * {@code spec.database} is required; {@code owner} defaults to the user the provider connects as.
 * Prune drops a schema only when it is empty ({@code RESTRICT}): the provider never drops data by
 * cascading.
 */
record SchemaSpec(String name, String database, String owner) implements ObjectSpec {

    SchemaSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(owner, "owner");
    }

    static SchemaSpec read(SpecReader spec, String defaultOwner) {
        spec.knownKeys(PostgresKind.SCHEMA.specKeys());
        String name = objectName(spec);
        if (name.startsWith("pg_") || name.equals("information_schema")) {
            spec.problem(SpecReader.at("name"), spec.who() + ": the schema name '" + name + "' is reserved by"
                    + " PostgreSQL; choose another name");
        }
        String database = SpecNames.requiredName(spec, "database", "the database the schema lives in").orElse("");
        return new SchemaSpec(name, database, SpecNames.name(spec, "owner").orElse(defaultOwner));
    }

    /** {@code spec.name}, or {@code metadata.name} when it is not set. */
    static String objectName(SpecReader spec) {
        return spec.has("name") ? SpecNames.name(spec, "name").orElse("") : spec.resource().name();
    }

    @Override
    public ObjectId id() {
        return new ObjectId(PostgresKind.SCHEMA, database, name);
    }

    @Override
    public Map<String, Object> specMap() {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("name", name);
        spec.put("database", database);
        spec.put("owner", owner);
        return spec;
    }
}
