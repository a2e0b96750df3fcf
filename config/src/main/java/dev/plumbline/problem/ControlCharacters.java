package dev.plumbline.problem;

import java.util.Optional;

/**
 * Names, paths and keys must not hold control characters (C0, DEL, C1) or half of a UTF-16 pair: a target
 * would store them as something else, or a log line or terminal would show them as something else. This
 * finds the first one and shows text with them escaped.
 */
public final class ControlCharacters {

    private ControlCharacters() {
    }

    private static boolean refused(int codePoint) {
        return codePoint < 0x20 || (codePoint >= 0x7f && codePoint <= 0x9f)
                || (codePoint >= Character.MIN_SURROGATE && codePoint <= Character.MAX_SURROGATE);
    }

    private static String escaped(int codePoint) {
        return String.format("\\u%04X", codePoint);
    }

    /** The first control character or lone surrogate in {@code text}, shown as {@code \\uXXXX}; empty if none. */
    public static Optional<String> first(String text) {
        if (plain(text)) {
            return Optional.empty(); // the usual answer, without a stream per name (many per resource)
        }
        return text.codePoints().filter(ControlCharacters::refused).findFirst().stream()
                .mapToObj(ControlCharacters::escaped).findFirst();
    }

    /** Whether no char of {@code text} is refused (a surrogate, paired or not, is left to the full check). */
    private static boolean plain(String text) {
        for (int index = 0; index < text.length(); index++) {
            char c = text.charAt(index);
            if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    /** {@code text} with every control character and lone surrogate shown as {@code \\uXXXX}, for messages. */
    public static String shown(String text) {
        StringBuilder shown = new StringBuilder(text.length());
        text.codePoints().forEach(codePoint -> {
            if (refused(codePoint)) {
                shown.append(escaped(codePoint));
            } else {
                shown.appendCodePoint(codePoint);
            }
        });
        return shown.toString();
    }
}
