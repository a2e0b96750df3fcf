package dev.plumbline.provider.postgres;

import java.sql.SQLException;
import java.util.Map;

/**
 * Everything the postgres provider keeps beside the objects themselves, read straight from the server as
 * text: every comment on shared objects (roles, databases), every comment in every database that accepts
 * connections, and the ledger table's rows. Tests check that no secret ever shows up in it.
 */
final class Bookkeeping {

    private Bookkeeping() {
    }

    static String of(PostgresServer server) throws SQLException {
        StringBuilder text = new StringBuilder();
        for (Map<String, Object> row : server.query("postgres", "SELECT description FROM pg_shdescription")) {
            text.append(row.get("description")).append('\n');
        }
        for (Map<String, Object> database : server.query("postgres",
                "SELECT datname FROM pg_database WHERE datallowconn")) {
            String name = (String) database.get("datname");
            for (Map<String, Object> row : server.query(name, "SELECT description FROM pg_description")) {
                text.append(row.get("description")).append('\n');
            }
            if (server.value(name, "SELECT to_regclass('" + Ledger.TABLE + "') IS NOT NULL").orElse(false)
                    .equals(Boolean.TRUE)) {
                for (Map<String, Object> row : server.query(name, "SELECT * FROM " + Ledger.TABLE)) {
                    text.append(row).append('\n');
                }
            }
        }
        return text.toString();
    }
}
