package dev.plumbline.provider.etcd;

import java.util.Objects;

/**
 * A key's place under the provider prefix, as a user writes it in {@code spec.key}, {@code spec.prefix} or
 * an entry of {@code spec.entries}: relative (no leading {@code /}), made of non-empty segments, none of
 * them {@code .} or {@code ..}, and never inside the reserved area {@value #RESERVED}{@code /} where the
 * provider keeps provenance. A {@linkplain #parseKey key} names one etcd key and does not end with
 * {@code /}; a {@linkplain #parsePrefix prefix} (of a KeySet) does. The parsers' messages are sentences for
 * the person who wrote the manifest; nothing is rewritten, since {@code a//b} and {@code a/b} are
 * different etcd keys.
 */
record KeyPath(String text) implements Comparable<KeyPath> {

    /** The first segment that is the provider's own: {@code <prefix>.plumbline/...}. */
    static final String RESERVED = ".plumbline";

    /** How much of a long key a message shows. */
    private static final int SHOWN_CHARS = 80;

    KeyPath {
        Objects.requireNonNull(text, "text");
    }

    /** Reads a key (of a Key, or a KeySet's prefix and entry joined). */
    static KeyPath parseKey(String text) {
        check(text, "key");
        if (text.endsWith("/")) {
            throw new IllegalArgumentException("the key '" + shown(text) + "' ends with '/'; a key names one value,"
                    + " so drop the slash (a KeySet names a prefix)");
        }
        return new KeyPath(text);
    }

    /** Reads a KeySet's prefix, which ends with {@code /}. */
    static KeyPath parsePrefix(String text) {
        check(text, "prefix");
        if (!text.endsWith("/")) {
            throw new IllegalArgumentException("the prefix '" + shown(text) + "' must end with '/', like "
                    + shown(text + "/"));
        }
        return new KeyPath(text);
    }

    /** Reads the relative key of a KeySet entry, below the KeySet's prefix. */
    static String parseEntry(String text) {
        if (text.isEmpty()) {
            throw new IllegalArgumentException("an entry's key is empty; name a key below the prefix");
        }
        if (text.startsWith("/")) {
            throw new IllegalArgumentException("the entry '" + shown(text) + "' starts with '/'; write it relative"
                    + " to the KeySet's prefix, like " + shown(text.replaceFirst("^/+", "")));
        }
        if (text.endsWith("/")) {
            throw new IllegalArgumentException("the entry '" + shown(text) + "' ends with '/'; an entry names one"
                    + " value");
        }
        segments(text, "entry", text);
        return text;
    }

    /** {@code text} as a message shows it: a NUL as {@code \0}, and only the start of a long key. */
    static String shown(String text) {
        String visible = text.replace("\0", "\\0");
        return visible.codePointCount(0, visible.length()) <= SHOWN_CHARS ? visible
                : visible.substring(0, visible.offsetByCodePoints(0, SHOWN_CHARS)) + "...";
    }

    /** This prefix with {@code entry} below it. */
    KeyPath child(String entry) {
        return new KeyPath(text + entry);
    }

    /** Whether this key lies under {@code prefix} (a prefix ending with '/'). */
    boolean isUnder(KeyPath prefix) {
        return text.startsWith(prefix.text) && text.length() > prefix.text.length();
    }

    /** The part of this key below {@code prefix}. */
    String below(KeyPath prefix) {
        if (!isUnder(prefix)) {
            throw new IllegalArgumentException(text + " is not under " + prefix.text);
        }
        return text.substring(prefix.text.length());
    }

    private static void check(String text, String what) {
        if (text.isBlank()) {
            throw new IllegalArgumentException("the " + what + " is empty; name it relative to the provider's prefix,"
                    + " like app/url");
        }
        if (text.startsWith("/")) {
            throw new IllegalArgumentException("the " + what + " '" + shown(text) + "' starts with '/'; write it"
                    + " relative to the provider's prefix, like " + shown(text.replaceFirst("^/+", "")));
        }
        String body = text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
        segments(text, what, body);
        if (body.equals(RESERVED) || body.startsWith(RESERVED + "/")) {
            throw new IllegalArgumentException("the " + what + " '" + shown(text) + "' is under " + RESERVED
                    + "/, which Plumbline keeps for provenance; choose another name");
        }
    }

    private static void segments(String text, String what, String body) {
        if (text.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("the " + what + " '" + shown(text) + "' holds a NUL character (shown"
                    + " as \\0); remove it");
        }
        java.util.Optional<String> control = dev.plumbline.problem.ControlCharacters.first(text);
        if (control.isPresent()) {
            throw new IllegalArgumentException("the " + what + " '" + dev.plumbline.problem.ControlCharacters.shown(text)
                    + "' holds the control character " + control.get() + "; a key is printable text");
        }
        for (String segment : body.split("/", -1)) {
            if (segment.isEmpty()) {
                throw new IllegalArgumentException("the " + what + " '" + shown(text) + "' has an empty segment"
                        + " ('//'); etcd would keep it as written, so write each segment once");
            }
            if (segment.equals(".") || segment.equals("..")) {
                throw new IllegalArgumentException("the " + what + " '" + shown(text) + "' contains '" + segment
                        + "'; keys are not paths, so write the key as it should be stored");
            }
        }
    }

    @Override
    public int compareTo(KeyPath other) {
        return text.compareTo(other.text);
    }

    @Override
    public String toString() {
        return text;
    }
}
