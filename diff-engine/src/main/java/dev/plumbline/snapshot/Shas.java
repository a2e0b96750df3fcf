package dev.plumbline.snapshot;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The shapes of Git object ids as Plumbline writes them: a full SHA-1 is 40 lower-case hex digits; 4 to 39
 * hex digits look like an abbreviated one, which Plumbline does not resolve (it is ambiguous over time).
 */
public final class Shas {

    private static final Pattern ABBREVIATED = Pattern.compile("[0-9a-fA-F]{4,39}");

    private Shas() {
    }

    /** As {@code [0-9a-f]{40}} matches, without a matcher: every blob id of a tree listing is checked. */
    public static boolean isFull(String text) {
        if (text == null || text.length() != 40) {
            return false;
        }
        for (int index = 0; index < 40; index++) {
            char c = text.charAt(index);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return false;
            }
        }
        return true;
    }

    public static boolean looksAbbreviated(String text) {
        return text != null && ABBREVIATED.matcher(text).matches();
    }

    public static String requireFull(String sha, String what) {
        Objects.requireNonNull(sha, what);
        if (!isFull(sha)) {
            throw new IllegalArgumentException(what + " must be 40 lower-case hex digits, not '" + sha + "'");
        }
        return sha;
    }
}
