package dev.plumbline.agent.telemetry;

/**
 * Text from outside (a request's path, a stack name, a manifest, an exception's message) made safe to write
 * on one log line: control characters are escaped, so that a value with a line break cannot start a line of
 * its own that looks like the agent's. Used by the log layouts ({@link EscapedMessageConverter},
 * {@link EscapedThrowableConverter}, {@link JsonLinesEncoder}) for every logger, and by the admin API for what
 * it keeps of a refused request.
 */
public final class LogText {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private LogText() {
    }

    /**
     * {@code text} with {@code \n}, {@code \r} and {@code \t} written as those two characters, and every other
     * C0 or C1 control character, DEL, the Unicode line and paragraph separators and the bidirectional
     * overrides (which reorder what a terminal shows) as {@code \}{@code uXXXX}. Backslashes are left as they
     * are. Null stays null; text with nothing to escape is returned as it is.
     */
    public static String escape(String text) {
        if (text == null) {
            return null;
        }
        int first = 0;
        while (first < text.length() && !escaped(text.charAt(first))) {
            first++;
        }
        if (first == text.length()) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 16).append(text, 0, first);
        for (int i = first; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (escaped(c)) {
                        out.append("\\u").append(HEX[c >> 12 & 0xF]).append(HEX[c >> 8 & 0xF])
                                .append(HEX[c >> 4 & 0xF]).append(HEX[c & 0xF]);
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }

    /**
     * At most {@code max} characters of {@code text}, never splitting a surrogate pair; when cut, followed by
     * {@code …(N more)}. Null stays null.
     */
    public static String clip(String text, int max) {
        if (text == null || text.length() <= max) {
            return text;
        }
        int end = Character.isHighSurrogate(text.charAt(max - 1)) ? max - 1 : max;
        return text.substring(0, end) + "…(" + (text.length() - end) + " more)";
    }

    private static boolean escaped(char c) {
        return c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == 0x2028 || c == 0x2029
                || (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
    }
}
