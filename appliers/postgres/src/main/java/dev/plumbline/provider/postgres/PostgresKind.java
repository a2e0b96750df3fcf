package dev.plumbline.provider.postgres;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The kinds of {@code postgres.plumbline.dev/v1}, in apply order: roles first (everything else names
 * them), then databases, the schemas in them, extensions (which live in schemas), and grants last (they
 * name all of the others). Deletes run in the reverse order. {@code perDatabase} kinds live inside one
 * database and are reached through a connection to it; the others are shared by the whole server.
 */
enum PostgresKind {
    ROLE("Role", false, List.of("login", "superuser", "createdb", "createrole", "inherit", "replication",
            "bypassRls", "connectionLimit", "validUntil", "memberOf", "password")),
    DATABASE("Database", false, List.of("owner", "encoding", "connectionLimit", "allowConnections",
            "dropWithConnections")),
    SCHEMA("Schema", true, List.of("name", "database", "owner")),
    EXTENSION("Extension", true, List.of("name", "database", "schema", "version")),
    GRANT("Grant", true, List.of("role", "privileges", "on", "defaultPrivileges", "forRole"));

    private final String kind;
    private final boolean perDatabase;
    private final List<String> specKeys;

    PostgresKind(String kind, boolean perDatabase, List<String> specKeys) {
        this.kind = kind;
        this.perDatabase = perDatabase;
        this.specKeys = specKeys;
    }

    /** The kind as manifests spell it. */
    String kind() {
        return kind;
    }

    boolean perDatabase() {
        return perDatabase;
    }

    /** The keys a {@code spec} of this kind may have. */
    List<String> specKeys() {
        return specKeys;
    }

    /** The position in apply order. */
    int rank() {
        return ordinal();
    }

    static Optional<PostgresKind> of(String kind) {
        return Arrays.stream(values()).filter(k -> k.kind.equals(kind)).findFirst();
    }

    /** {@code Role, Database, Schema, Extension, Grant}, for messages. */
    static String known() {
        return String.join(", ", Arrays.stream(values()).map(PostgresKind::kind).toList());
    }
}
