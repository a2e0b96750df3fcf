package dev.plumbline.provider.postgres;

import java.sql.SQLException;
import java.util.Optional;

/**
 * Reads and writes the comment of a role, database, schema or extension: where the provider keeps its
 * provenance line ({@link ProvenanceComment}). Roles and databases are described in the shared catalog
 * ({@code shobj_description}), schemas and extensions in their database's ({@code obj_description}), so a
 * session on the right database is needed for the latter.
 */
final class Comments {

    private Comments() {
    }

    /**
     * The comment of the object: empty when the object does not exist, {@code ""} when it has no comment.
     */
    static Optional<String> read(Session session, ObjectId id) throws SQLException {
        String sql = switch (id.kind()) {
            case ROLE -> "SELECT shobj_description(oid, 'pg_authid') FROM pg_roles WHERE rolname = ?";
            case DATABASE -> "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = ?";
            case SCHEMA -> "SELECT obj_description(oid, 'pg_namespace') FROM pg_namespace WHERE nspname = ?";
            case EXTENSION -> "SELECT obj_description(oid, 'pg_extension') FROM pg_extension WHERE extname = ?";
            case GRANT -> throw new IllegalArgumentException("a grant has no comment");
        };
        return session.queryOne(sql, rs -> rs.getString(1) == null ? "" : rs.getString(1), id.object());
    }

    /** Sets the comment of the object, or removes it when {@code text} is empty. */
    static void write(Session session, ObjectId id, Optional<String> text) throws SQLException {
        session.execute(sql(id, text).text());
    }

    /** The statement that sets the comment of the object, or removes it when {@code text} is empty. */
    static Sql sql(ObjectId id, Optional<String> text) {
        return Sql.of("COMMENT ON " + id.kind().kind().toUpperCase(java.util.Locale.ROOT) + " "
                + Quoting.identifier(id.object()) + " IS " + text.map(Quoting::literal).orElse("NULL"));
    }
}
