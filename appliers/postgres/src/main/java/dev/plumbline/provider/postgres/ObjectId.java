package dev.plumbline.provider.postgres;

import java.util.Objects;

/**
 * Which object on the server a resource stands for: its kind, the database it lives in (empty for roles and
 * databases, which the whole server shares) and its name within that. A grant's name is its statement
 * shape, like {@code ON ALL TABLES IN SCHEMA app TO reader} (see {@link GrantSpec#object()}). This is the
 * identity the ledger records, whatever {@code metadata.name} the manifest gave the resource.
 */
record ObjectId(PostgresKind kind, String database, String object) {

    ObjectId {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(object, "object");
    }

    static ObjectId role(String name) {
        return new ObjectId(PostgresKind.ROLE, "", name);
    }

    static ObjectId database(String name) {
        return new ObjectId(PostgresKind.DATABASE, "", name);
    }

    /** How a sentence names it: {@code role "app"}, {@code schema "app" in database "appdb"}. */
    String display() {
        String where = database.isEmpty() ? "" : " in database \"" + database + "\"";
        return switch (kind) {
            case GRANT -> "grant " + object + where;
            default -> kind.kind().toLowerCase(java.util.Locale.ROOT) + " \"" + object + "\"" + where;
        };
    }

    /** One text for look-ups: {@code Schema/appdb/app}. Names never hold a slash. */
    String text() {
        return kind.kind() + "/" + database + "/" + object;
    }
}
