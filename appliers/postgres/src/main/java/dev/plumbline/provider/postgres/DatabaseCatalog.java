package dev.plumbline.provider.postgres;

import java.sql.SQLException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Reads databases in bulk, one query over {@code pg_database}: owner, encoding, connection limit, whether
 * connections are allowed, and the comment, whose provenance line also says whether prune may end the
 * database's sessions ({@code dropWithConnections}).
 */
final class DatabaseCatalog {

    private DatabaseCatalog() {
    }

    static Map<String, Observed<DatabaseSpec>> read(Session admin, Collection<String> names) throws SQLException {
        Map<String, Observed<DatabaseSpec>> found = new LinkedHashMap<>();
        if (names.isEmpty()) {
            return found;
        }
        for (Observed<DatabaseSpec> database : admin.query("SELECT datname, pg_get_userbyid(datdba) AS owner,"
                + " pg_encoding_to_char(encoding) AS encoding, datconnlimit, datallowconn,"
                + " shobj_description(oid, 'pg_database') AS comment FROM pg_database"
                + " WHERE datname = ANY(?::name[])", rs -> {
                    String comment = rs.getString("comment");
                    boolean dropWithConnections = ProvenanceComment.parse(comment)
                            .map(Stamp::dropWithConnections).orElse(false);
                    return new Observed<>(new DatabaseSpec(rs.getString("datname"), rs.getString("owner"),
                            Optional.of(rs.getString("encoding")), rs.getLong("datconnlimit"),
                            rs.getBoolean("datallowconn"), dropWithConnections), comment);
                }, names)) {
            found.put(database.spec().name(), database);
        }
        return found;
    }
}
