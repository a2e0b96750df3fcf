package dev.plumbline.provider.postgres;

import java.sql.SQLException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the schemas and extensions of one database in bulk: one query over {@code pg_namespace}, one over
 * {@code pg_extension}, each with the objects' comments.
 */
final class SchemaCatalog {

    private SchemaCatalog() {
    }

    static Map<String, Observed<SchemaSpec>> schemas(Session session, Collection<String> names) throws SQLException {
        Map<String, Observed<SchemaSpec>> found = new LinkedHashMap<>();
        if (names.isEmpty()) {
            return found;
        }
        for (Observed<SchemaSpec> schema : session.query("SELECT nspname, pg_get_userbyid(nspowner),"
                + " obj_description(oid, 'pg_namespace') FROM pg_namespace WHERE nspname = ANY(?::name[])",
                rs -> new Observed<>(new SchemaSpec(rs.getString(1), session.database(), rs.getString(2)),
                        rs.getString(3)), names)) {
            found.put(schema.spec().name(), schema);
        }
        return found;
    }

    static Map<String, Observed<ExtensionSpec>> extensions(Session session, Collection<String> names)
            throws SQLException {
        Map<String, Observed<ExtensionSpec>> found = new LinkedHashMap<>();
        if (names.isEmpty()) {
            return found;
        }
        for (Observed<ExtensionSpec> extension : session.query("SELECT e.extname, n.nspname, e.extversion,"
                + " obj_description(e.oid, 'pg_extension') FROM pg_extension e"
                + " JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = ANY(?::name[])",
                rs -> new Observed<>(new ExtensionSpec(rs.getString(1), session.database(), rs.getString(2),
                        Optional.of(rs.getString(3))), rs.getString(4)), names)) {
            found.put(extension.spec().name(), extension);
        }
        return found;
    }
}
