package dev.plumbline.provider.postgres;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How names and text go into SQL. Names the provider accepts are plain (lowercase letters, digits,
 * {@code _} and {@code -}, starting with a letter or {@code _}, at most 63 bytes), so that nobody needs
 * quoting tricks to type them in psql; in generated SQL they are still always double-quoted, so that a
 * keyword ({@code user}) or a hyphen is never read as SQL. Text (comments, version strings, a password
 * that has to be sent as is) becomes a string literal that is correct whatever
 * {@code standard_conforming_strings} says.
 */
final class Quoting {

    /** PostgreSQL truncates identifiers beyond 63 bytes (NAMEDATALEN - 1). */
    static final int MAX_NAME_BYTES = 63;

    private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_-]*");

    private Quoting() {
    }

    /** Why {@code name} is not a plain name, or empty when it is one. */
    static Optional<String> checkName(String name) {
        if (name.isEmpty()) {
            return Optional.of("the name is empty");
        }
        if (name.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
            return Optional.of("'" + name + "' is longer than " + MAX_NAME_BYTES
                    + " bytes, which PostgreSQL would cut short");
        }
        if (!NAME.matcher(name).matches()) {
            return Optional.of("'" + name + "' is not a plain name; use lowercase letters, digits, '_' and '-',"
                    + " starting with a letter or '_'");
        }
        return Optional.empty();
    }

    /** {@code name} as a quoted identifier: {@code "app"}, {@code "my-app"}, {@code "a""b"}. */
    static String identifier(String name) {
        if (name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("a name cannot hold a NUL character");
        }
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    /**
     * {@code text} as a string literal: {@code 'it''s'}; text holding a backslash is written as an escape
     * string ({@code E'a\\b'}) so that it means the same with and without standard_conforming_strings.
     */
    static String literal(String text) {
        if (text.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("a string literal cannot hold a NUL character");
        }
        String quoted = text.replace("'", "''");
        if (text.indexOf('\\') >= 0) {
            return "E'" + quoted.replace("\\", "\\\\") + "'";
        }
        return "'" + quoted + "'";
    }
}
