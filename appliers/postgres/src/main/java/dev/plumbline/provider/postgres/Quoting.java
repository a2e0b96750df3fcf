package dev.plumbline.provider.postgres;

import java.nio.charset.StandardCharsets;
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

    /** How much of a long name or text a message shows. */
    private static final int SHOWN_CHARS = 80;

    private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_-]*");

    private Quoting() {
    }

    /**
     * Why {@code name} is not a plain name, or empty when it is one. A name holding a NUL or longer than
     * {@value #MAX_NAME_BYTES} bytes (in UTF-8, as the server counts) is refused as such, before its
     * characters are looked at, since that is what the person has to fix first.
     */
    static Optional<String> checkName(String name) {
        if (name.isEmpty()) {
            return Optional.of("the name is empty");
        }
        if (name.indexOf('\0') >= 0) {
            return Optional.of("'" + shown(name) + "' holds a NUL character (shown as \\0), which PostgreSQL"
                    + " cannot store; remove it");
        }
        int bytes = name.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_NAME_BYTES) {
            return Optional.of("'" + shown(name) + "' is " + bytes + " bytes long in UTF-8; PostgreSQL keeps "
                    + MAX_NAME_BYTES + " bytes of a name and silently cuts the rest, so that two names could"
                    + " become one; shorten it to " + MAX_NAME_BYTES + " bytes or fewer");
        }
        if (!NAME.matcher(name).matches()) {
            return Optional.of("'" + name + "' is not a plain name; use lowercase letters, digits, '_' and '-',"
                    + " starting with a letter or '_'");
        }
        return Optional.empty();
    }

    /** Why {@code text} cannot be stored as PostgreSQL text (a NUL character), or empty when it can. */
    static Optional<String> checkText(String text) {
        return text.indexOf('\0') >= 0
                ? Optional.of("'" + shown(text) + "' holds a NUL character (shown as \\0), which PostgreSQL"
                        + " cannot store in text; remove it")
                : Optional.empty();
    }

    /** {@code text} as a message shows it: a NUL as {@code \0}, and only the start of a very long text. */
    static String shown(String text) {
        String visible = text.replace("\0", "\\0");
        return visible.codePointCount(0, visible.length()) <= SHOWN_CHARS ? visible
                : visible.substring(0, visible.offsetByCodePoints(0, SHOWN_CHARS)) + "...";
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
