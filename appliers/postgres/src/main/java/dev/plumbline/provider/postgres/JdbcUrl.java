package dev.plumbline.provider.postgres;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;

/**
 * A PostgreSQL JDBC URL taken apart, {@code jdbc:postgresql://<hosts>/<database>?<parameters>}, so that the
 * provider can reach the other databases of the same server with the same hosts and parameters. A URL that
 * carries a {@code password} parameter is refused: the password comes from {@code passwordEnv} or
 * {@code passwordFile}, never from a config value that gets printed.
 */
record JdbcUrl(String hosts, String database, String parameters) {

    private static final String PREFIX = "jdbc:postgresql://";

    JdbcUrl {
        Objects.requireNonNull(hosts, "hosts");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(parameters, "parameters");
    }

    /**
     * Reads {@code url}.
     *
     * @throws IllegalArgumentException with a sentence saying what is wrong
     */
    static JdbcUrl parse(String url) {
        if (!url.startsWith(PREFIX)) {
            throw new IllegalArgumentException("url must look like jdbc:postgresql://host:5432/database");
        }
        String rest = url.substring(PREFIX.length());
        int question = rest.indexOf('?');
        String parameters = question < 0 ? "" : rest.substring(question + 1);
        String address = question < 0 ? rest : rest.substring(0, question);
        int slash = address.indexOf('/');
        String hosts = slash < 0 ? address : address.substring(0, slash);
        String database = slash < 0 ? "" : URLDecoder.decode(address.substring(slash + 1), StandardCharsets.UTF_8);
        if (hosts.isEmpty()) {
            throw new IllegalArgumentException("url names no host; write it like jdbc:postgresql://host:5432/postgres");
        }
        if (database.isEmpty()) {
            throw new IllegalArgumentException("url names no database; add the one to connect to, like "
                    + PREFIX + hosts + "/postgres");
        }
        for (String parameter : parameters.split("&")) {
            String name = parameter.split("=", 2)[0].toLowerCase(Locale.ROOT);
            if (name.equals("password") || name.equals("user")) {
                throw new IllegalArgumentException("url must not carry the " + name + "; set it with "
                        + (name.equals("user") ? "user" : "passwordEnv or passwordFile") + " instead");
            }
        }
        return new JdbcUrl(hosts, database, parameters);
    }

    /** The same server and parameters, another database. */
    JdbcUrl withDatabase(String other) {
        return new JdbcUrl(hosts, other, parameters);
    }

    String text() {
        return PREFIX + hosts + "/" + URLEncoder.encode(database, StandardCharsets.UTF_8).replace("+", "%20")
                + (parameters.isEmpty() ? "" : "?" + parameters);
    }

    /** How messages name it: {@code 127.0.0.1:5432/postgres}, without parameters. */
    String describe() {
        return hosts + "/" + database;
    }
}
